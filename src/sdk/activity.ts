import type { PointsClient } from "./client.js";
import { fromIndexer } from "./indexed.js";
import { queryInChunks } from "./logs.js";

/** Points issued and redeemed (net of refunds) on one UTC day. */
export interface DailyActivity {
  day: string; // YYYY-MM-DD
  issued: bigint;
  redeemed: bigint;
}

/** Blocks whose times are read at once: a page of events must not become thousands of requests in flight. */
const BLOCKS_AT_ONCE = 20;

/** The times (seconds) of `blocks`, each read once, at most BLOCKS_AT_ONCE at a time. */
export async function blockTimes(client: PointsClient, blocks: Iterable<number>): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  const list = [...new Set(blocks)];
  for (let i = 0; i < list.length; i += BLOCKS_AT_ONCE) {
    await Promise.all(list.slice(i, i + BLOCKS_AT_ONCE).map(async (n) => times.set(n, (await client.provider.getBlock(n))?.timestamp ?? 0)));
  }
  return times;
}

/**
 * Points issued and redeemed per UTC day, from the index when the client has one, else from the
 * events (each block's time read once, a few at a time). Refunds reduce the redemptions of the
 * day they happen on.
 */
export async function dailyActivity(client: PointsClient, options: { chunk?: number } = {}): Promise<DailyActivity[]> {
  const indexed = await fromIndexer(client, (ix) => ix.activity());
  if (indexed !== undefined) return indexed;
  const { token } = client;
  const [issued, batches, burned, refunded] = await Promise.all([
    queryInChunks(client, token, token.filters.Issued(), options),
    queryInChunks(client, token, token.filters.BatchIssued(), options),
    queryInChunks(client, token, token.filters.Burned(), options),
    queryInChunks(client, token, token.filters.Refunded(), options),
  ]);
  const times = await blockTimes(client, [...issued, ...batches, ...burned, ...refunded].map((e) => e.blockNumber));
  const days = new Map<string, DailyActivity>();
  const add = (blockNumber: number, field: "issued" | "redeemed", points: bigint) => {
    const day = new Date((times.get(blockNumber) ?? 0) * 1000).toISOString().slice(0, 10);
    const entry = days.get(day) ?? { day, issued: 0n, redeemed: 0n };
    entry[field] += points;
    days.set(day, entry);
  };
  for (const e of issued) add(e.blockNumber, "issued", e.args.amount);
  for (const e of batches) add(e.blockNumber, "issued", e.args.total);
  for (const e of burned) add(e.blockNumber, "redeemed", e.args.amount);
  for (const e of refunded) add(e.blockNumber, "redeemed", -e.args.amount);
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
