import type { ContractRunner, TransactionReceipt } from "ethers";
import { EarningRules__factory, StatusPoints__factory, type EarningRules } from "./contracts.js";
import { requireSigner, send, type PointsClient } from "./client.js";
import { InvalidInputError, PointsError } from "./errors.js";
import { eip712DomainOf } from "./eip712.js";
import { eventsIn } from "./logs.js";
import { parseAddress, parseAmount, parseRef } from "./validate.js";

/** How many tiers a rule's multiplier table covers (tier 0 to 4; StatusPoints has at most 4 thresholds). */
export const TIER_COUNT = 5;

/** Percent of the points per tier 0 to 4 (100 = 1x; 0 = 1x). */
export type TierPercents = [bigint, bigint, bigint, bigint, bigint];

/** An earning rule, as EarningRules stores it (see IEarningRules.Rule). */
export interface EarningRule {
  pointsPerUnit: bigint;
  spendUnit: bigint;
  multiplierBps: bigint;
  minSpend: bigint;
  perPurchaseCap: bigint;
  dailyCap: bigint;
  start: bigint;
  end: bigint;
  /** Days the points wait, pending, for returns (0: spendable at once). */
  holdDays: bigint;
  /** Per tier 0 to 4: percent of the points (100 = 1x; 0 = 1x). */
  tierMultiplierPercent: TierPercents;
}

/** A rule with its id, the version in effect now, and what is scheduled. */
export interface RuleInfo extends EarningRule {
  id: bigint;
  /** When the version shown applies from (seconds). */
  effectiveAt: bigint;
  /** A change announced and not in effect yet, with the time it applies. */
  scheduled: (EarningRule & { effectiveAt: bigint }) | undefined;
  /** When it was retired (0: it was not). */
  retiredAt: bigint;
}

/** What a receipt earned and what became of it (IEarningRules.Purchase). */
export interface PurchaseRecord {
  receipt: string;
  customer: string;
  points: bigint;
  reversed: bigint;
  spend: bigint;
  returnedSpend: bigint;
  /** When its points became, or become, spendable (seconds). */
  releaseAt: bigint;
  released: boolean;
}

/** One merchant's EarningRules contract, bound to the client's signer or provider. */
export function connectRules(client: PointsClient, address: string): EarningRules {
  const runner: ContractRunner = client.signer ?? client.provider;
  return EarningRules__factory.connect(parseAddress(address, "rules contract"), runner);
}

/** A rule with every field given; omitted ones take the plain defaults (1x, no caps, always). */
export function ruleWith(fields: Partial<EarningRule> & Pick<EarningRule, "pointsPerUnit" | "spendUnit">): EarningRule {
  return {
    multiplierBps: 10_000n,
    minSpend: 0n,
    perPurchaseCap: 0n,
    dailyCap: 0n,
    start: 0n,
    end: 0n,
    holdDays: 0n,
    tierMultiplierPercent: [0n, 0n, 0n, 0n, 0n],
    ...fields,
  };
}

function checked(rule: EarningRule): EarningRule {
  if (rule.spendUnit <= 0n) throw new InvalidInputError("spend unit", "must be above 0", "give the spend that earns the points, e.g. 100");
  if (rule.multiplierBps <= 0n) throw new InvalidInputError("multiplier", "must be above 0 (10000 is 1x)", "give 10000 for 1x");
  if (rule.end !== 0n && rule.end <= rule.start) throw new InvalidInputError("window", "it ends before it starts", "give an end after the start");
  if (rule.tierMultiplierPercent.length !== TIER_COUNT) {
    throw new InvalidInputError("tier multipliers", `${rule.tierMultiplierPercent.length} given, not ${TIER_COUNT}`, `give ${TIER_COUNT}, one per tier 0 to 4 (0 means 1x)`);
  }
  return rule;
}

function fromChain(r: Awaited<ReturnType<EarningRules["rule"]>>): EarningRule {
  return {
    pointsPerUnit: r.pointsPerUnit,
    spendUnit: r.spendUnit,
    multiplierBps: r.multiplierBps,
    minSpend: r.minSpend,
    perPurchaseCap: r.perPurchaseCap,
    dailyCap: r.dailyCap,
    start: r.start,
    end: r.end,
    holdDays: r.holdDays,
    tierMultiplierPercent: [...r.tierMultiplierPercent] as TierPercents,
  };
}

