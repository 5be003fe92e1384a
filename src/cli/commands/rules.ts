/**
 * A merchant's earning rules (an EarningRules contract): rules that apply after the contract's
 * delay, purchases and returns, pending points. Kept thin: the SDK's rules.ts does the work.
 */
import {
  addRule,
  connectRules,
  formatTime,
  InvalidInputError,
  listRules,
  pendingPoints,
  PointsError,
  readableRef,
  releasePending,
  reportPurchase,
  reportReturn,
  retireRule,
  TIER_COUNT,
  type TierPercents,
} from "../../sdk/index.js";
import { Argument } from "commander";
import { argument, kinds, option, type Parse } from "../args.js";
import type { Cli, CommandGroup } from "../context.js";
import { table } from "../output.js";

const rulesOption = () => option("--rules <address>", "the EarningRules contract (env POINTS_RULES)", kinds.address);

function rulesAddress(cli: Cli, o: { rules?: string }): string {
  const fromEnv = cli.environment.env.POINTS_RULES;
  if (o.rules !== undefined) return o.rules;
  if (fromEnv !== undefined && fromEnv !== "") return kinds.address(fromEnv, "POINTS_RULES");
  throw new PointsError("which rules contract?", "pass --rules <address> or set POINTS_RULES");
}

/** Five whole percents, tiers 0 to 4 (100 = 1x; 0 = 1x). */
const tierPercents: Parse<TierPercents> = (text, field) => {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length !== TIER_COUNT) throw new InvalidInputError(field, `"${text}" has ${parts.length} percents, not ${TIER_COUNT}`, "give five, tiers 0 to 4, e.g. 100,110,125,150,200 (0 means 1x)");
  return parts.map((p) => kinds.spendOrZero(p, field)) as TierPercents;
};

interface AddOptions {
  rules?: string;
  points: bigint;
  per: bigint;
  multiplier: number;
  min: bigint;
  cap: bigint;
  dailyCap: bigint;
  start?: bigint;
  end?: bigint;
  holdDays: bigint;
  tierMultipliers: TierPercents;
}

const minute = (t: bigint) => formatTime(t).slice(0, 16).replace("T", " ");

