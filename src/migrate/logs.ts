/**
 * Logs of one filter over a block span, handed over one range at a time and never kept: a chain
 * with a million holders must not need its whole history in memory. Ranges shrink when the node
 * refuses them or answers with many logs, and grow back after answers that came easily.
 */
import type { Log, Provider } from "ethers";
import { toPointsError } from "../sdk/index.js";

export interface LogFilter {
  address: string;
  /** Topic 0 (one, or any of several), then the indexed arguments; null matches anything. */
  topics: (string | string[] | null)[];
}

export interface RangeOptions {
  /** Blocks asked for at first (default 5,000). */
  chunk?: number;
  /** Most blocks in one request (default 100,000). */
  maxChunk?: number;
  /** Called after each range with the last block read, for progress. */
  progress?: (block: number) => void;
}

/** Above this many logs in one answer the next range is halved: providers cap results near 10,000. */
const MANY_LOGS = 5_000;

function isRangeRefusal(error: unknown): boolean {
  const text = `${(error as { message?: unknown })?.message ?? ""} ${JSON.stringify((error as { error?: unknown })?.error ?? "")}`;
  return /limit|too many|range|exceed|-32005|response size|timeout/i.test(text);
}

export async function forEachLog(
  provider: Provider,
  filter: LogFilter,
  fromBlock: number,
  toBlock: number,
  onLog: (log: Log) => void,
  options: RangeOptions = {},
): Promise<void> {
  const maxChunk = options.maxChunk ?? 100_000;
  let chunk = Math.min(options.chunk ?? 5_000, maxChunk);
  // Below the smallest range the node refused: growing back never asks for it again.
  let ceiling = maxChunk;
  for (let start = fromBlock; start <= toBlock; ) {
    const end = Math.min(toBlock, start + chunk - 1);
    let logs: Log[];
    try {
      logs = await provider.getLogs({ address: filter.address, topics: filter.topics, fromBlock: start, toBlock: end });
    } catch (error) {
      if (chunk > 1 && isRangeRefusal(error)) {
        ceiling = Math.max(1, chunk - 1);
        chunk = Math.max(1, Math.floor(chunk / 2));
        continue;
      }
      throw toPointsError(error);
    }
    for (const log of logs) onLog(log);
    options.progress?.(end);
    start = end + 1;
    chunk = logs.length > MANY_LOGS ? Math.max(1, Math.floor(chunk / 2)) : Math.min(ceiling, chunk * 2);
  }
}