/** Adds a rule; it applies after the contract's rule delay. Returns its id and when it applies. */
export async function addRule(
  client: PointsClient,
  rules: EarningRules,
  rule: EarningRule,
): Promise<{ receipt: TransactionReceipt; ruleId: bigint; effectiveAt: bigint }> {
  const receipt = await send(client, rules.addRule, checked(rule));
  return { receipt, ...(await scheduled(rules, receipt)) };
}

/** Changes a rule: at once if it only brings the end forward, else after the rule delay. */
export async function updateRule(
  client: PointsClient,
  rules: EarningRules,
  ruleId: bigint,
  rule: EarningRule,
): Promise<{ receipt: TransactionReceipt; ruleId: bigint; effectiveAt: bigint }> {
  const receipt = await send(client, rules.updateRule, ruleId, checked(rule));
  return { receipt, ...(await scheduled(rules, receipt)) };
}

async function scheduled(rules: EarningRules, receipt: TransactionReceipt): Promise<{ ruleId: bigint; effectiveAt: bigint }> {
  const [e] = await eventsIn(receipt, rules, rules.getEvent("RuleScheduled"));
  if (e === undefined) throw new PointsError("the transaction has no RuleScheduled event", "list the rules to see what it did");
  return { ruleId: e.ruleId, effectiveAt: e.effectiveAt };
}

export async function retireRule(client: PointsClient, rules: EarningRules, ruleId: bigint): Promise<TransactionReceipt> {
  return send(client, rules.retireRule, ruleId);
}

/** Every rule, as it applies now, with what is scheduled and whether it was retired. */
export async function listRules(rules: EarningRules, now?: bigint): Promise<RuleInfo[]> {
  const provider = rules.runner?.provider;
  const time = now ?? BigInt((await provider?.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000));
  const count = await rules.ruleCount();
  const out: RuleInfo[] = [];
  for (let id = 1n; id <= count; id++) {
    const [versions, retiredAt] = await Promise.all([rules.ruleVersions(id), rules.retiredAt(id)]);
    const inEffect = [...versions].reverse().find((v) => v.effectiveAt <= time) ?? versions[0]!;
    const next = versions.at(-1)!;
    out.push({
      id,
      ...fromChain(inEffect.rule),
      effectiveAt: inEffect.effectiveAt,
      scheduled: next.effectiveAt > time ? { ...fromChain(next.rule), effectiveAt: next.effectiveAt } : undefined,
      retiredAt,
    });
  }
  return out;
}

type Rewarded = { receipt: TransactionReceipt; points: bigint; ruleId: bigint; releaseAt: bigint };

/** Reports a purchase (a reporter's key): the points it earned, the rule, and when they are spendable. */
export async function reportPurchase(
  client: PointsClient,
  rules: EarningRules,
  input: { customer: string; spend: bigint | string; receipt: string },
): Promise<Rewarded> {
  const tx = await send(client, rules.reportPurchase, parseAddress(input.customer, "customer"), parseAmount(input.spend, "spend"), parseRef(input.receipt, "receipt"));
  return rewarded(rules, tx);
}

/** The EIP-712 types of a purchase voucher (EarningRules.claimPurchase). */
export const PURCHASE_VOUCHER_TYPES = {
  PurchaseVoucher: [
    { name: "customer", type: "address" },
    { name: "spend", type: "uint256" },
    { name: "receipt", type: "bytes32" },
    { name: "ruleId", type: "uint256" },
    { name: "tier", type: "uint256" },
    { name: "signedAt", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
};

export interface PurchaseVoucher {
  customer: string;
  spend: bigint;
  receipt: string;
  ruleId: bigint;
  tier: bigint;
  signedAt: bigint;
  expiry: bigint;
}

/**
 * Signs a purchase voucher with the client's signer (a reporter, at the till): valued now, by the
 * best rule for this customer and its tier now, whatever the rules are when it is claimed.
 */
export async function signPurchaseVoucher(
  client: PointsClient,
  rules: EarningRules,
  input: { customer: string; spend: bigint | string; receipt: string; validSeconds?: bigint },
): Promise<{ voucher: PurchaseVoucher; signature: string; points: bigint }> {
  const signer = requireSigner(client);
  const customer = parseAddress(input.customer, "customer");
  const spend = parseAmount(input.spend, "spend");
  const receipt = parseRef(input.receipt, "receipt");
  const validSeconds = input.validSeconds ?? 30n * 86_400n;
  if (validSeconds <= 60n || validSeconds > 90n * 86_400n) {
    throw new InvalidInputError("validity", `${validSeconds} s`, "give more than a minute and at most 90 days");
  }
  if ((await rules.purchase(receipt)).customer !== "0x0000000000000000000000000000000000000000") {
    throw new InvalidInputError("receipt", `${input.receipt} was reported already`, "a purchase earns once");
  }
  const [block, [ruleId, points], statusAddress, domain] = await Promise.all([
    client.provider.getBlock("latest"),
    rules.quote(customer, spend),
    rules.status(),
    eip712DomainOf(rules),
  ]);
  const signedAt = BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000));
  let tier = 0n;
  if (statusAddress !== "0x0000000000000000000000000000000000000000") {
    tier = await StatusPoints__factory.connect(statusAddress, client.provider).tierOf(customer);
  }
  const voucher: PurchaseVoucher = { customer, spend, receipt, ruleId, tier, signedAt, expiry: signedAt + validSeconds };
  return { voucher, signature: await signer.signTypedData(domain, PURCHASE_VOUCHER_TYPES, voucher), points };
}

