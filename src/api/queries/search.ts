/**
 * Search by what a person has at hand: an address (holder, issuer, merchant admin, contract), a
 * transaction hash, an order id ("42" or "order #42"), or the text of a reference (a receipt, a
 * campaign, a batch, a delivery reference): prefix matches, case-insensitive.
 */
import { sql } from "kysely";
import { getAddress, isHexString } from "ethers";
import { readableRef } from "../../sdk/validate.js";
import { cursorParam, encodeCursor, limitParam } from "../pagination.js";
import { badParam, type Params } from "../params.js";
import { iso, type QueryContext } from "./context.js";

export type SearchHit =
  | { type: "account"; address: string; balance: bigint; movements: number }
  | { type: "issuer"; address: string; issued: bigint; quotaLeft: bigint }
  | { type: "contract"; address: string; kind: string }
  | { type: "merchant"; id: number; name: string; admin: string }
  | { type: "transaction"; txHash: string; block: number; events: number }
  | { type: "order"; id: bigint; buyer: string; status: string; pointsPaid: bigint }
  | { type: "issuance"; block: number; logIndex: number; txHash: string; time: string; issuer: string; amount: bigint; recipients: number; ref: string }
  | { type: "delivery"; orderId: bigint; status: string; ref: string; block: number };

export async function search(q: QueryContext, p: Params): Promise<{ query: string; items: SearchHit[]; next: string | null }> {
  const text = (p.q ?? "").trim();
  if (text === "") badParam("q", "empty", "give an address, a transaction hash, an order id or a reference");
  if (text.length > 100) badParam("q", "longer than 100 characters", "search a shorter part");
  const limit = limitParam(p, 20, 100);
  const after = cursorParam(p, "nn");
  const hits: SearchHit[] = [];
  if (/^0x[0-9a-fA-F]{40}$/.test(text) && after === undefined) {
    const address = getAddress(text.toLowerCase());
    const [holder, issuer, contract, merchants] = await Promise.all([
      q.db.selectFrom("holders").selectAll().where("address", "=", address).executeTakeFirst(),
      q.db.selectFrom("issuers").selectAll().where("address", "=", address).executeTakeFirst(),
      q.db.selectFrom("contracts").selectAll().where("address", "=", address).executeTakeFirst(),
      q.db.selectFrom("merchants").selectAll().where("admin", "=", address).execute(),
    ]);
    if (holder !== undefined) hits.push({ type: "account", address, balance: holder.balance, movements: holder.movements });
    if (issuer !== undefined) hits.push({ type: "issuer", address, issued: issuer.issued, quotaLeft: issuer.quota });
    if (contract !== undefined) hits.push({ type: "contract", address, kind: contract.kind });
    for (const m of merchants) hits.push({ type: "merchant", id: m.id, name: m.name, admin: m.admin });
    return { query: text, items: hits, next: null };
  }
  if (isHexString(text, 32) && after === undefined) {
    const row = await q.db.selectFrom("events").select(["tx_hash", "block_number", sql<number>`count(*)`.as("n")]).where(sql<boolean>`lower(tx_hash) = ${text.toLowerCase()}`).groupBy(["tx_hash", "block_number"]).executeTakeFirst();
    if (row !== undefined) hits.push({ type: "transaction", txHash: row.tx_hash, block: row.block_number, events: Number(row.n) });
    // A 32-byte value may also be a reference given as hex.
  }
  const order = /^(?:order\s*#?\s*)?(\d{1,15})$/i.exec(text);
  if (order !== null && after === undefined) {
    const row = await q.db.selectFrom("orders").selectAll().where("id", "=", Number(order[1])).executeTakeFirst();
    if (row !== undefined) hits.push({ type: "order", id: BigInt(row.id), buyer: row.buyer, status: row.status, pointsPaid: row.points_paid });
  }
  if (after === undefined) {
    const merchants = await q.db.selectFrom("merchants").selectAll().where(sql<boolean>`lower(name) like ${`${escapeLike(text.toLowerCase())}%`}`).orderBy("id").limit(limit).execute();
    for (const m of merchants) hits.push({ type: "merchant", id: m.id, name: m.name, admin: m.admin });
    const deliveries = await q.db
      .selectFrom("order_events")
      .selectAll()
      .where(sql<boolean>`lower(ref_text) like ${`${escapeLike(text.toLowerCase())}%`}`)
      .orderBy("block_number", "desc")
      .limit(limit)
      .execute();
    for (const d of deliveries) hits.push({ type: "delivery", orderId: BigInt(d.order_id), status: d.status, ref: d.ref_text ?? "", block: d.block_number });
  }
  // References of issuances: the one list that can be long, so it pages.
  const refText = isHexString(text, 32) ? readableRef(text) : text;
  let query = q.db.selectFrom("issuances").selectAll().where(sql<boolean>`lower(ref_text) like ${`${escapeLike(refText.toLowerCase())}%`}`);
  if (after !== undefined) query = query.where(sql<boolean>`(block_number, log_index) < (${after[0]}, ${after[1]})`);
  const rows = await query.orderBy("block_number", "desc").orderBy("log_index", "desc").limit(limit + 1).execute();
  const more = rows.length > limit;
  for (const r of rows.slice(0, limit)) {
    hits.push({ type: "issuance", block: r.block_number, logIndex: r.log_index, txHash: r.tx_hash, time: iso(r.block_time), issuer: r.issuer, amount: r.amount, recipients: r.recipients, ref: r.ref_text });
  }
  const last = rows[limit - 1];
  return { query: text, items: hits, next: more && last !== undefined ? encodeCursor([last.block_number, last.log_index]) : null };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
