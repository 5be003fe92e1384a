import type { Interface, TransactionReceipt } from "ethers";
import { latestBlock, type PointsClient } from "./client.js";
import type { TypedContractEvent, TypedDeferredTopicFilter, TypedEventLog, TypedLogDescription } from "./contracts.js";
import { toPointsError } from "./reverts.js";

/** Blocks per getLogs request at first; halved when a provider refuses a range as too large. */
export const DEFAULT_LOG_CHUNK = 5_000;

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
 * The events matching `filter` from the deployment block to the latest block, read in ranges of
 * at most `chunk` blocks: providers cap getLogs (about 10,000 results, or a block span). A range
 * the provider refuses is split in two until it passes. Each log's `args` is typed by the event
 * (`e.args.amount`), as typechain declares it.
 */
export async function queryInChunks<E extends TypedContractEvent>(
  client: PointsClient,
  contract: Queryable,
  filter: TypedDeferredTopicFilter<E>,
  options: LogRange = {},
): Promise<TypedEventLog<E>[]> {
  const from = options.fromBlock ?? client.fromBlock;
  const to = options.toBlock ?? (await latestBlock(client));
  const out: TypedEventLog<E>[] = [];
  let chunk = options.chunk ?? DEFAULT_LOG_CHUNK;
  for (let start = from; start <= to; ) {
    const end = Math.min(to, start + chunk - 1);
    let logs: unknown[];
    try {
      logs = await contract.queryFilter(filter, start, end);
    } catch (error) {
      if (chunk > 1 && /limit|too many|range|exceed/i.test(String((error as Error).message))) {
        chunk = Math.max(1, Math.floor(chunk / 2));
        continue;
      }
      throw toPointsError(error);
    }
    // A log ethers could not decode (another contract's, at the same address) has no args. The
    // others are this filter's, so their args are this event's, as typechain declares them.
    for (const l of logs) if (typeof l === "object" && l !== null && "args" in l && l.args !== undefined) out.push(l as TypedEventLog<E>);
    start = end + 1;
  }
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
