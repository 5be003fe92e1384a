import type { PointsClient } from "./client.js";
import { queryInChunks } from "./logs.js";

/** Points issued and redeemed (net of refunds) on one UTC day. */
export interface DailyActivity {
  day: string; // YYYY-MM-DD
  issued: bigint;
  redeemed: bigint;
}

/**
 * Points issued and redeemed per UTC day, from the events. Each block's time is read once.
 * Refunds reduce the redemptions of the day they happen on.
 */
export async function dailyActivity(client: PointsClient, options: { chunk?: number } = {}): Promise<DailyActivity[]> {
  const { token } = client;
  const [issued, batches, burned, refunded] = await Promise.all([
    queryInChunks(client, token, token.filters.Issued(), options),
    queryInChunks(client, token, token.filters.BatchIssued(), options),
    queryInChunks(client, token, token.filters.Burned(), options),
    queryInChunks(client, token, token.filters.Refunded(), options),
  ]);
  const times = new Map<number, number>();
  const blocks = new Set([...issued, ...batches, ...burned, ...refunded].map((e) => e.blockNumber));
  await Promise.all(
    [...blocks].map(async (n) => {
      const block = await client.provider.getBlock(n);
      times.set(n, block?.timestamp ?? 0);
    }),
  );
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
