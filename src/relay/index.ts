/**
 * The relay server (`points relay`, and npm start's): it submits customers' signed ERC-2771
 * requests to PointsForwarder and pays their gas. The customer's side is the SDK's src/sdk/relay.ts.
 */
export { RELAYED_SUMMARY, createRelay, startRelay, type Relay } from "./server.js";
export { type Outcome, type RelayConfig } from "./policy.js";
export { MAX_REQUEST_GAS, checkedTargets, type Targets } from "./targets.js";
export { memoryLimitStores, memoryWindowStore, type Entry, type LimitStores, type Taken, type WindowStore } from "./limits.js";
export { databaseLimitStores, databaseWindowStore } from "./dbLimits.js";
export { parseForwardRequest } from "./request.js";