/**
 * Claims a purchase voucher that a reporter signed: only its customer may. A customer with no coin
 * for gas claims it through the client's relay, which forwards claimPurchase to the rules it serves.
 */
export async function claimPurchase(
  client: PointsClient,
  rules: EarningRules,
  voucher: PurchaseVoucher,
  signature: string,
): Promise<Rewarded> {
  const me = await requireSigner(client).getAddress();
  if (me.toLowerCase() !== voucher.customer.toLowerCase()) {
    throw new InvalidInputError("voucher", `it is ${voucher.customer}'s, not ${me}'s`, "only its customer may claim it");
  }
  return rewarded(rules, await send(client, rules.claimPurchase, voucher, signature));
}

/** Issues the pending points of receipts whose return window has passed (anyone may). */
export async function releasePending(client: PointsClient, rules: EarningRules, receipts: string[]): Promise<TransactionReceipt> {
  if (receipts.length === 0) throw new InvalidInputError("receipts", "none given", "give at least one receipt");
  return send(client, rules.release, receipts.map((r) => parseRef(r, "receipt")));
}

/** Reports a return of `returnedSpend` of a receipt's spend (a returns reporter's key). */
export async function reportReturn(
  client: PointsClient,
  rules: EarningRules,
  input: { receipt: string; returnedSpend: bigint | string },
): Promise<{ receipt: TransactionReceipt; cancelled: bigint; takenBack: bigint; owed: bigint }> {
  const tx = await send(client, rules.reportReturn, parseRef(input.receipt, "receipt"), parseAmount(input.returnedSpend, "returned spend"));
  const [e] = await eventsIn(tx, rules, rules.getEvent("ReturnReported"));
  if (e === undefined) throw new PointsError("the transaction has no ReturnReported event", "check the receipt with points rules pending");
  return { receipt: tx, cancelled: e.cancelled, takenBack: e.takenBack, owed: e.owed };
}

/** What a receipt earned and what became of it. */
export async function purchaseOf(rules: EarningRules, receipt: string): Promise<PurchaseRecord | undefined> {
  const ref = parseRef(receipt, "receipt");
  const p = await rules.purchase(ref);
  if (p.customer === "0x0000000000000000000000000000000000000000") return undefined;
  return { receipt: ref, customer: p.customer, points: p.points, reversed: p.reversed, spend: p.spend, returnedSpend: p.returnedSpend, releaseAt: p.releaseAt, released: p.released };
}

/** A customer's pending points here, each receipt with the date it becomes spendable. */
export async function pendingPoints(rules: EarningRules, customer: string): Promise<{ total: bigint; receipts: PurchaseRecord[] }> {
  const address = parseAddress(customer, "customer");
  const [total, events] = await Promise.all([rules.pendingOf(address), rules.queryFilter(rules.filters.PurchaseRewarded(undefined, address))]);
  const receipts: PurchaseRecord[] = [];
  for (const e of events) {
    const record = await purchaseOf(rules, e.args.receipt);
    if (record !== undefined && !record.released && record.points > record.reversed) receipts.push(record);
  }
  return { total, receipts: receipts.sort((a, b) => (a.releaseAt < b.releaseAt ? -1 : 1)) };
}

/** The points, rule and release time of a transaction's PurchaseRewarded event (none: 0s). */
async function rewarded(rules: EarningRules, tx: TransactionReceipt): Promise<Rewarded> {
  const [e] = await eventsIn(tx, rules, rules.getEvent("PurchaseRewarded"));
  return { receipt: tx, points: e?.points ?? 0n, ruleId: e?.ruleId ?? 0n, releaseAt: e?.releaseAt ?? 0n };
}
