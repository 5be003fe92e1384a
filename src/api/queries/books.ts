/**
 * The books from the maintained aggregates (a sum over a million holders is not a 100 ms query):
 * the summary as the last reconciliation left it, per issuer and per SKU; issuers' liabilities;
 * the top holders.
 */
import { sql } from "kysely";
import type { IssuerBooks, SkuBooks } from "../../sdk/reconcile.js";
import { cursorParam, limitParam, pageOf, type Page } from "../pagination.js";
import { choiceParam, type Params } from "../params.js";
import type { QueryContext } from "./context.js";
import { expiryBooks, expiryNow } from "./expiry.js";

export async function books(q: QueryContext, p: Params) {
  const verify = choiceParam(p, "verify", ["true", "false"] as const) === "true";
  const [state, totals] = await Promise.all([
    q.db.selectFrom("indexer_state").selectAll().executeTakeFirst(),
    q.db.selectFrom("totals").selectAll().where("scope", "=", "all").executeTakeFirst(),
  ]);
  const differences = [...((state?.checked_differences as string[] | undefined) ?? [])];
  const summary = {
    block: state?.indexed_block ?? -1,
    checkedBlock: state?.checked_block ?? null,
    totalSupply: state?.checked_supply ?? totals?.supply ?? 0n,
    sumOfBalances: totals?.sum_of_balances ?? 0n,
    holders: totals?.holders ?? 0,
    issued: totals?.issued ?? 0n,
    burned: totals?.burned ?? 0n,
    refunded: totals?.refunded ?? 0n,
    finalized: totals?.finalized ?? 0n,
    refundReserve: state?.checked_reserve ?? (totals === undefined ? 0n : totals.burned - totals.refunded - totals.finalized),
    pointsInOpenOrders: totals?.open_order_points ?? 0n,
    supplyCap: state?.supply_cap ?? 0n,
    openOrders: totals?.open_orders ?? 0,
    openOrderPoints: totals?.open_order_points ?? 0n,
    orders: totals?.orders ?? 0,
    transfers: totals?.transfers ?? 0,
    events: totals?.events ?? 0,
    paused: totals?.paused ?? false,
    differences,
    verified: null as null | { sumOfBalances: bigint; holders: number },
    /** Points that expired by the indexed block's time (0 when points never expire). */
    expired: 0n,
    expiry: null as null | Awaited<ReturnType<typeof expiryBooks>>["expiry"],
  };
  const e = await expiryNow(q);
  if (e !== undefined) {
    // Expired points leave the balances with no event: the books count them at the indexed block's time.
    const x = await expiryBooks(q, e);
    summary.expired = x.expired;
    summary.expiry = x.expiry;
    summary.sumOfBalances = x.held;
    summary.holders = x.holders;
  }
  if (verify) {
    // The slow way, on request: every holder's balance added up now.
    const row = await sql<{ sum: bigint | null; holders: number }>`select sum(balance) as sum, count(*) filter (where balance <> 0) as holders from holders`.execute(q.db);
    let sum = row.rows[0]?.sum ?? 0n;
    let holders = Number(row.rows[0]?.holders ?? 0);
    if (e !== undefined) {
      const lots = await sql<{ sum: bigint | null; holders: number }>`select sum(points) as sum, count(distinct account) filter (where points > 0) as holders from lots where epoch >= ${e.firstValid}`.execute(q.db);
      sum = lots.rows[0]?.sum ?? 0n;
      holders = Number(lots.rows[0]?.holders ?? 0);
    }
    summary.verified = { sumOfBalances: sum, holders };
    if (sum !== summary.sumOfBalances) differences.push(`the holders' balances add up to ${sum}, the maintained sum is ${summary.sumOfBalances}`);
    if (holders !== summary.holders) differences.push(`${holders} holders have points, the maintained count is ${summary.holders}`);
  }
  return summary;
}

