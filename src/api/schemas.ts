/**
 * The JSON Schemas (OpenAPI 3.1, JSON Schema 2020-12) of the API's answers. Amounts are decimal
 * strings (they exceed JavaScript's numbers); block numbers and counts are numbers; times are ISO
 * 8601 in UTC.
 */

export type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: "string" };
const int: Schema = { type: "integer" };
const bool: Schema = { type: "boolean" };
const amount = ref("Amount");
const address = ref("Address");
const hash = ref("Hash");
const time = ref("Time");
const nullable = (s: Schema): Schema => ({ oneOf: [s, { type: "null" }] });
const array = (items: Schema): Schema => ({ type: "array", items });

/** An object whose properties are all required, except those in `optional`. */
function obj(properties: Record<string, Schema>, optional: string[] = [], description?: string): Schema {
  return {
    type: "object",
    ...(description === undefined ? {} : { description }),
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
}

/** A page of `item`s and the cursor of the next page. */
export function page(item: string): Schema {
  return obj({ items: array(ref(item)), next: { type: ["string", "null"], description: "Pass as `cursor` for the next page; null on the last." } });
}

const movementKind: Schema = { type: "string", enum: ["issued", "received", "sent", "redeemed", "refunded", "burned"] };
const orderStatus: Schema = { type: "string", enum: ["Placed", "Fulfilled", "Cancelled"] };

export const schemas: Record<string, Schema> = {
  Amount: { type: "string", pattern: "^-?[0-9]+$", description: "A whole number of points (or other uint256), in decimal." },
  Address: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$", description: "An EIP-55 checksummed address." },
  Hash: { type: "string", pattern: "^0x[0-9a-fA-F]{64}$" },
  Time: { type: "string", format: "date-time" },
  Error: obj({ error: str, hint: { type: ["string", "null"] }, field: { type: ["string", "null"] } }, ["hint", "field"]),
  Health: obj({
    status: { type: "string", enum: ["ok", "behind", "starting", "unavailable"] },
    database: obj({ kind: { type: "string", enum: ["pglite", "postgres"] }, description: str, answers: bool }),
    chainId: nullable(int), token: nullable(address), mall: nullable(address), fromBlock: nullable(int), indexedBlock: nullable(int), chainHead: nullable(int),
    lagBlocks: nullable(int), headSeenSecondsAgo: nullable(int), confirmations: nullable(int), confirmedBlock: nullable(int),
    lastCheck: obj({ block: nullable(int), ok: nullable(bool) }), rebuilds: int,
    indexer: nullable(obj({ phase: str, lastError: nullable(str), ranges: int, reorgs: int })),
  }),
  Deployment: obj({ chainId: int, token: address, mall: address, forwarder: nullable(address), fromBlock: int, contracts: array(obj({ address, kind: str, foundBlock: nullable(int) })) }),
  Movement: obj(
    { block: int, logIndex: int, txHash: hash, time, kind: movementKind, points: amount, balance: amount, counterparty: address, ref: str, orderId: amount, batch: bool, relayed: bool, confirmed: bool },
    ["orderId", "batch"],
    "One change of an account's points, with its balance after it. `points` is signed.",
  ),
  Account: obj({
    address, balance: amount, movements: int, redeemed: amount, firstBlock: nullable(int), lastBlock: nullable(int), issuedBy: array(address), orders: int,
    issuer: nullable(obj({ issued: amount, quotaLeft: amount, isIssuer: bool })), roles: array(obj({ contract: address, role: hash })), isZero: bool,
  }),
  Order: obj({
    id: amount, buyer: address, merchantId: int, skuId: int, qty: int, pointsPaid: amount, status: orderStatus, lineCount: int,
    lines: array(obj({ skuId: int, qty: int, pointsPaid: amount })), placedBlock: int, placedAt: time, placedTx: hash,
    relayed: bool, updatedBlock: int, updatedAt: time, deliveryRef: nullable(str), fulfiller: nullable(address), reason: nullable(str), canceller: nullable(address),
    refunded: amount, confirmed: bool,
  }),
  OrderDetail: {
    allOf: [ref("Order"), obj({ history: array(obj({ status: orderStatus, block: int, logIndex: int, time, txHash: hash, actor: address, ref: nullable(str), points: amount, confirmed: bool })) })],
  },
  Books: obj({
    block: int, checkedBlock: nullable(int), totalSupply: amount, sumOfBalances: amount, holders: int, issued: amount, burned: amount, refunded: amount,
    finalized: amount, refundReserve: amount, pointsInOpenOrders: amount, supplyCap: amount,
    openOrders: int, openOrderPoints: amount, orders: int, transfers: int, events: int, paused: bool, differences: array(str),
    verified: nullable(obj({ sumOfBalances: amount, holders: int })),
    expired: amount,
    expiry: nullable(obj({
      epochSeconds: int, validityEpochs: int, origin: time, asOf: time, currentEpoch: int,
      epochs: array(obj({ epoch: int, issued: amount, refunded: amount, burned: amount, points: amount, expired: amount, expiresAt: time })),
    }, [], "Expiring points (ERC-7818): the policy and each epoch's books as of `asOf`; supply = issued - burned + refunded - expired.")),
  }),
  Expiring: obj({
    account: address, expires: bool, asOf: nullable(time),
    lots: array(ref("ExpiringLot")), withinSeconds: nullable(int), expiringPoints: amount, expiring: array(ref("ExpiringLot")),
  }, [], "An account's unexpired points by epoch, soonest to expire first, and those expiring within `withinSeconds` of `asOf`."),
  ExpiringLot: obj({ epoch: int, points: amount, expiresAt: time, expiresAtSeconds: int }),
  IssuerBooks: obj({ issuer: address, quotaLeft: amount, issued: amount, redeemedByItsCustomers: amount }),
  SkuBooks: obj({ skuId: int, unlimited: bool, supplied: amount, stock: amount, sold: amount, soldByOrders: amount }),
  Issuer: obj({
    issuer: address, merchantId: int, isIssuer: bool, issued: amount, issuances: int, quotaLeft: amount, outstanding: amount, redeemedByItsCustomers: amount,
    firstBlock: int, lastBlock: int,
  }, [], "`outstanding`: the points still out, shared among issuers pro rata to what each issued."),
  Holder: obj({ address, balance: amount, movements: int, firstBlock: int, lastBlock: int }),
  Settlement: obj({
    fromBlock: int, toBlock: int,
    merchants: array(obj({ merchantId: int, name: str, issued: amount, redeemed: amount, liability: amount, net: amount })),
    obligations: array(obj({ from: int, to: int, points: amount })),
  }),
  Day: obj({
    day: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" }, issued: amount, redeemed: amount, burned: amount, refunded: amount, transfers: int, transferred: amount,
    ordersPlaced: int, ordersFulfilled: int, ordersCancelled: int, events: int,
  }),
  SearchHit: obj({ type: { type: "string", enum: ["account", "issuer", "contract", "merchant", "transaction", "order", "issuance", "delivery"] } }, [], "Other fields depend on `type`."),
  SearchResult: obj({ query: str, items: array(ref("SearchHit")), next: { type: ["string", "null"] } }),
  RoleHolder: obj({ contract: address, contractKind: nullable(str), role: hash, roleName: nullable(str), merchantId: nullable(int), account: address, since: int, grantedBy: address }),
  Merchant: obj({ id: int, name: str, admin: address, since: int, issued: amount, redeemed: amount, orders: int, issuers: array(address) }, ["issuers"]),
  Category: obj({ id: int, merchantId: int, name: str, retired: bool }),
  Sku: obj({
    id: int, merchantId: int, categoryId: int, price: amount, stock: amount, sold: amount, supplied: amount, unlimited: bool, perWalletLimit: amount,
    saleStart: amount, saleEnd: amount, active: bool, metadataURI: str, name: nullable(str), orders: int, pointsRedeemed: amount,
  }),
  PlatformMovement: obj({ block: int, logIndex: int, txHash: hash, time, kind: movementKind, account: address, points: amount, counterparty: address, ref: str, relayed: bool, confirmed: bool }),
  Transaction: obj({ txHash: hash, block: int, time, confirmed: bool, events: array(obj({ logIndex: int, contract: str, address, name: str, args: { type: "object" } })) }),
  Alert: obj({ id: str, kind: { type: "string", enum: ["books_unbalanced", "over_issuance"] }, block: int, time, details: { type: "object" } }),
  Check: obj({ block: int, checkedAt: time, chainTotalSupply: nullable(amount), differences: array(str) }),
  Rule: obj({ contract: address, ruleId: amount, version: amount, rule: { type: "object" }, effectiveAt: amount, retiredAt: nullable(amount), since: int, updatedBlock: int }, [], "The rule's latest scheduled version and when it takes effect; retiredAt: when it stopped applying, for good."),
  Purchase: obj({
    block: int, logIndex: int, time, txHash: hash, contract: address, receipt: str, customer: address, spend: amount, ruleId: amount, points: amount,
    releaseAt: amount, released: bool, returnedSpend: amount, cancelled: amount, takenBack: amount, owed: amount,
  }),
  Voucher: obj({ block: int, logIndex: int, time, txHash: hash, issuer: address, id: amount, recipient: address, amount, ref: str, expiry: amount, generation: amount }),
  Webhook: obj({ id: str, url: str, events: array(str), fromBlock: int, createdAt: time, secret: str }, ["secret"], "`secret` is shown once, when the subscription is made."),
  DeliveryStatus: obj({ orderId: int, onFile: bool, deleted: bool, updatedAt: nullable(time) }, [], "Whether the buyer's delivery details are on file; never the details."),
  DeliveryDetails: obj({ orderId: int, buyer: address, merchantId: int, name: str, address: str, phone: str, updatedAt: time }, [], "The buyer's latest signed delivery details, for the order's merchant's fulfillers."),
  Nonce: obj({ nonce: str, expiresAt: time }, [], "A Sign-In with Ethereum nonce: usable once, for 10 minutes."),
  Session: obj({ token: str, address, expiresAt: time }, [], "A bearer token for `Authorization: Bearer`; the server keeps only its hash."),
  Delivery: obj({ id: int, outboxId: int, subscriptionId: str, event: str, idempotencyKey: str, attempt: int, at: time, statusCode: nullable(int), error: nullable(str), durationMs: int, status: str }),
};

export { ref };
