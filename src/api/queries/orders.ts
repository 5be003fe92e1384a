/** Orders: by buyer, merchant and status, and one order with its status history. */
import { readableRef } from "../../sdk/validate.js";
import type { Row } from "../../indexer/schema.js";
import { cursorParam, limitParam, pageOf, type Page } from "../pagination.js";
import { ApiError, choiceParam, intParam, type Params } from "../params.js";
import { confirmedAt, iso, type QueryContext } from "./context.js";

export interface OrderView {
  id: bigint;
  buyer: string;
  merchantId: number;
  skuId: number;
  qty: number;
  pointsPaid: bigint;
  status: string;
  lineCount: number;
  lines: { skuId: number; qty: number; pointsPaid: bigint }[];
  placedBlock: number;
  placedAt: string;
  placedTx: string;
  relayed: boolean;
  updatedBlock: number;
  updatedAt: string;
  deliveryRef: string | null;
  fulfiller: string | null;
  reason: string | null;
  canceller: string | null;
  refunded: bigint;
  confirmed: boolean;
}

export function orderView(r: Row<"orders">, confirmed: (block: number) => boolean): OrderView {
  return {
    id: BigInt(r.id),
    buyer: r.buyer,
    merchantId: r.merchant_id,
    skuId: r.sku_id,
    qty: r.qty,
    pointsPaid: r.points_paid,
    status: r.status,
    lineCount: r.line_count,
    lines: r.lines.split(";").map((l) => l.split(":")).map(([skuId, qty, points]) => ({ skuId: Number(skuId), qty: Number(qty), pointsPaid: BigInt(points!) })),
    placedBlock: r.placed_block,
    placedAt: iso(r.placed_time),
    placedTx: r.placed_tx,
    relayed: r.relayed,
    updatedBlock: r.updated_block,
    updatedAt: iso(r.updated_time),
    deliveryRef: r.delivery_ref === null ? null : readableRef(r.delivery_ref),
    fulfiller: r.fulfiller,
    reason: r.reason === null ? null : readableRef(r.reason),
    canceller: r.canceller,
    refunded: r.refunded,
    confirmed: confirmed(r.updated_block),
  };
}

/** Orders by id (newest first by default), of one buyer or all, by merchant and status. */
export async function ordersOf(q: QueryContext, p: Params, buyer: string | undefined): Promise<Page<OrderView>> {
  const status = choiceParam(p, "status", ["Placed", "Fulfilled", "Cancelled"] as const);
  const merchant = intParam(p, "merchant", { min: 0, max: 65_535 });
  const order = choiceParam(p, "order", ["desc", "asc"] as const) ?? "desc";
  const limit = limitParam(p);
  const after = cursorParam(p, "n");
  let query = q.db.selectFrom("orders").selectAll();
  if (buyer !== undefined) query = query.where("buyer", "=", buyer);
  if (status !== undefined) query = query.where("status", "=", status);
  if (merchant !== undefined) query = query.where("merchant_id", "=", merchant);
  if (after !== undefined) query = query.where("id", order === "desc" ? "<" : ">", Number(after[0]));
  const rows = await query.orderBy("id", order).limit(limit + 1).execute();
  const confirmed = confirmedAt(await q.cursor());
  return pageOf(rows, limit, (r) => [r.id], (r) => orderView(r, confirmed));
}

export async function order(q: QueryContext, p: Params) {
  const id = intParam(p, "id", { min: 1 });
  const row = await q.db.selectFrom("orders").selectAll().where("id", "=", id ?? 0).executeTakeFirst();
  if (row === undefined) throw new ApiError(404, `there is no order ${p.id} in the index`, "check the id; a new order shows once its block is indexed");
  const all = await q.db.selectFrom("order_events").selectAll().where("order_id", "=", row.id).orderBy("block_number").orderBy("log_index").execute();
  // A cart's order is placed by one OrderPlaced per line: one entry for all of them.
  const events: typeof all = [];
  for (const e of all) {
    const last = events[events.length - 1];
    if (last !== undefined && last.status === "Placed" && e.status === "Placed" && last.tx_hash === e.tx_hash) events[events.length - 1] = { ...last, points: last.points + e.points };
    else events.push(e);
  }
  const confirmed = confirmedAt(await q.cursor());
  return {
    ...orderView(row, confirmed),
    history: events.map((e) => ({
      status: e.status, block: e.block_number, logIndex: e.log_index, time: iso(e.block_time), txHash: e.tx_hash, actor: e.actor,
      ref: e.ref_text, points: e.points, confirmed: confirmed(e.block_number),
    })),
  };
}
