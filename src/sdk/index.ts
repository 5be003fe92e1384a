/**
 * The Points Mall SDK: typed operations on a deployed points token and mall, for ethers v6 in Node
 * and the browser. It knows nothing of Hardhat; give it a Signer (to send) or a Provider (to read).
 * Reading deployment files from disk is in `points-mall/sdk/node` (node.ts).
 */
export { connectPoints, checkConnection, latestBlock, send, requireSigner, type PointsAddresses, type PointsClient } from "./client.js";
export { addressesFromIgnition, deploymentBlockFromJournal, parseDeployment, type Deployment } from "./deployment.js";
export {
  ContractRevertError,
  DeliveryError,
  InvalidInputError,
  MetadataError,
  NetworkError,
  NoGasMoneyError,
  PointsError,
  RelayError,
  RelayRefusal,
  UserRejectedError,
  WrongNetworkError,
} from "./errors.js";
export { SENTENCES, decodeRevert, firstLine, toPointsError, type Sentences } from "./reverts.js";
export type { ContractErrorName, ErrorArgs } from "./abi.js";
export { BITS } from "./bounds.js";
export { eip712DomainOf, type Eip712Contract } from "./eip712.js";
export * from "./delivery.js";
export { shortAddress } from "./format.js";
export { jsonWithBigints } from "./json.js";
export { history, readableRef, type Movement, type MovementKind } from "./history.js";
export { blockTimes, dailyActivity, type DailyActivity } from "./activity.js";
export { DEFAULT_LOG_CHUNK, eventsIn, forEachLogRange, queryInChunks, type LogRange } from "./logs.js";
export { AdaptiveSpan, isRangeRefusal, suggestedSpan, type SpanOptions } from "./ranges.js";
export {
  IndexerError,
  connectIndexer,
  type IndexedMovement,
  type IndexedOrder,
  type IndexerClient,
  type IndexerHealth,
  type Holder,
  type IssuerLiability,
  type Page,
  type PlatformMovement,
  type SearchHit,
  type Paging,
} from "./indexer.js";
export { fromIndexer, indexerOption, type IndexerOption } from "./indexed.js";
export { MAX_CART_LINES, redeemCart, type CartLineInput } from "./cart.js";
export { pointAssets, type PointsAsset, type PointsClass } from "./assets.js";
export { ExpiryModel, epochAt, expiresAt, expiringSoon, expiryPolicy, firstValidEpoch, pointsByExpiry, spendOldest, type ExpiringLot, type ExpiryPolicy, type ExpiryRules } from "./expiry.js";
export * from "./mall.js";
export * from "./merchants.js";
export { loadSkuMetadata, parseSkuMetadata, skuNames, type SkuMetadata } from "./metadata.js";
export {
  ALL_TOKEN_ROLES,
  GRANTABLE_TOKEN_ROLES,
  MERCHANT_ROLES,
  MERCHANT_ROLE_WORDS,
  RULES_ROLES,
  TOKEN_ROLES,
  isMerchantRole,
  isTokenRole,
  merchantRoleId,
  roleName,
  type MerchantRole,
  type RulesRole,
} from "./roles.js";
export { checkRecipient, systemContractAt } from "./recipients.js";
export { reconcile, type IssuerBooks, type Reconciliation, type SkuBooks } from "./reconcile.js";
export * from "./rules.js";
export { connectStatus, memberStatus, tiersOf, type MemberStatus } from "./statusPoints.js";
export * from "./settle.js";
export { ORDER_STATUSES, orderStatusName } from "./status.js";
export * from "./token.js";
export { formatTime, parseDuration, parseTime } from "./time.js";
export {
  MAX_POINTS,
  parseAddress,
  parseAmount,
  parseId,
  parsePointsOrZero,
  parseQuantity,
  parseRef,
  parseUrl,
  parseWhole,
  widthWords,
  type WholeKind,
} from "./validate.js";
export * from "./vouchers.js";
export { describeProblems, parseBulkCsv, type BulkRow, type ParsedBulk, type RowProblem } from "./bulkCsv.js";
export {
  BULK_LEAF_TAG,
  batchState,
  batchesIssued,
  checkBulk,
  planBatches,
  rowLeaf,
  sendBatches,
  type BatchOutcome,
  type BatchState,
  type BulkResult,
  type IssuedBatch,
  type PlannedBatch,
} from "./bulk.js";
export { bulkManifest, verifyBatches, verifyRowProof, type BatchVerdict, type BulkManifest, type RowStatus, type RowVerdict } from "./bulkVerify.js";
export { hashPair, merkleTree, standardLeaf, verifyProof, type MerkleTree } from "./merkle.js";
export {
  FORWARD_REQUEST_TYPES,
  RELAYED_FUNCTIONS,
  RELAYED_SELECTORS,
  REQUEST_LIFETIME_SECONDS,
  isRelayable,
  maxPricePerGas,
  relayInfo,
  relayTarget,
  sendRelayed,
  signForwardRequest,
  simulateForwarded,
  submitToRelay,
  type ForwardRequest,
  type RelayInfo,
  type RelayOptions,
  type RelayedTarget,
} from "./relay.js";
