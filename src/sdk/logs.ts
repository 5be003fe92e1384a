import type { BaseContract, ContractEventName, EventLog, Log } from "ethers";
import type { PointsClient } from "./client.js";
import { toPointsError } from "./errors.js";
import { AdaptiveSpan, isRangeRefusal, suggestedSpan } from "./ranges.js";

/** Blocks per getLogs request at first; the span then follows the provider (ranges.ts). */
export const DEFAULT_LOG_CHUNK = 5_000;

/** The text of an error from ethers, with the node's own message where ethers wrapped it. */
function errorText(error: unknown): string {
  const e = error as { message?: unknown; error?: { message?: unknown }; info?: { error?: { message?: unknown } } } | null;
  return [e?.message, e?.error?.message, e?.info?.error?.message].filter((m) => typeof m === "string").join(" ");
}

/**
 * Calls `onLogs` with the events matching `filter` from the deployment block to the latest block,
 * one getLogs range at a time, so a caller can fold them without holding a whole chain's logs.
 * Ranges follow the provider: a refused range is halved (or cut to the range the provider
 * suggests), and the span grows back while answers stay small (AdaptiveSpan).
 */
export async function forEachLogRange(
  client: PointsClient,
  contract: BaseContract,
  filter: ContractEventName,
  options: { fromBlock?: number; toBlock?: number; chunk?: number },
  onLogs: (logs: EventLog[]) => void | Promise<void>,
): Promise<void> {
  const from = options.fromBlock ?? client.fromBlock;
  const to = options.toBlock ?? (await client.provider.getBlockNumber());
  const span = new AdaptiveSpan({ initial: options.chunk ?? DEFAULT_LOG_CHUNK, max: 100_000, targetLogs: 5_000 });
  for (let start = from; start <= to; ) {
    const end = Math.min(to, start + span.size - 1);
    let logs: (EventLog | Log)[];
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
    await onLogs(logs.filter((l): l is EventLog => "args" in l));
    start = end + 1;
  }
}

/** The events matching `filter` from the deployment block to the latest block (see forEachLogRange). */
export async function queryInChunks(
  client: PointsClient,
  contract: BaseContract,
  filter: ContractEventName,
  options: { fromBlock?: number; toBlock?: number; chunk?: number } = {},
): Promise<EventLog[]> {
  const out: EventLog[] = [];
  await forEachLogRange(client, contract, filter, options, (logs) => void out.push(...logs));
  return out;
}
