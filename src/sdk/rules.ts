import type { ContractRunner, TransactionReceipt } from "ethers";
import { EarningRules__factory, type EarningRules } from "../../types/ethers-contracts/index.js";
import type { IEarningRules } from "../../types/ethers-contracts/contracts/EarningRules.js";
import { send, type PointsClient } from "./client.js";
import { InvalidInputError } from "./errors.js";
import { parseAddress, parseAmount, parseRef } from "./validate.js";

/** An earning rule, as EarningRules stores it (see IEarningRules). */
export interface EarningRule {
  pointsPerUnit: bigint;
  spendUnit: bigint;
  multiplierBps: bigint;
  minSpend: bigint;
  perPurchaseCap: bigint;
  dailyCap: bigint;
  start: bigint;
  end: bigint;
  active: boolean;
}

/** One merchant's EarningRules contract, bound to the client's signer or provider. */
export function connectRules(client: PointsClient, address: string): EarningRules {
  const runner: ContractRunner = client.signer ?? client.provider;
  return EarningRules__factory.connect(parseAddress(address, "rules contract"), runner);
}

function checked(rule: EarningRule): EarningRule {
  if (rule.spendUnit <= 0n) throw new InvalidInputError("spend unit", "must be above 0");
  if (rule.multiplierBps <= 0n) throw new InvalidInputError("multiplier", "must be above 0 (10000 is 1x)");
  if (rule.end !== 0n && rule.end <= rule.start) throw new InvalidInputError("window", "it ends before it starts");
  return rule;
}

export async function addRule(client: PointsClient, rules: EarningRules, rule: EarningRule): Promise<{ receipt: TransactionReceipt; ruleId: bigint }> {
  const receipt = await send(client, rules.addRule, checked(rule));
  return { receipt, ruleId: await rules.ruleCount() };
}

export async function updateRule(client: PointsClient, rules: EarningRules, ruleId: bigint, rule: EarningRule): Promise<TransactionReceipt> {
  return send(client, rules.updateRule, ruleId, checked(rule));
}

export async function retireRule(client: PointsClient, rules: EarningRules, ruleId: bigint): Promise<TransactionReceipt> {
  return send(client, rules.retireRule, ruleId);
}

export async function listRules(rules: EarningRules): Promise<(EarningRule & { id: bigint })[]> {
  const count = await rules.ruleCount();
  const out: (EarningRule & { id: bigint })[] = [];
  for (let id = 1n; id <= count; id++) {
    const r = await rules.rule(id);
    out.push({ id, pointsPerUnit: r.pointsPerUnit, spendUnit: r.spendUnit, multiplierBps: r.multiplierBps, minSpend: r.minSpend, perPurchaseCap: r.perPurchaseCap, dailyCap: r.dailyCap, start: r.start, end: r.end, active: r.active });
  }
  return out;
}

/** Reports a purchase (a reporter's key): returns the points it earned and the rule that applied. */
export async function reportPurchase(
  client: PointsClient,
  rules: EarningRules,
  input: { customer: string; spend: bigint | string; receipt: string },
): Promise<{ receipt: TransactionReceipt; points: bigint; ruleId: bigint }> {
  const tx = await send(client, rules.reportPurchase, parseAddress(input.customer, "customer"), parseAmount(input.spend, "spend"), parseRef(input.receipt, "receipt"));
  return rewarded(rules, tx);
}

/**
 * Claims a purchase voucher that a reporter signed. A customer with no coin for gas claims it
 * through the client's relay, which forwards claimPurchase to the rules contracts it serves.
 */
export async function claimPurchase(
  client: PointsClient,
  rules: EarningRules,
  voucher: IEarningRules.PurchaseVoucherStruct,
  signature: string,
): Promise<{ receipt: TransactionReceipt; points: bigint; ruleId: bigint }> {
  return rewarded(rules, await send(client, rules.claimPurchase, voucher, signature));
}

/** The points and rule of a transaction's PurchaseRewarded event (none: 0 and 0). */
function rewarded(rules: EarningRules, tx: TransactionReceipt): { receipt: TransactionReceipt; points: bigint; ruleId: bigint } {
  for (const log of tx.logs) {
    const parsed = rules.interface.parseLog(log);
    if (parsed?.name === "PurchaseRewarded") return { receipt: tx, points: parsed.args.points as bigint, ruleId: parsed.args.ruleId as bigint };
  }
  return { receipt: tx, points: 0n, ruleId: 0n };
}
