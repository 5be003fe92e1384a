/**
 * From the old books to the batches issued on the new token: one row per holder (its balance,
 * plus the points of its open orders when they are refunded), sorted by address so that the same
 * books always give the same batches, cut into batches of `batchSize`, each named by its root.
 */
import { getAddress } from "ethers";
import { merkleRoot, migrationLeaf, type LeafOrigin } from "./merkle.js";
import type { Snapshot } from "./snapshot.js";

export type OrdersMode = "refund" | "carry";

export interface Row {
  /** Checksummed. */
  holder: string;
  held: bigint;
  inOpenOrders: bigint;
  amount: bigint;
}

export interface Batch {
  index: number;
  ref: string;
  /** Rows [first, first + count) of the plan. */
  first: number;
  count: number;
  total: bigint;
}

export interface Excluded {
  holder: string;
  amount: bigint;
  why: string;
}

export interface MigrationPlan {
  origin: LeafOrigin;
  orders: OrdersMode;
  batchSize: number;
  rows: Row[];
  batches: Batch[];
  total: bigint;
  excluded: Excluded[];
}

/**
 * `exclude`: addresses whose points are not carried over, with why (the old deployment's own
 * contracts: points sent to them were lost; the new ones', which refuse them).
 */
export function planMigration(
  snapshot: Snapshot,
  options: { origin: LeafOrigin; orders: OrdersMode; batchSize: number; exclude: Map<string, string> },
): MigrationPlan {
  const inOrders = new Map<string, bigint>();
  if (options.orders === "refund") {
    for (const o of snapshot.openOrders) {
      const buyer = o.buyer.toLowerCase(); // balances are keyed lowercase
      inOrders.set(buyer, (inOrders.get(buyer) ?? 0n) + o.points);
    }
  }
  const holders = new Set([...snapshot.balances.keys(), ...inOrders.keys()]);
  const rows: Row[] = [];
  const excluded: Excluded[] = [];
  const exclude = new Map([...options.exclude].map(([a, why]) => [a.toLowerCase(), why]));
  for (const holder of [...holders].sort()) {
    const held = snapshot.balances.get(holder) ?? 0n;
    const orders = inOrders.get(holder) ?? 0n;
    const amount = held + orders;
    if (amount === 0n) continue;
    const why = exclude.get(holder);
    if (why !== undefined) excluded.push({ holder: getAddress(holder), amount, why });
    else rows.push({ holder: getAddress(holder), held, inOpenOrders: orders, amount });
  }
  const batches: Batch[] = [];
  for (let first = 0; first < rows.length; first += options.batchSize) {
    const slice = rows.slice(first, first + options.batchSize);
    batches.push({
      index: batches.length,
      ref: merkleRoot(slice.map((r) => migrationLeaf(options.origin, r.holder, r.amount))),
      first,
      count: slice.length,
      total: slice.reduce((s, r) => s + r.amount, 0n),
    });
  }
  return {
    origin: options.origin,
    orders: options.orders,
    batchSize: options.batchSize,
    rows,
    batches,
    total: rows.reduce((s, r) => s + r.amount, 0n),
    excluded,
  };
}

export function rowsOf(plan: MigrationPlan, batch: Batch): Row[] {
  return plan.rows.slice(batch.first, batch.first + batch.count);
}
