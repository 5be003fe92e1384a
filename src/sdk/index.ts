/**
 * The Points Mall SDK: typed operations on a deployed points token and mall, for ethers v6 in Node
 * and the browser. It knows nothing of Hardhat; give it a Signer (to send) or a Provider (to read).
 */
export { connectPoints, checkConnection, send, requireSigner, type PointsAddresses, type PointsClient } from "./client.js";
export { addressesFromIgnition, deploymentBlockFromJournal } from "./deployment.js";
export {
  ContractRevertError,
  InvalidInputError,
  NetworkError,
  NoGasMoneyError,
  PointsError,
  RelayRefusal,
  UserRejectedError,
  decodeRevert,
  roleName,
  toPointsError,
} from "./errors.js";
export { jsonWithBigints } from "./json.js";
export { history, readableRef, type Movement, type MovementKind } from "./history.js";
export { dailyActivity, type DailyActivity } from "./activity.js";
export { MAX_CART_LINES, redeemCart, type CartLineInput } from "./cart.js";
export { pointAssets, type PointsAsset, type PointsClass } from "./assets.js";
export { ExpiryModel, expiringSoon, expiryPolicy, pointsByExpiry, type ExpiringLot, type ExpiryPolicy } from "./expiry.js";
export { DEFAULT_LOG_CHUNK, queryInChunks } from "./logs.js";
export * from "./mall.js";
export { MERCHANT_ROLES, merchantRoleId, type MerchantRole } from "./roles.js";
export { reconcile, type IssuerBooks, type Reconciliation, type SkuBooks } from "./reconcile.js";
export * from "./rules.js";
export { connectStatus, memberStatus, tiersOf, type MemberStatus } from "./statusPoints.js";
export * from "./settle.js";
export { ORDER_STATUSES, orderStatusName } from "./status.js";
export * from "./token.js";
export { MAX_POINTS, parseAddress, parseAmount, parseId, parseRef } from "./validate.js";
export * from "./vouchers.js";
export {
  FORWARD_REQUEST_TYPES,
  RELAYED_FUNCTIONS,
  RELAYED_SELECTORS,
  REQUEST_LIFETIME_SECONDS,
  RelayError,
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