export const rules: CommandGroup = (program, cli) => {
  const group = program.command("rules").description("a merchant's earning rules (an EarningRules contract)");

  group
    .command("list")
    .description("the rules as they apply now, and what is scheduled")
    .addOption(rulesOption())
    .action(async (o: { rules?: string }) => {
      const list = await listRules(connectRules(await cli.reader(), rulesAddress(cli, o)));
      const state = (r: (typeof list)[number]) =>
        r.retiredAt !== 0n ? `retired ${minute(r.retiredAt)}` : r.scheduled !== undefined ? `changes ${minute(r.scheduled.effectiveAt)}` : `live since ${minute(r.effectiveAt)}`;
      cli.print(list, () =>
        table(
          ["rule", "points", "per spend", "multiplier", "min spend", "cap", "daily cap", "hold", "window", "state"],
          list.map((r) => [r.id, r.pointsPerUnit, r.spendUnit, `${Number(r.multiplierBps) / 10_000}x`, r.minSpend, r.perPurchaseCap === 0n ? "-" : r.perPurchaseCap, r.dailyCap === 0n ? "-" : r.dailyCap, r.holdDays === 0n ? "-" : `${r.holdDays} d`, r.start === 0n && r.end === 0n ? "always" : `${r.start}-${r.end === 0n ? "" : r.end}`, state(r)]),
        ),
      );
    });

  group
    .command("add")
    .description("add a rule (a rules manager's key); it applies after the contract's rule delay")
    .addOption(rulesOption())
    .addOption(option("--points <n>", "points per spend unit", kinds.spend).makeOptionMandatory())
    .addOption(option("--per <spend>", "the spend unit, e.g. 100 (cents)", kinds.spend).makeOptionMandatory())
    .addOption(option("--multiplier <x>", "campaign multiplier, e.g. 2 or 1.5", kinds.positiveDecimal, { value: 1, shown: "1" }))
    .addOption(option("--min <spend>", "minimum spend", kinds.spendOrZero, { value: 0n, shown: "0" }))
    .addOption(option("--cap <points>", "most points per purchase (0: none)", kinds.rulePoints, { value: 0n, shown: "0" }))
    .addOption(option("--daily-cap <points>", "most points per customer per UTC day (0: none)", kinds.rulePoints, { value: 0n, shown: "0" }))
    .addOption(option("--start <time>", "from: 2026-12-01 (UTC), an ISO time with zone, or unix seconds", kinds.time))
    .addOption(option("--end <time>", "until, not included (same formats)", kinds.time))
    .addOption(option("--hold-days <days>", "days the points wait for returns before they are spendable", kinds.spendOrZero, { value: 0n, shown: "0" }))
    .addOption(option("--tier-multipliers <percents>", "percent of the points for tiers 0 to 4, e.g. 100,110,125,150,200", tierPercents, { value: [0n, 0n, 0n, 0n, 0n], shown: "0,0,0,0,0" }))
    .action(async (o: AddOptions) => {
      const client = await cli.writer();
      const r = await addRule(client, connectRules(client, rulesAddress(cli, o)), {
        pointsPerUnit: o.points,
        spendUnit: o.per,
        multiplierBps: BigInt(Math.round(o.multiplier * 10_000)),
        minSpend: o.min,
        perPurchaseCap: o.cap,
        dailyCap: o.dailyCap,
        start: o.start ?? 0n,
        end: o.end ?? 0n,
        holdDays: o.holdDays,
        tierMultiplierPercent: o.tierMultipliers,
      });
      cli.sent(r.receipt, `added rule ${r.ruleId}; it applies from ${formatTime(r.effectiveAt)}`);
    });

  group
    .command("return")
    .description("report a return (a returns reporter's key): cancels pending points or takes back issued ones, in proportion")
    .addArgument(argument("receipt", "the receipt of the purchase", kinds.reference))
    .addArgument(argument("spend", "how much of the receipt's spend came back", kinds.spend))
    .addOption(rulesOption())
    .action(async (receipt: string, spend: bigint, o: { rules?: string }) => {
      const client = await cli.writer();
      const r = await reportReturn(client, connectRules(client, rulesAddress(cli, o)), { receipt, returnedSpend: spend });
      cli.print({ cancelled: r.cancelled, takenBack: r.takenBack, owed: r.owed, tx: r.receipt.hash }, () =>
        `return of ${spend} on ${receipt}: ${r.cancelled} pending points cancelled, ${r.takenBack} taken back, ${r.owed} owed from the customer's next rewards`,
      );
    });

  group
    .command("pending")
    .description("a customer's pending points and when each becomes spendable")
    .addArgument(argument("customer", "the customer's address", kinds.address))
    .addOption(rulesOption())
    .action(async (customer: string, o: { rules?: string }) => {
      const p = await pendingPoints(connectRules(await cli.reader(), rulesAddress(cli, o)), customer);
      cli.print(p, () =>
        [`${p.total} points pending`, table(["receipt", "points", "spendable from"], p.receipts.map((r) => [readableRef(r.receipt), r.points - r.reversed, formatTime(r.releaseAt)]))].join("\n"),
      );
    });

  const receipts = new Argument("<receipt...>", "the receipts whose points to release");
  receipts.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), kinds.reference(value, "receipt")]);
  group
    .command("release")
    .description("issue the pending points of receipts whose return window has passed (anyone)")
    .addArgument(receipts)
    .addOption(rulesOption())
    .action(async (list: string[], o: { rules?: string }) => {
      const client = await cli.writer();
      cli.sent(await releasePending(client, connectRules(client, rulesAddress(cli, o)), list), `released ${list.length} receipt(s)`);
    });

  group
    .command("retire")
    .description("retire a rule, at once and for good")
    .addArgument(argument("rule", "the rule's id", kinds.rule))
    .addOption(rulesOption())
    .action(async (rule: bigint, o: { rules?: string }) => {
      const client = await cli.writer();
      cli.sent(await retireRule(client, connectRules(client, rulesAddress(cli, o)), rule), `retired rule ${rule}`);
    });

  program
    .command("purchase")
    .description("report a purchase (a reporter's key): the merchant's rules decide the points")
    .addArgument(argument("customer", "the customer's address", kinds.address))
    .addArgument(argument("spend", "the amount spent, in the rules' unit (e.g. cents)", kinds.spend))
    .addOption(option("--receipt <ref>", "the receipt: each earns once", kinds.reference).makeOptionMandatory())
    .addOption(rulesOption())
    .action(async (customer: string, spend: bigint, o: { receipt: string; rules?: string }) => {
      const client = await cli.writer();
      const r = await reportPurchase(client, connectRules(client, rulesAddress(cli, o)), { customer, spend, receipt: o.receipt });
      cli.print({ points: r.points, ruleId: r.ruleId, releaseAt: r.releaseAt, tx: r.receipt.hash }, () =>
        r.points === 0n ? "no rule applied: no points" : `${r.points} points earned under rule ${r.ruleId} (tx ${r.receipt.hash})`,
      );
    });
};
