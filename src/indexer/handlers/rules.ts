/**
 * A merchant's EarningRules contract: its rules and the purchases they rewarded. Kept to the
 * events themselves (the contract is being rewritten: rule versions, pending points, tiers), so
 * adapting means changing this file alone.
 */
import { readableRef } from "../../sdk/validate.js";
import type { ApplyContext } from "../context.js";
import type { LogPosition } from "../decode.js";
import { roleGranted, roleRevoked } from "./roles.js";
import type { HandlerTable } from "./types.js";

const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

function setRule(ctx: ApplyContext, pos: LogPosition, ruleId: bigint, params: { active: boolean } | undefined, retire = false): void {
  const key = `${pos.address}:${ruleId}`;
  const row = ctx.store.edit("rules", key, () => ({
    id: key, contract: pos.address, rule_id: ruleId, params: "{}", active: false, block_number: pos.block, updated_block: pos.block,
  }))!;
  if (params !== undefined) {
    row.params = json(params);
    row.active = params.active;
  }
  if (retire) row.active = false;
  row.updated_block = pos.block;
}

export const rulesHandlers: HandlerTable["rules"] = {
  RuleAdded: { apply: ({ args, pos }, ctx) => setRule(ctx, pos, args.ruleId, args.rule) },
  RuleUpdated: { apply: ({ args, pos }, ctx) => setRule(ctx, pos, args.ruleId, args.rule) },
  RuleRetired: { apply: ({ args, pos }, ctx) => setRule(ctx, pos, args.ruleId, undefined, true) },
  PurchaseRewarded: {
    apply: ({ args, pos }, ctx) => {
      ctx.insert.purchases.push({
        block_number: pos.block, log_index: pos.logIndex, block_time: pos.time, tx_hash: pos.txHash, contract: pos.address,
        receipt: args.receipt, receipt_text: readableRef(args.receipt), customer: args.customer, spend: args.spend, rule_id: args.ruleId, points: args.points,
      });
    },
  },
  RoleGranted: { apply: ({ args, pos }, ctx) => roleGranted(ctx, args, pos) },
  RoleRevoked: { apply: ({ args, pos }, ctx) => roleRevoked(ctx, args, pos) },
};
