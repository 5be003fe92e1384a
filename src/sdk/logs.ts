import type { BaseContract, ContractEventName, EventLog, Log } from "ethers";
import type { PointsClient } from "./client.js";
import { toPointsError } from "./errors.js";

/** Blocks per getLogs request at first; halved when a provider refuses a range as too large. */
export const DEFAULT_LOG_CHUNK = 5_000;

/**
 * The events matching `filter` from the deployment block to the latest block, read in ranges of
 * at most `chunk` blocks: providers cap getLogs (about 10,000 results, or a block span). A range
 * the provider refuses is split in two until it passes.
 */
export async function queryInChunks(
  client: PointsClient,
  contract: BaseContract,
  filter: ContractEventName,
  options: { fromBlock?: number; toBlock?: number; chunk?: number } = {},
): Promise<EventLog[]> {
  const from = options.fromBlock ?? client.fromBlock;
  const to = options.toBlock ?? (await client.provider.getBlockNumber());
  const out: EventLog[] = [];
  let chunk = options.chunk ?? DEFAULT_LOG_CHUNK;
  for (let start = from; start <= to; ) {
    const end = Math.min(to, start + chunk - 1);
    let logs: (EventLog | Log)[];
    try {
      logs = await contract.queryFilter(filter, start, end);
    } catch (error) {
      if (chunk > 1 && /limit|too many|range|exceed/i.test(String((error as Error).message))) {
        chunk = Math.max(1, Math.floor(chunk / 2));
        continue;
      }
      throw toPointsError(error);
    }
    for (const l of logs) if ("args" in l) out.push(l);
    start = end + 1;
  }
  return out;
}
