/** Platform-wide reads: recent movements, a transaction's events, alerts, failed checks, and the
 *  earning side (rules, purchases rewarded, vouchers claimed). */
import { sql } from "kysely";
import { cursorParam, limitParam, pageOf } from "../pagination.js";
import { addressParam, ApiError, hashParam, type Params } from "../params.js";
import { confirmedAt, iso, type QueryContext } from "./context.js";

const before = (after: (string | number)[] | undefined) =>
  after === undefined ? sql<boolean>`true` : sql<boolean>`(block_number, log_index) < (${after[0]}, ${after[1]})`;

/** Every movement of points, newest first: issued, sent (one row per transfer), redeemed, refunded. */
export async function recentMovements(q: QueryContext, p: Params) {
  const limit = limitParam(p);
  const after = cursorParam(p, "nn");
  // A transfer is two movements (sent and received); the sender's row stands for it.
  const rows = await q.db.selectFrom("movements").selectAll().where("kind", "<>", "received").where(before(after)).orderBy("block_number", "desc").orderBy("log_index", "desc").limit(limit + 1).execute();
  const confirmed = confirmedAt(await q.cursor());
  return pageOf(rows, limit, (r) => [r.block_number, r.log_index], (r) => ({
    block: r.block_number, logIndex: r.log_index, txHash: r.tx_hash, time: iso(r.block_time), kind: r.kind, account: r.account,
    points: r.points, counterparty: r.counterparty, ref: r.ref_text, relayed: r.relayed, confirmed: confirmed(r.block_number),
  }));
}

export async function transaction(q: QueryContext, p: Params) {
  const hash = hashParam(p, "hash");
  const rows = await q.db.selectFrom("events").selectAll().where(sql<boolean>`lower(tx_hash) = ${hash}`).orderBy("block_number").orderBy("log_index").execute();
  if (rows.length === 0) throw new ApiError(404, `no event of this deployment in transaction ${hash}`, "check the hash; a new transaction shows once its block is indexed");
  const confirmed = confirmedAt(await q.cursor());
  return {
    txHash: rows[0]!.tx_hash,
    block: rows[0]!.block_number,
    time: iso(rows[0]!.block_time),
    confirmed: confirmed(rows[0]!.block_number),
    events: rows.map((r) => ({ logIndex: r.log_index, contract: r.contract, address: r.address, name: r.name, args: r.args })),
  };
}

export async function alerts(q: QueryContext, p: Params) {
  const limit = limitParam(p);
  const after = cursorParam(p, "ns");
  let query = q.db.selectFrom("alerts").selectAll();
  if (after !== undefined) query = query.where(sql<boolean>`(block_number, id) < (${after[0]}, ${after[1]})`);
  const rows = await query.orderBy("block_number", "desc").orderBy("id", "desc").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.block_number, r.id], (r) => ({ id: r.id, kind: r.kind, block: r.block_number, time: iso(r.block_time), details: r.details }));
}

export async function checks(q: QueryContext, p: Params) {
  const limit = limitParam(p);
  const after = cursorParam(p, "n");
  let query = q.db.selectFrom("checks").selectAll();
  if (after !== undefined) query = query.where("block_number", "<", Number(after[0]));
  const rows = await query.orderBy("block_number", "desc").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.block_number], (r) => ({ block: r.block_number, checkedAt: r.checked_at, chainTotalSupply: r.chain_supply, differences: r.differences }));
}

export async function rules(q: QueryContext, p: Params) {
  const limit = limitParam(p, 100);
  const after = cursorParam(p, "s");
  const contract = addressParam(p, "contract", true);
  let query = q.db.selectFrom("rules").selectAll();
  if (contract !== undefined) query = query.where("contract", "=", contract);
  if (after !== undefined) query = query.where("id", ">", String(after[0]));
  const rows = await query.orderBy("id").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.id], (r) => ({
    contract: r.contract, ruleId: r.rule_id, version: r.version, rule: r.params, effectiveAt: r.effective_at, retiredAt: r.retired_at, since: r.block_number, updatedBlock: r.updated_block,
  }));
}

export async function purchases(q: QueryContext, p: Params) {
  const limit = limitParam(p);
  const after = cursorParam(p, "nn");
  const customer = addressParam(p, "customer", true);
  const contract = addressParam(p, "contract", true);
  let query = q.db.selectFrom("purchases").selectAll().where(before(after));
  if (customer !== undefined) query = query.where("customer", "=", customer);
  if (contract !== undefined) query = query.where("contract", "=", contract);
  const rows = await query.orderBy("block_number", "desc").orderBy("log_index", "desc").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.block_number, r.log_index], (r) => ({
    block: r.block_number, logIndex: r.log_index, time: iso(r.block_time), txHash: r.tx_hash, contract: r.contract, receipt: r.receipt_text,
    customer: r.customer, spend: r.spend, ruleId: r.rule_id, points: r.points, releaseAt: r.release_at, released: r.released, returnedSpend: r.returned_spend,
    cancelled: r.cancelled, takenBack: r.taken_back, owed: r.owed,
  }));
}

export async function vouchers(q: QueryContext, p: Params) {
  const limit = limitParam(p);
  const after = cursorParam(p, "nn");
  const issuer = addressParam(p, "issuer", true);
  const recipient = addressParam(p, "recipient", true);
  let query = q.db.selectFrom("vouchers").selectAll().where(before(after));
  if (issuer !== undefined) query = query.where("issuer", "=", issuer);
  if (recipient !== undefined) query = query.where("recipient", "=", recipient);
  const rows = await query.orderBy("block_number", "desc").orderBy("log_index", "desc").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.block_number, r.log_index], (r) => ({
    block: r.block_number, logIndex: r.log_index, time: iso(r.block_time), txHash: r.tx_hash, issuer: r.issuer, id: r.voucher_id,
    recipient: r.recipient, amount: r.amount, ref: r.ref_text, expiry: r.expiry, generation: r.generation,
  }));
}
