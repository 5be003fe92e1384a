import type { Interface, TransactionReceipt } from "ethers";
import { latestBlock, type PointsClient } from "./client.js";
import type { TypedContractEvent, TypedDeferredTopicFilter, TypedEventLog, TypedLogDescription } from "./contracts.js";
import { AdaptiveSpan, isRangeRefusal, suggestedSpan } from "./ranges.js";
import { toPointsError } from "./reverts.js";

/** Blocks per getLogs request at first; the span then follows the provider (ranges.ts). */
export const DEFAULT_LOG_CHUNK = 5_000;

/** The text of an error from ethers, with the node's own message where ethers wrapped it. */
function errorText(error: unknown): string {
  const e = error as { message?: unknown; error?: { message?: unknown }; info?: { error?: { message?: unknown } } } | null;
  return [e?.message, e?.error?.message, e?.info?.error?.message].filter((m) => typeof m === "string").join(" ");
}

/** A contract's queryFilter: a typechain contract, or any ethers BaseContract. */
interface Queryable {
  queryFilter(filter: TypedDeferredTopicFilter<TypedContractEvent>, fromBlock?: number, toBlock?: number): Promise<unknown[]>;
}

export interface LogRange {
  fromBlock?: number;
  toBlock?: number;
  chunk?: number;
}

/**
 * Calls `onLogs` with the events matching `filter` from the deployment block to the latest block,
 * one getLogs range at a time, so a caller can fold them without holding a whole chain's logs.
 * Ranges follow the provider: a refused range is halved (or cut to the range the provider
 * suggests), and the span grows back while answers stay small (AdaptiveSpan). Each log's `args`
 * is typed by the event (`e.args.amount`), as typechain declares it.
 */
export async function forEachLogRange<E extends TypedContractEvent>(
  client: PointsClient,
  contract: Queryable,
  filter: TypedDeferredTopicFilter<E>,
  options: LogRange,
  onLogs: (logs: TypedEventLog<E>[]) => void | Promise<void>,
): Promise<void> {
  const from = options.fromBlock ?? client.fromBlock;
  const to = options.toBlock ?? (await latestBlock(client));
  const span = new AdaptiveSpan({ initial: options.chunk ?? DEFAULT_LOG_CHUNK, max: 100_000, targetLogs: 5_000 });
  for (let start = from; start <= to; ) {
    const end = Math.min(to, start + span.size - 1);
    let logs: unknown[];
    try {
      logs = await contract.queryFilter(filter, start, end);
    } catch (error) {
      const text = errorText(error);
      if (end > start && (isRangeRefusal(text) || /JSON/.test(text))) {
        span.refused(end - start + 1, suggestedSpan(text));
        continue;
      }
      throw toPointsError(error);
    }
    span.succeeded(end - start + 1, logs.length);
    // A log ethers could not decode (another contract's, at the same address) has no args. The
    // others are this filter's, so their args are this event's, as typechain declares them.
    const typed: TypedEventLog<E>[] = [];
    for (const l of logs) if (typeof l === "object" && l !== null && "args" in l && l.args !== undefined) typed.push(l as TypedEventLog<E>);
    await onLogs(typed);
    start = end + 1;
  }
}

/** The events matching `filter` from the deployment block to the latest block (see forEachLogRange). */
export async function queryInChunks<E extends TypedContractEvent>(
  client: PointsClient,
  contract: Queryable,
  filter: TypedDeferredTopicFilter<E>,
  options: LogRange = {},
): Promise<TypedEventLog<E>[]> {
  const out: TypedEventLog<E>[] = [];
  await forEachLogRange(client, contract, filter, options, (logs) => void out.push(...logs));
  return out;
}

/** A contract as typechain binds it: its interface and address. */
interface Bound {
  readonly interface: Interface;
  getAddress(): Promise<string>;
}

/**
 * The arguments of every `event` that `contract` emitted in a transaction, typed by the event
 * (`OrderPlaced` gives `.orderId`, `.pointsPaid`): what a call's receipt says it did.
 */
export async function eventsIn<E extends TypedContractEvent>(
  receipt: TransactionReceipt,
  contract: Bound,
  event: E,
): Promise<TypedLogDescription<E>["args"][]> {
  const address = (await contract.getAddress()).toLowerCase();
  const out: TypedLogDescription<E>["args"][] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog(log);
    // The fragment is the event's own, so its args have the event's typed shape.
    if (parsed !== null && parsed.name === event.name) out.push((parsed as unknown as TypedLogDescription<E>).args);
  }
  return out;
}
