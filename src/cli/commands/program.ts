/** The program's mechanics seen from a terminal: its point assets, points by expiry, a member's tier. */
import { connectStatus, expiringSoon, memberStatus, pointAssets, pointsByExpiry, PointsError } from "../../sdk/index.js";
import { argument, kinds, option } from "../args.js";
import { findDeployment } from "../connect.js";
import type { Cli, CommandGroup } from "../context.js";
import { table } from "../output.js";

const when = (t: bigint) => new Date(Number(t) * 1000).toISOString().slice(0, 16).replace("T", " ");

/** The status points contract: --status, else POINTS_STATUS, else the deployment file's; undefined when none names one. */
function statusAddress(cli: Cli, o: { status?: string }): string | undefined {
  if (o.status !== undefined) return o.status;
  if (cli.environment.env.POINTS_STATUS !== undefined) return kinds.address(cli.environment.env.POINTS_STATUS, "POINTS_STATUS");
  try {
    return findDeployment(cli.globals().deployment, cli.environment.cwd).status;
  } catch {
    return undefined; // no deployment file to read: the command's own refusal says what to pass
  }
}

export const program: CommandGroup = (root, cli) => {
  root
    .command("assets")
    .description("the program's point assets: spendable points (and how they expire) and status points (and the tiers)")
    .addOption(option("--status <address>", "the program's StatusPoints contract (env POINTS_STATUS; default: the deployment file's)", kinds.address))
    .action(async (o: { status?: string }) => {
      const assets = await pointAssets(await cli.reader(), { status: statusAddress(cli, o) });
      cli.print(assets, () =>
        table(
          ["class", "symbol", "name", "address", "expiry or window"],
          assets.map((a) => [
            a.class,
            a.symbol,
            a.name,
            a.address,
            a.expiry !== undefined
              ? `expire ${a.expiry.validityEpochs} epochs of ${a.expiry.epochSeconds} s after issue`
              : a.window !== undefined
                ? `count ${a.window.seconds / 86_400n} days; tiers ${a.window.tiers.map((t) => `${t.name} ${t.threshold}`).join(", ")}`
                : "never expire",
          ]),
        ),
      );
    });

  root
    .command("expiring")
    .description("an address's points by when they expire, and what expires soon (points that expire, ERC-7818)")
    .addArgument(argument("address", "whose points", kinds.address))
    .addOption(option("--within <duration>", "what counts as soon", kinds.duration).default(30n * 86_400n, "30d"))
    .action(async (address: string, o: { within: bigint }) => {
      const client = await cli.reader();
      const lots = await pointsByExpiry(client, address);
      if (lots.length === 0 && (await client.token.balanceOf(address)) > 0n) {
        throw new PointsError("this program's points never expire", "points expiring applies to a token deployed with ExpiringPointsSystem");
      }
      const soon = await expiringSoon(client, address, o.within);
      const symbol = await client.token.symbol();
      cli.print({ address, lots, soon: soon.points }, () =>
        [
          table(["epoch", "points", "expire at (UTC)"], lots.map((l) => [l.epoch, l.points, when(l.expiresAt)])),
          `${soon.points} ${symbol} expire within ${o.within / 86_400n} days`,
        ].join("\n"),
      );
    });

  root
    .command("status")
    .description("a member's status points, tier and what the next tier needs")
    .addArgument(argument("address", "the member", kinds.address))
    .addOption(option("--status <address>", "the program's StatusPoints contract (env POINTS_STATUS; default: the deployment file's)", kinds.address))
    .action(async (address: string, o: { status?: string }) => {
      const contract = statusAddress(cli, o);
      if (contract === undefined) throw new PointsError("which status points?", "pass --status <address>, set POINTS_STATUS, or name status in the deployment file");
      const m = await memberStatus(connectStatus(await cli.reader(), contract), address);
      cli.print(m, () =>
        [
          `${m.statusPoints} status points in the last ${m.windowSeconds / 86_400n} days: tier ${m.tier} (${m.tierName})`,
          m.next === undefined ? "the top tier" : `${m.next.missing} more for ${m.next.name} (${m.next.threshold})`,
        ].join("\n"),
      );
    });
};
