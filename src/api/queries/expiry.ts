/**
 * Expiring points (ERC-7818) in the API. Points expire with time and no event, so balances, the
 * books and what expires soon are computed from the lots as of a time: the indexed block's by
 * default (what the chain's balanceOf says at that block), or one the caller asks about.
 */
import { sql } from "kysely";
import { parseDuration } from "../../sdk/time.js";
import { epochAt, expiresAt, firstValidEpoch, type ExpiryRules } from "../../sdk/expiry.js";
import { addressParam, badParam, timeParam, type Params } from "../params.js";
import { iso, type QueryContext } from "./context.js";

export interface ExpiryNow {
  rules: ExpiryRules;
  /** The time the answer is as of (unix seconds). */
  time: number;
  /** The oldest epoch not expired at `time`. */
  firstValid: number;
}

/** The token's policy and the time to answer as of; undefined when its points never expire. */
export async function expiryNow(q: QueryContext, at?: number): Promise<ExpiryNow | undefined> {
  const policy = await q.db.selectFrom("token_expiry").selectAll().executeTakeFirst();
  if (policy === undefined) return undefined;
  const rules: ExpiryRules = { epochSeconds: BigInt(policy.epoch_seconds), validityEpochs: BigInt(policy.validity_epochs), origin: BigInt(policy.origin) };
  let time = at;
  if (time === undefined) {
    const { indexedBlock } = await q.cursor();
    const block = await q.db.selectFrom("blocks").select("timestamp").where("number", "<=", indexedBlock).orderBy("number", "desc").limit(1).executeTakeFirst();
    time = block?.timestamp ?? Math.floor(Date.now() / 1000);
  }
  return { rules, time, firstValid: Number(firstValidEpoch(rules, BigInt(time))) };
}

/** Unexpired balances of `accounts` at the time of `e`. */
export async function unexpiredBalances(q: QueryContext, e: ExpiryNow, accounts: string[]): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  if (accounts.length === 0) return out;
  const rows = await q.db.selectFrom("lots").select(["account", sql<bigint>`sum(points)`.as("points")]).where("account", "in", accounts).where("epoch", ">=", e.firstValid).where("epoch", "<=", Number(epochAt(e.rules, BigInt(e.time)))).groupBy("account").execute();
  for (const r of rows) out.set(r.account, BigInt(r.points));
  return out;
}

/** The books' expiry part: what expired by the time, per epoch as well. */
export async function expiryBooks(q: QueryContext, e: ExpiryNow) {
  const rows = await q.db.selectFrom("epochs").selectAll().orderBy("epoch").execute();
  let expired = 0n;
  let held = 0n;
  const epochs = rows.map((r) => {
    const points = r.issued + r.refunded - r.burned;
    const ends = expiresAt(e.rules, BigInt(r.epoch));
    const gone = ends <= BigInt(e.time);
    if (gone) expired += points;
    else held += r.held;
    return { epoch: r.epoch, issued: r.issued, refunded: r.refunded, burned: r.burned, points: gone ? 0n : points, expired: gone ? points : 0n, expiresAt: iso(Number(ends)) };
  });
  const holders = await q.db.selectFrom("lots").select(sql<number>`count(distinct account)`.as("n")).where("epoch", ">=", e.firstValid).where("points", ">", 0n).executeTakeFirst();
  return {
    expired,
    held,
    holders: Number(holders?.n ?? 0),
    expiry: {
      epochSeconds: Number(e.rules.epochSeconds), validityEpochs: Number(e.rules.validityEpochs), origin: iso(Number(e.rules.origin)),
      asOf: iso(e.time), currentEpoch: Number(epochAt(e.rules, BigInt(e.time))), epochs,
    },
  };
}

/** GET /accounts/{address}/expiring: an account's points by expiry, soonest first, and what expires within a window. */
export async function expiring(q: QueryContext, p: Params) {
  const account = addressParam(p, "address");
  const at = timeParam(p, "at");
  let within: bigint | undefined;
  try {
    within = p.within === undefined || p.within === "" ? undefined : parseDuration(p.within, "within");
  } catch (error) {
    badParam("within", (error as Error).message, "give a duration: 30s, 15m, 12h or 30d");
  }
  const e = await expiryNow(q, at);
  if (e === undefined) {
    return { account, expires: false, asOf: null, lots: [], withinSeconds: within === undefined ? null : Number(within), expiringPoints: 0n, expiring: [] };
  }
  const now = epochAt(e.rules, BigInt(e.time));
  const rows = await q.db.selectFrom("lots").select(["epoch", "points"]).where("account", "=", account).where("epoch", ">=", e.firstValid).where("epoch", "<=", Number(now)).where("points", ">", 0n).orderBy("epoch").execute();
  const lots = rows.map((r) => {
    const ends = expiresAt(e.rules, BigInt(r.epoch));
    return { epoch: r.epoch, points: r.points, expiresAt: iso(Number(ends)), expiresAtSeconds: Number(ends) };
  });
  const soon = within === undefined ? [] : lots.filter((l) => BigInt(l.expiresAtSeconds) <= BigInt(e.time) + within!);
  return {
    account, expires: true, asOf: iso(e.time), lots, withinSeconds: within === undefined ? null : Number(within),
    expiringPoints: soon.reduce((sum, l) => sum + l.points, 0n), expiring: soon,
  };
}
