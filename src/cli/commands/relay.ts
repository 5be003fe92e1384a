/** `points relay`: runs the relay that pays customers' gas (src/relay), from the key the CLI signs with. */
import { Option } from "commander";
import { formatEther, getAddress } from "ethers";
import { PointsError } from "../../sdk/index.js";
import { findDeployment } from "../../sdk/node.js";
import { kinds, option } from "../args.js";
import type { CommandGroup } from "../context.js";
import { RELAYED_SUMMARY, startRelay } from "../../relay/index.js";

interface RelayOptions {
  port: number;
  host: string;
  requestsPerMinute: number;
  spendCap: bigint;
  allowOrigin?: string[];
  rules?: string[];
  database?: string;
}

export const relay: CommandGroup = (program, cli) => {
  const origins = new Option("--allow-origin <url...>", "web pages (origins) that may call the relay, e.g. http://127.0.0.1:8080");
  origins.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), kinds.url(value, "--allow-origin")]);
  const rules = new Option("--rules <address...>", 'EarningRules contracts whose claimPurchase it forwards (default: the deployment file\'s "rules" list)');
  rules.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), kinds.address(value, "--rules")]);
  program
    .command("relay")
    .description(`run the relayer that pays customers' gas (ERC-2771; forwards ${RELAYED_SUMMARY})`)
    .addOption(option("--port <n>", "port to listen on", kinds.port, { value: 8090, shown: "8090" }))
    .addOption(option("--host <address>", "interface to listen on; keep 127.0.0.1 and put a TLS proxy in front for the internet", kinds.text, { value: "127.0.0.1", shown: "127.0.0.1" }))
    .addOption(option("--requests-per-minute <n>", "most requests one address may send a minute", kinds.perMinute, { value: 10, shown: "10" }))
    .addOption(option("--spend-cap <coin>", "most native coin the relayer spends for one address a day", kinds.coin, { value: 10n ** 16n, shown: "0.01" }))
    .addOption(origins)
    .addOption(rules)
    .addOption(option("--database <url>", "keep the limits in this PostgreSQL database (default: DATABASE_URL), shared by every relay that uses it and kept across restarts", kinds.url))
    .action(async (o: RelayOptions) => {
      const deployment = findDeployment(cli.globals().deployment, cli.environment.cwd);
      if (deployment.forwarder === undefined) {
        throw new PointsError("the deployment does not name its forwarder", "deploy with ignition/modules/PointsSystem.ts, which deploys PointsForwarder");
      }
      const client = await cli.writer();
      if (!(await client.token.isTrustedForwarder(deployment.forwarder))) {
        throw new PointsError(`the token does not trust ${deployment.forwarder}`, "check --deployment: its forwarder is not the token's");
      }
      const signer = client.signer!;
      const rateLimit = { requests: o.requestsPerMinute, windowSeconds: 60 };
      const spendCap = { wei: o.spendCap, windowSeconds: 86_400 };
      const databaseUrl = o.database ?? (cli.environment.env.DATABASE_URL || undefined);
      if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
        throw new PointsError(`--database ${databaseUrl}: not a postgres:// URL`, "give the PostgreSQL URL the relays share, like postgres://relay@db.internal/points");
      }
      // Loaded only when asked for: the relay without a database starts without the database's modules.
      const database = databaseUrl === undefined ? undefined : await (await import("../../indexer/database.js")).openDatabase({ url: databaseUrl });
      const stores = database === undefined ? undefined : (await import("../../relay/dbLimits.js")).databaseLimitStores(database.db, rateLimit, spendCap);
      const rulesContracts = o.rules ?? deployment.rules ?? [];
      const { url } = await startRelay(
        {
          signer,
          forwarder: deployment.forwarder,
          token: await client.token.getAddress(),
          mall: await client.mall.getAddress(),
          rules: rulesContracts,
          rateLimit,
          spendCap,
          stores,
          allowOrigins: o.allowOrigin ?? [],
        },
        o.port,
        o.host,
      );
      const relayer = await signer.getAddress();
      const balance = await client.provider.getBalance(relayer);
      const say = (line: string) => cli.environment.io.out(`${line}\n`);
      say(`relay listening on ${url}`);
      say(`  relayer ${relayer} (balance ${formatEther(balance)}): it pays the gas and holds no role`);
      say(`  forwards ${RELAYED_SUMMARY}`);
      say(`  rules contracts: ${rulesContracts.length === 0 ? "none" : rulesContracts.map((r) => getAddress(r)).join(", ")}`);
      say(`  per address: one request at a time, ${o.requestsPerMinute} requests a minute, ${formatEther(o.spendCap)} of gas a day (failed transactions count)`);
      say(`  limits kept ${database === undefined ? "in memory: a restart resets them (--database keeps them in PostgreSQL)" : `in ${database.description}, shared by every relay that uses it`}`);
      say("  Ctrl-C stops it");
      await new Promise(() => undefined); // serve until stopped
    });
};
