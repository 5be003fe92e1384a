/**
 * The points token's events. A Transfer says how many points moved; the Issued, BatchIssued,
 * Burned or Refunded event of the same transaction says why (apply.ts pairs them), which makes the
 * movement's kind, counterparty and reference.
 */
import { ZeroAddress } from "ethers";
import { readableRef } from "../../sdk/validate.js";
import { isZero, type ApplyContext, type MintOrBurn } from "../context.js";
import { burnLots, lotKeys, mintLot, moveLots } from "../expiry.js";
import type { LogPosition } from "../decode.js";
import { roleGranted, roleRevoked } from "./roles.js";
import { windowId, type HandlerTable } from "./types.js";

const UNEXPLAINED_MINT: MintOrBurn = { kind: "issued", counterparty: ZeroAddress, ref: "", batch: true };

/** Records that `issuer` issued to `holder`; its customers' past and future redemptions count for it. */
function addCustomer(ctx: ApplyContext, holder: string, issuer: string, block: number): void {
  const h = ctx.holder(holder, block);
  const issuers = h.issuers === "" ? [] : h.issuers.split(",");
  if (issuers.includes(issuer)) return;
  issuers.push(issuer);
  h.issuers = issuers.join(",");
  ctx.issuer(issuer, block).redeemed_by_customers += h.redeemed;
}

/** Points redeemed (positive) or refunded (negative) by `holder`, for every issuer that issued to it. */
function redeemedBy(ctx: ApplyContext, holder: string, points: bigint, block: number): void {
  const h = ctx.holder(holder, block);
  h.redeemed += points;
  if (h.issuers === "") return;
  for (const issuer of h.issuers.split(",")) ctx.issuer(issuer, block).redeemed_by_customers += points;
}

/** What an issuance adds to its issuer, its merchant, the totals, the day and the issuance window. */
function issued(ctx: ApplyContext, issuer: string, amount: bigint, pos: LogPosition, row: { recipient: string | null; recipients: number; ref: string; batch: boolean }): void {
  const i = ctx.issuer(issuer, pos.block);
  i.issued += amount;
  i.issuances += 1;
  i.quota -= amount;
  i.last_block = pos.block;
  ctx.touched.issuers.add(issuer);
  const merchantId = ctx.merchantOf(issuer);
  const merchant = merchantId === 0 ? undefined : ctx.store.edit("merchants", String(merchantId));
  if (merchant !== undefined) merchant.issued += amount;
  ctx.totals().issued += amount;
  ctx.day(pos.time).issued += amount;
  ctx.insert.issuances.push({
    block_number: pos.block, log_index: pos.logIndex, block_time: pos.time, tx_hash: pos.txHash, issuer, merchant_id: merchantId,
    amount, recipients: row.recipients, recipient: row.recipient, ref: row.ref, ref_text: readableRef(row.ref), batch: row.batch,
  });
  const limit = ctx.config.overIssuance;
  if (limit !== undefined) {
    const w = windowId(issuer, pos.time, limit.windowSeconds);
    const win = ctx.store.edit("issuer_windows", w.id, () => ({ id: w.id, issuer, window_start: w.start, issued: 0n }))!;
    const before = win.issued;
    win.issued += amount;
    if (before <= limit.points && win.issued > limit.points) {
      const details = { issuer, windowStart: w.start, windowSeconds: limit.windowSeconds, issued: win.issued, threshold: limit.points };
      ctx.insert.alerts.push({ id: `over_issuance:${w.id}`, kind: "over_issuance", block_number: pos.block, block_time: pos.time, details: JSON.stringify(details, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) });
      ctx.notify("issuer.over_issuance", pos, details);
    }
  }
  ctx.notify("points.issued", pos, { issuer, merchantId, amount, recipients: row.recipients, recipient: row.recipient, ref: row.ref, refText: readableRef(row.ref), batch: row.batch });
}

