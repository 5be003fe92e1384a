/** Points issued and redeemed per UTC day (the daily aggregates), and settlement for a period. */
import { sql } from "kysely";
import { settlementFrom, type MerchantPosition, type Settlement } from "../../sdk/settle.js";
import { cursorParam, limitParam, pageOf } from "../pagination.js";
import { badParam, choiceParam, intParam, timeParam, type Params } from "../params.js";
import type { QueryContext } from "./context.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function activity(q: QueryContext, p: Params) {
  const order = choiceParam(p, "order", ["asc", "desc"] as const) ?? "asc";
  const limit = limitParam(p, 366, 3_660);
  const after = cursorParam(p, "s");
  for (const f of ["from", "to"]) if (p[f] !== undefined && !DAY.test(p[f]!)) badParam(f, `"${p[f]}" is not a day`, "give YYYY-MM-DD (UTC)");
  let query = q.db.selectFrom("daily").selectAll();
  if (p.from !== undefined) query = query.where("day", ">=", p.from);
  if (p.to !== undefined) query = query.where("day", "<", p.to);
  if (after !== undefined) query = query.where("day", order === "asc" ? ">" : "<", String(after[0]));
  const rows = await query.orderBy("day", order).limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.day], (r) => ({
    day: r.day, issued: r.issued, redeemed: r.burned - r.refunded, burned: r.burned, refunded: r.refunded, transfers: r.transfers,
    transferred: r.transferred, ordersPlaced: r.orders_placed, ordersFulfilled: r.orders_fulfilled, ordersCancelled: r.orders_cancelled, events: r.events,
  }));
}

/**
 * Settlement between merchants over blocks [fromBlock, toBlock] (or the blocks of a period given
 * as dates, `to` not included), as src/sdk/settle.ts computes it from the chain.
 */
export async function settlement(q: QueryContext, p: Params): Promise<Settlement> {
  const state = await q.db.selectFrom("indexer_state").select(["from_block", "indexed_block"]).executeTakeFirst();
  let fromBlock = intParam(p, "fromBlock") ?? state?.from_block ?? 0;
  let toBlock = intParam(p, "toBlock") ?? state?.indexed_block ?? 0;
  const from = timeParam(p, "from");
  const to = timeParam(p, "to");
  if (from !== undefined) {
    const b = await q.db.selectFrom("blocks").select("number").where("timestamp", ">=", from).orderBy("number").limit(1).executeTakeFirst();
    fromBlock = b?.number ?? toBlock + 1;
  }
  if (to !== undefined) {
    const b = await q.db.selectFrom("blocks").select("number").where("timestamp", "<", to).where("timestamp", ">", 0).orderBy("number", "desc").limit(1).executeTakeFirst();
    toBlock = Math.min(toBlock, b?.number ?? fromBlock - 1);
  }
  const [merchants, toDate, inPeriod, redeemed] = await Promise.all([
    q.db.selectFrom("merchants").select(["id", "name"]).where("block_number", "<=", toBlock).orderBy("id").execute(),
    q.db.selectFrom("issuances").select(["merchant_id", sql<bigint>`sum(amount)`.as("amount")]).where("block_number", "<=", toBlock).groupBy("merchant_id").orderBy("merchant_id").execute(),
    q.db.selectFrom("issuances").select(["merchant_id", sql<bigint>`sum(amount)`.as("amount")]).where("block_number", ">=", fromBlock).where("block_number", "<=", toBlock).groupBy("merchant_id").execute(),
    q.db
      .selectFrom("order_events")
      .select(["merchant_id", sql<bigint>`sum(case when status = 'Placed' then points when status = 'Cancelled' then -points else 0 end)`.as("points")])
      .where("block_number", ">=", fromBlock)
      .where("block_number", "<=", toBlock)
      .groupBy("merchant_id")
      .execute(),
  ]);
  const positions = new Map<number, MerchantPosition>();
  const position = (id: number) => {
    let x = positions.get(id);
    if (x === undefined) positions.set(id, (x = { merchantId: id, name: "", issued: 0n, redeemed: 0n, liability: 0n, net: 0n }));
    return x;
  };
  for (const m of merchants) position(m.id).name = m.name;
  for (const r of inPeriod) position(r.merchant_id).issued += BigInt(r.amount);
  for (const r of redeemed) position(r.merchant_id).redeemed += BigInt(r.points);
  const issuedToDate = new Map(toDate.map((r) => [r.merchant_id, BigInt(r.amount)]));
  return settlementFrom({ fromBlock, toBlock, positions: [...positions.values()], issuedToDate });
}
