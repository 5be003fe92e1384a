/**
 * A merchant's earning rules (an EarningRules contract) and reporting purchases. Kept thin: the
 * contract is being rewritten, and these commands follow it.
 */
import { addRule, connectRules, listRules, PointsError, reportPurchase, retireRule } from "../../sdk/index.js";
import { argument, kinds, option } from "../args.js";
import type { Cli, CommandGroup } from "../context.js";
import { table } from "../output.js";

const rulesOption = () => option("--rules <address>", "the EarningRules contract (env POINTS_RULES)", kinds.address);

function rulesAddress(cli: Cli, o: { rules?: string }): string {
  const fromEnv = cli.environment.env.POINTS_RULES;
  if (o.rules !== undefined) return o.rules;
  if (fromEnv !== undefined && fromEnv !== "") return kinds.address(fromEnv, "POINTS_RULES");
  throw new PointsError("which rules contract?", "pass --rules <address> or set POINTS_RULES");
}

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
  inactive?: boolean;
}

export const rules: CommandGroup = (program, cli) => {
  const group = program.command("rules").description("a merchant's earning rules (an EarningRules contract)");

  group
    .command("list")
    .description("the rules and their terms")
    .addOption(rulesOption())
    .action(async (o: { rules?: string }) => {
      const list = await listRules(connectRules(await cli.reader(), rulesAddress(cli, o)));
      cli.print(list, () =>
        table(
          ["rule", "points", "per spend", "multiplier", "min spend", "cap", "daily cap", "window", "active"],
          list.map((r) => [r.id, r.pointsPerUnit, r.spendUnit, `${Number(r.multiplierBps) / 10_000}x`, r.minSpend, r.perPurchaseCap === 0n ? "-" : r.perPurchaseCap, r.dailyCap === 0n ? "-" : r.dailyCap, r.start === 0n && r.end === 0n ? "always" : `${r.start}-${r.end === 0n ? "" : r.end}`, r.active ? "yes" : "no"]),
        ),
      );
    });

  group
    .command("add")
    .description("add a rule (a rules manager's key)")
    .addOption(rulesOption())
    .addOption(option("--points <n>", "points per spend unit", kinds.spend).makeOptionMandatory())
    .addOption(option("--per <spend>", "the spend unit, e.g. 100 (cents)", kinds.spend).makeOptionMandatory())
    .addOption(option("--multiplier <x>", "campaign multiplier, e.g. 2 or 1.5", kinds.positiveDecimal, { value: 1, shown: "1" }))
    .addOption(option("--min <spend>", "minimum spend", kinds.spendOrZero, { value: 0n, shown: "0" }))
    .addOption(option("--cap <points>", "most points per purchase (0: none)", kinds.rulePoints, { value: 0n, shown: "0" }))
    .addOption(option("--daily-cap <points>", "most points per customer per UTC day (0: none)", kinds.rulePoints, { value: 0n, shown: "0" }))
    .addOption(option("--start <time>", "from: 2026-12-01 (UTC), an ISO time with zone, or unix seconds", kinds.time))
    .addOption(option("--end <time>", "until, not included (same formats)", kinds.time))
    .option("--inactive", "add it retired")
    .action(async (o: AddOptions) => {
      const client = await cli.writer();
      const contract = connectRules(client, rulesAddress(cli, o));
      const r = await addRule(client, contract, {
        pointsPerUnit: o.points,
        spendUnit: o.per,
        multiplierBps: BigInt(Math.round(o.multiplier * 10_000)),
        minSpend: o.min,
        perPurchaseCap: o.cap,
        dailyCap: o.dailyCap,
        start: o.start ?? 0n,
        end: o.end ?? 0n,
        active: o.inactive !== true,
      });
      cli.sent(r.receipt, `added rule ${r.ruleId}`);
    });

  group
    .command("retire")
    .description("retire a rule")
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
      cli.print({ points: r.points, ruleId: r.ruleId, tx: r.receipt.hash }, () =>
        r.points === 0n ? "no rule applied: no points" : `${r.points} points earned under rule ${r.ruleId} (tx ${r.receipt.hash})`,
      );
    });
};