export const tokenHandlers: HandlerTable["token"] = {
  Transfer: {
    keys: (e, k, c) => {
      if (!isZero(e.args.from)) k.holders.add(e.args.from);
      if (!isZero(e.args.to)) k.holders.add(e.args.to);
      if (c.expiry === undefined) return;
      if (!isZero(e.args.from)) lotKeys(c.expiry, e.args.from, e.pos.time, k.lots);
      if (!isZero(e.args.to)) lotKeys(c.expiry, e.args.to, e.pos.time, k.lots);
    },
    apply: ({ args: { from, to, value }, pos }, ctx) => {
      const t = ctx.totals();
      t.transfers += 1;
      if (isZero(from) && isZero(to)) return;
      const rules = ctx.config.expiry;
      if (rules !== undefined) {
        if (isZero(from)) mintLot(ctx, rules, to, value, pos.time, ctx.tx.reasons.get(pos.logIndex)?.kind === "refunded");
        else if (isZero(to)) burnLots(ctx, rules, from, value, pos.time);
        else if (from !== to) moveLots(ctx, rules, from, to, value, pos.time, ctx.tx.atEpoch.get(pos.logIndex));
      }
      if (isZero(from)) {
        t.supply += value;
        const why = ctx.tx.reasons.get(pos.logIndex) ?? UNEXPLAINED_MINT;
        const balance = ctx.credit(to, value, pos.block);
        ctx.movement(to, pos, { kind: why.kind, points: value, balance, counterparty: why.counterparty, ref: why.ref, orderId: why.kind === "refunded" ? BigInt(why.ref) : null, batch: why.batch });
        if (why.kind === "issued" && !isZero(why.counterparty)) addCustomer(ctx, to, why.counterparty, pos.block);
      } else if (isZero(to)) {
        t.supply -= value;
        const why = ctx.tx.reasons.get(pos.logIndex);
        const balance = ctx.credit(from, -value, pos.block);
        ctx.movement(from, pos, why === undefined
          ? { kind: "burned", points: -value, balance, counterparty: ZeroAddress, ref: "", orderId: null, batch: false }
          : { kind: why.kind, points: -value, balance, counterparty: why.counterparty, ref: why.ref, orderId: BigInt(why.ref), batch: false });
      } else if (from !== to) {
        const d = ctx.day(pos.time);
        d.transfers += 1;
        d.transferred += value;
        ctx.movement(from, pos, { kind: "sent", points: -value, balance: ctx.credit(from, -value, pos.block), counterparty: to, ref: "", orderId: null, batch: false });
        ctx.movement(to, pos, { kind: "received", points: value, balance: ctx.credit(to, value, pos.block), counterparty: from, ref: "", orderId: null, batch: false });
      }
    },
  },
  Issued: {
    keys: (e, k, c) => {
      if (c.windowSeconds !== undefined) k.issuer_windows.add(windowId(e.args.issuer, e.pos.time, c.windowSeconds).id);
    },
    apply: ({ args, pos }, ctx) => issued(ctx, args.issuer, args.amount, pos, { recipient: args.to, recipients: 1, ref: args.ref, batch: false }),
  },
  BatchIssued: {
    keys: (e, k, c) => {
      if (c.windowSeconds !== undefined) k.issuer_windows.add(windowId(e.args.issuer, e.pos.time, c.windowSeconds).id);
    },
    apply: ({ args, pos }, ctx) => issued(ctx, args.issuer, args.total, pos, { recipient: null, recipients: Number(args.recipients), ref: args.batchRef, batch: true }),
  },
  Burned: {
    keys: (e, k) => void k.holders.add(e.args.from),
    apply: ({ args, pos }, ctx) => {
      ctx.totals().burned += args.amount;
      ctx.day(pos.time).burned += args.amount;
      ctx.burner(args.burner).burned += args.amount;
      ctx.touched.burners.add(args.burner);
      redeemedBy(ctx, args.from, args.amount, pos.block);
    },
  },
  Refunded: {
    keys: (e, k) => void k.holders.add(e.args.to),
    apply: ({ args, pos }, ctx) => {
      ctx.totals().refunded += args.amount;
      ctx.day(pos.time).refunded += args.amount;
      ctx.burner(args.burner).refunded += args.amount;
      ctx.touched.burners.add(args.burner);
      redeemedBy(ctx, args.to, -args.amount, pos.block);
    },
  },
  BurnFinalized: {
    apply: ({ args }, ctx) => {
      ctx.totals().finalized += args.amount;
      ctx.burner(args.burner).finalized += args.amount;
      ctx.touched.burners.add(args.burner);
    },
  },
  IssuerQuotaSet: {
    apply: ({ args, pos }, ctx) => {
      ctx.issuer(args.issuer, pos.block).quota = args.newQuota;
      ctx.touched.issuers.add(args.issuer);
    },
  },
  RoleGranted: { apply: ({ args, pos }, ctx) => roleGranted(ctx, args, pos) },
  RoleRevoked: { apply: ({ args, pos }, ctx) => roleRevoked(ctx, args, pos) },
  Paused: { apply: (_e, ctx) => void (ctx.totals().paused = true) },
  Unpaused: { apply: (_e, ctx) => void (ctx.totals().paused = false) },
};
