/**
 * Expiring points (ERC-7818) in the index. The token emits nothing when points expire, so the
 * index keeps each account's points by epoch (`lots`) and each epoch's books (`epochs`) by the
 * ledger's own rules (the SDK's spendOldest, as ExpiryModel replays them): mints and refunds at the
 * block's epoch, transfers and burns from the oldest unexpired epoch, received points keep their
 * epoch, transferAtEpoch from its epoch. What has expired at a time is then a sum over the epochs
 * that ended by then; nothing is written when an epoch ends.
 */
import { Interface } from "ethers";
import type { Kysely } from "kysely";
import { epochAt, expiresAt, firstValidEpoch, spendOldest, type ExpiryRules } from "../sdk/expiry.js";
import type { Chain } from "./chain.js";
import type { ApplyContext } from "./context.js";
import { RpcError } from "./errors.js";
import { RpcFailure } from "./rpc.js";
import type { Schema } from "./schema.js";
import type { RangeStore } from "./store.js";
import type { Stored } from "./tables.js";

export type { ExpiryRules } from "../sdk/expiry.js";

// The views the SDK's expiryPolicy reads: a plain PointsToken has none of them.
const views = new Interface([
  "function epochLength() view returns (uint256)",
  "function validityDuration() view returns (uint256)",
  "function epochOrigin() view returns (uint256)",
]);

/** The token's expiry policy read from its ERC-7818 views at `block`; undefined for points that never expire. */
export async function readExpiryRules(chain: Chain, token: string, block: number): Promise<ExpiryRules | undefined> {
  const names = ["epochLength", "validityDuration", "epochOrigin"] as const;
  const answers = await chain.calls(names.map((n) => ({ to: token, data: views.encodeFunctionData(n) })), block);
  // A node that did not answer says nothing about the token: taking it for a plain one would keep wrong books.
  const unanswered = answers.find((a): a is RpcFailure => a instanceof RpcFailure && a.kind === "network");
  if (unanswered !== undefined) throw new RpcError(`reading the token's expiry policy failed: ${unanswered.message}`, undefined, { cause: unanswered });
  if (answers.some((a) => a instanceof RpcFailure || a === "0x")) return undefined;
  try {
    const [epochSeconds, validityEpochs, origin] = names.map((n, i) => views.decodeFunctionResult(n, answers[i] as string)[0] as bigint);
    return { epochSeconds: epochSeconds!, validityEpochs: validityEpochs!, origin: origin! };
  } catch {
    return undefined;
  }
}

export const lotId = (account: string, epoch: bigint | number) => `${account}:${epoch}`;

/** The lots an account may touch at `time`: its unexpired epochs (at most validityEpochs of them). */
export function lotKeys(rules: ExpiryRules, account: string, time: number, sink: Set<string>): void {
  const now = epochAt(rules, BigInt(time));
  for (let e = firstValidEpoch(rules, BigInt(time)); e <= now; e++) sink.add(lotId(account, e));
}

function epochRow(ctx: ApplyContext, epoch: bigint): Stored<"epochs"> {
  return ctx.store.edit("epochs", String(epoch), () => ({ epoch: Number(epoch), issued: 0n, refunded: 0n, burned: 0n, held: 0n }))!;
}

function changeLot(ctx: ApplyContext, account: string, epoch: bigint, delta: bigint): void {
  const lot = ctx.store.edit("lots", lotId(account, epoch), () => ({ id: lotId(account, epoch), account, epoch: Number(epoch), points: 0n, warned: false }))!;
  lot.points += delta;
  epochRow(ctx, epoch).held += delta;
  ctx.touched.holders.add(account);
}

/** An account's unexpired points by epoch at `time`, as the range stands. */
export function unexpiredLots(store: RangeStore, rules: ExpiryRules, account: string, time: number): Map<bigint, bigint> {
  const keys = new Set<string>();
  lotKeys(rules, account, time, keys);
  const lots = new Map<bigint, bigint>();
  for (const key of keys) {
    const lot = store.peek("lots", key);
    if (lot !== undefined && lot.points !== 0n) lots.set(BigInt(lot.epoch), lot.points);
  }
  return lots;
}