/** Per issuer that issued: what it issued, its quota left, what its customers redeemed. */
export async function issuerBooks(q: QueryContext, p: Params): Promise<Page<IssuerBooks>> {
  const limit = limitParam(p, 100);
  const after = cursorParam(p, "s");
  let query = q.db.selectFrom("issuers").selectAll().where("issuances", ">", 0);
  if (after !== undefined) query = query.where("address", ">", String(after[0]));
  const rows = await query.orderBy("address").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.address], (r) => ({ issuer: r.address, quotaLeft: r.quota, issued: r.issued, redeemedByItsCustomers: r.redeemed_by_customers }));
}

export async function skuBooks(q: QueryContext, p: Params): Promise<Page<SkuBooks>> {
  const limit = limitParam(p, 100);
  const after = cursorParam(p, "n");
  let query = q.db.selectFrom("skus").selectAll();
  if (after !== undefined) query = query.where("id", ">", Number(after[0]));
  const rows = await query.orderBy("id").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.id], (r) => ({ skuId: r.id, unlimited: r.unlimited, supplied: r.supplied, stock: r.stock, sold: r.sold, soldByOrders: r.sold }));
}

/**
 * Issuers and their liabilities. Points are fungible, so the points still out are shared among
 * issuers pro rata to what each issued (as settlement shares redemptions); they add up to the supply.
 */
export async function issuers(q: QueryContext, p: Params) {
  const limit = limitParam(p, 100);
  const after = cursorParam(p, "s");
  const [totals, merchants] = await Promise.all([
    q.db.selectFrom("totals").select(["supply", "issued"]).where("scope", "=", "all").executeTakeFirst(),
    q.db.selectFrom("merchant_issuers").select(["issuer", "merchant_id"]).execute(),
  ]);
  const merchantOf = new Map(merchants.map((m) => [m.issuer, m.merchant_id]));
  let query = q.db.selectFrom("issuers").selectAll();
  if (after !== undefined) query = query.where("address", ">", String(after[0]));
  const rows = await query.orderBy("address").limit(limit + 1).execute();
  const supply = totals?.supply ?? 0n;
  const issued = totals?.issued ?? 0n;
  return pageOf(rows, limit, (r) => [r.address], (r) => ({
    issuer: r.address,
    merchantId: merchantOf.get(r.address) ?? 0,
    isIssuer: r.role,
    issued: r.issued,
    issuances: r.issuances,
    quotaLeft: r.quota,
    outstanding: issued === 0n ? 0n : (supply * r.issued) / issued,
    redeemedByItsCustomers: r.redeemed_by_customers,
    firstBlock: r.first_block,
    lastBlock: r.last_block,
  }));
}

/** Holders by balance, largest first (on an expiring token, unexpired points at the indexed block's time). */
export async function topHolders(q: QueryContext, p: Params) {
  const limit = limitParam(p, 50);
  const after = cursorParam(p, "ss");
  const e = await expiryNow(q);
  if (e !== undefined) {
    const ranked = sql<{ address: string; balance: bigint }>`select account as address, sum(points) as balance from lots where epoch >= ${e.firstValid} group by account having sum(points) > 0`;
    const cut = after === undefined ? sql`` : sql`where (balance, address) < (${after[0]}::numeric, ${after[1]})`;
    const { rows } = await sql<{ address: string; balance: bigint }>`select * from (${ranked}) ranked ${cut} order by balance desc, address desc limit ${limit + 1}`.execute(q.db);
    const info = new Map((await q.db.selectFrom("holders").selectAll().where("address", "in", rows.length === 0 ? [""] : rows.map((r) => r.address)).execute()).map((h) => [h.address, h]));
    return pageOf(rows, limit, (r) => [BigInt(r.balance).toString(), r.address], (r) => ({
      address: r.address, balance: BigInt(r.balance), movements: info.get(r.address)?.movements ?? 0, firstBlock: info.get(r.address)?.first_block ?? 0, lastBlock: info.get(r.address)?.last_block ?? 0,
    }));
  }
  let query = q.db.selectFrom("holders").selectAll();
  if (after !== undefined) query = query.where(sql<boolean>`(balance, address) < (${after[0]}::numeric, ${after[1]})`);
  const rows = await query.orderBy("balance", "desc").orderBy("address", "desc").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.balance.toString(), r.address], (r) => ({
    address: r.address, balance: r.balance, movements: r.movements, firstBlock: r.first_block, lastBlock: r.last_block,
  }));
}
