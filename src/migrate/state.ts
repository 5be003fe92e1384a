/**
 * What a migration keeps between runs, in its folder: state.json pins the choices that make its
 * batches what they are (snapshot block, batch size, open orders refunded or carried) and records
 * each batch's transaction; rows.csv lists every row of every batch, the record from which anyone
 * recomputes the batch references. The chain stays the judge of what was issued (a batch is
 * issued when its BatchIssued event is there); this file lets a rerun take the same snapshot.
 */
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { PointsError } from "../sdk/index.js";
import type { OpenOrder } from "./snapshot.js";
import type { MigrationPlan, OrdersMode } from "./plan.js";

export interface MigrationState {
  version: 1;
  from: { chainId: string; token: string; mall: string };
  to: { chainId: string; token: string };
  issuer: string;
  snapshotBlock: number;
  /** Where the old token was paused, when this migration paused it. */
  pausedBy?: { tx: string; block: number };
  orders: OrdersMode;
  batchSize: number;
  rows: number;
  total: string;
  batches: { ref: string; rows: number; total: string; tx?: string; block?: number }[];
}

const STATE_FILE = "state.json";

export function loadState(dir: string): MigrationState | undefined {
  const file = path.join(dir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  let state: MigrationState;
  try {
    state = JSON.parse(readFileSync(file, "utf8")) as MigrationState;
  } catch (error) {
    throw new PointsError(`${file} is not a migration state file`, "restore it from your backup; deleting it lets a rerun take another snapshot", { cause: error });
  }
  if (state.version !== 1) throw new PointsError(`${file} has version ${String(state.version)}; this points reads version 1`, "use the points version that started the migration");
  return state;
}

/** Written whole, then renamed: a kill leaves the old file or the new one, never half of one. */
export async function saveState(dir: string, state: MigrationState): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, STATE_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(state, null, 2) + "\n");
  await rename(`${file}.tmp`, file);
}

async function writeLines(file: string, header: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(`${file}.tmp`);
  out.write(`${header}\n`);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, "drain");
  out.end();
  await once(out, "finish");
  await rename(`${file}.tmp`, file);
}

/** rows.csv: batch, its reference, holder, points held, points in open orders, points credited. */
export async function writeRows(dir: string, plan: MigrationPlan): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "rows.csv");
  function* lines() {
    for (const b of plan.batches) {
      for (const r of plan.rows.slice(b.first, b.first + b.count)) yield `${b.index + 1},${b.ref},${r.holder},${r.held},${r.inOpenOrders},${r.amount}`;
    }
  }
  await writeLines(file, "batch,batch_ref,holder,held,in_open_orders,credited", lines());
  return file;
}

/** open-orders.csv: the orders Placed at the snapshot, for the operator to settle by hand. */
export async function writeOpenOrders(dir: string, orders: OpenOrder[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "open-orders.csv");
  await writeLines(file, "order,buyer,points", orders.map((o) => `${o.orderId},${o.buyer},${o.points}`));
  return file;
}