/** Points minted at `time` (issued or refunded): they are the current epoch's. */
export function mintLot(ctx: ApplyContext, rules: ExpiryRules, to: string, value: bigint, time: number, refund: boolean): void {
  const epoch = epochAt(rules, BigInt(time));
  changeLot(ctx, to, epoch, value);
  const row = epochRow(ctx, epoch);
  if (refund) row.refunded += value;
  else row.issued += value;
}

/** Points burned at `time`, the oldest unexpired first. */
export function burnLots(ctx: ApplyContext, rules: ExpiryRules, from: string, value: bigint, time: number): void {
  for (const [epoch, take] of spendOldest(unexpiredLots(ctx.store, rules, from, time), value)) {
    changeLot(ctx, from, epoch, -take);
    epochRow(ctx, epoch).burned += take;
  }
}

/** Points sent at `time`: of `atEpoch` (transferAtEpoch), else the oldest unexpired first; they keep their epochs. */
export function moveLots(ctx: ApplyContext, rules: ExpiryRules, from: string, to: string, value: bigint, time: number, atEpoch: bigint | undefined): void {
  const taken = atEpoch === undefined ? spendOldest(unexpiredLots(ctx.store, rules, from, time), value) : new Map([[atEpoch, value]]);
  for (const [epoch, take] of taken) {
    changeLot(ctx, from, epoch, -take);
    changeLot(ctx, to, epoch, take);
  }
}

/** An epoch's books at `time`: what exists of it (issued + refunded - burned), and whether that has expired. */
export function epochBooks(rules: ExpiryRules, row: Stored<"epochs">, time: number): { points: bigint; expired: boolean; expiresAt: bigint } {
  const at = expiresAt(rules, BigInt(row.epoch));
  return { points: row.issued + row.refunded - row.burned, expired: at <= BigInt(time), expiresAt: at };
}

/** What had expired by `time`, and what is held of the epochs not expired, over every epoch's row. */
export function expiryTotals(rules: ExpiryRules, rows: Iterable<Stored<"epochs">>, time: number): { expired: bigint; unexpired: bigint; unexpiredHeld: bigint } {
  let expired = 0n;
  let unexpired = 0n;
  let unexpiredHeld = 0n;
  for (const row of rows) {
    const b = epochBooks(rules, row, time);
    if (b.expired) expired += b.points;
    else {
      unexpired += b.points;
      unexpiredHeld += row.held;
    }
  }
  return { expired, unexpired, unexpiredHeld };
}

/** Lots warned about per range at most: the rest are warned in the next ranges. */
const WARNINGS_PER_RANGE = 5_000;

/**
 * points.expiring: once per account and epoch, when the epoch's points will expire within the
 * warning window of the range's last block. The lot remembers it was warned (undone with the
 * range on a reorg); the notification's key is the account and epoch, so the outbox never holds
 * it twice, after a reorg or a restart alike.
 */
export async function expiringWarnings(
  db: Kysely<Schema>,
  ctx: ApplyContext,
  rules: ExpiryRules,
  at: { block: number; time: number; windowSeconds: number },
): Promise<void> {
  const time = BigInt(at.time);
  let budget = WARNINGS_PER_RANGE;
  for (let epoch = firstValidEpoch(rules, time); epoch <= epochAt(rules, time) && budget > 0; epoch++) {
    const expires = expiresAt(rules, epoch);
    if (expires <= time || expires > time + BigInt(at.windowSeconds)) continue;
    const stored = await db.selectFrom("lots").select("id").where("epoch", "=", Number(epoch)).where("warned", "=", false).where("points", ">", 0n).orderBy("id").limit(budget).execute();
    const ids = new Set(stored.map((r) => r.id));
    for (const lot of ctx.store.stagedRows("lots")) if (BigInt(lot.epoch) === epoch) ids.add(lot.id);
    await ctx.store.prefetch(db, { lots: ids });
    for (const id of [...ids].sort()) {
      if (budget === 0) break;
      const now = ctx.store.peek("lots", id);
      if (now === undefined || now.warned || now.points <= 0n) continue;
      ctx.store.edit("lots", id)!.warned = true;
      budget -= 1;
      ctx.notifications.push({
        event: "points.expiring", key: `${now.account}:${epoch}`, block: at.block, time: at.time, txHash: null,
        data: { account: now.account, epoch: epoch.toString(), points: now.points.toString(), expiresAt: expires.toString(), expiresAtIso: new Date(Number(expires) * 1000).toISOString() },
      });
    }
  }
}
