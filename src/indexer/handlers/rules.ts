/**
 * A merchant's EarningRules contract: its rules (each rule's latest scheduled version, when it
 * takes effect, when it was retired) and the purchases they rewarded, with what became of them
 * (released from pending, returned: cancelled, taken back or owed). Kept to the contract's events,
 * so a change of that contract means a change of this file alone.
 */
import { readableRef } from "../../sdk/validate.js";
import type { ApplyContext } from "../context.js";
import type { LogPosition } from "../decode.js";
import type { Stored } from "../tables.js";
import { roleGranted, roleRevoked } from "./roles.js";
import type { HandlerTable } from "./types.js";

const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

function rule(ctx: ApplyContext, pos: LogPosition, ruleId: bigint): Stored<"rules"> {
  const key = `${pos.address}:${ruleId}`;
  const row = ctx.store.edit("rules", key, () => ({
    id: key, contract: pos.address, rule_id: ruleId, version: 0n, params: "{}", effective_at: 0n, retired_at: null, block_number: pos.block, updated_block: pos.block,
  }))!;
  row.updated_block = pos.block;
  return row;
}

const purchaseKey = (pos: LogPosition, receipt: string) => `${pos.address}:${receipt}`;

function purchase(ctx: ApplyContext, pos: LogPosition, receipt: string): Stored<"purchases"> | undefined {
  const row = ctx.store.edit("purchases", purchaseKey(pos, receipt));
  if (row !== undefined) row.updated_block = pos.block;
  return row;
}

export const rulesHandlers: HandlerTable["rules"] = {
  RuleScheduled: {
    apply: ({ args, pos }, ctx) => {
      const row = rule(ctx, pos, args.ruleId);
      row.version = args.version;
      row.params = json(args.rule);
      row.effective_at = args.effectiveAt;
    },
  },
  RuleRetired: { apply: ({ args, pos }, ctx) => void (rule(ctx, pos, args.ruleId).retired_at = args.retiredAt) },
  PurchaseRewarded: {
    keys: (e, k) => void k.purchases.add(purchaseKey(e.pos, e.args.receipt)),
    apply: ({ args, pos }, ctx) => {
      const id = purchaseKey(pos, args.receipt);
      ctx.store.edit("purchases", id, () => ({
        id, contract: pos.address, receipt: args.receipt, receipt_text: readableRef(args.receipt), customer: args.customer, spend: args.spend, rule_id: args.ruleId,
        points: args.points, release_at: args.releaseAt, released: false, returned_spend: 0n, cancelled: 0n, taken_back: 0n, owed: 0n,
        block_number: pos.block, log_index: pos.logIndex, block_time: pos.time, tx_hash: pos.txHash, updated_block: pos.block,
      }));
    },
  },
  PurchaseReleased: {
    keys: (e, k) => void k.purchases.add(purchaseKey(e.pos, e.args.receipt)),
    apply: ({ args, pos }, ctx) => {
      const row = purchase(ctx, pos, args.receipt);
      if (row !== undefined) row.released = true;
    },
  },
  ReturnReported: {
    keys: (e, k) => void k.purchases.add(purchaseKey(e.pos, e.args.receipt)),
    apply: ({ args, pos }, ctx) => {
      const row = purchase(ctx, pos, args.receipt);
      if (row === undefined) return;
      row.returned_spend += args.returnedSpend;
      row.cancelled += args.cancelled;
      row.taken_back += args.takenBack;
      row.owed += args.owed;
    },
  },
  RoleGranted: { apply: ({ args, pos }, ctx) => roleGranted(ctx, args, pos) },
  RoleRevoked: { apply: ({ args, pos }, ctx) => roleRevoked(ctx, args, pos) },
};
