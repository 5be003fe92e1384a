import type { Provider } from "ethers";
import { PointsError } from "../../../src/sdk/index.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useQuery, type Query } from "./useQuery.js";

// A block's time never changes: read once per page load.
const cache = new Map<number, Promise<number>>();
const BATCH = 20;

function blockTime(provider: Provider, block: number): Promise<number> {
  let entry = cache.get(block);
  if (entry === undefined) {
    entry = provider.getBlock(block).then((b) => {
      if (b === null) throw new PointsError(`block ${block} is not on this chain`, "reload the page: the chain may have been reset");
      return b.timestamp;
    });
    entry.catch(() => cache.delete(block));
    cache.set(block, entry);
  }
  return entry;
}

/** The times (unix seconds) of `blocks`, read in batches of 20. */
export async function blockTimes(provider: Provider, blocks: number[]): Promise<Map<number, number>> {
  const unique = [...new Set(blocks)];
  const out = new Map<number, number>();
  for (let i = 0; i < unique.length; i += BATCH) {
    const slice = unique.slice(i, i + BATCH);
    const times = await Promise.all(slice.map((b) => blockTime(provider, b)));
    slice.forEach((b, j) => out.set(b, times[j] ?? 0));
  }
  return out;
}

/** The times of the blocks a page shows (only those: a long history needs no time of every row). */
export function useBlockTimes(blocks: number[]): Query<Map<number, number>> {
  const { provider } = useWallet();
  const key = blocks.join(",");
  return useQuery(blocks.length === 0 ? undefined : () => blockTimes(provider, blocks), [provider, key]);
}

/**
 * The time of each row shown: its own where the ledger API dated it, else its block's (read only
 * for rows without one). Undefined while a block's time is being read.
 */
export function useRowTimes(rows: { block: number; time?: number }[]): (row: { block: number; time?: number }) => number | undefined {
  const times = useBlockTimes(rows.filter((r) => r.time === undefined).map((r) => r.block));
  const known = times.status === "ok" || times.status === "error" ? (times.data ?? new Map<number, number>()) : new Map<number, number>();
  return (row) => row.time ?? known.get(row.block);
}
