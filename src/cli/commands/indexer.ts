/**
 * `points index`: the indexer on its own (no API), for a deployment, into the ledger database;
 * it runs until SIGTERM or SIGINT, and delivers webhooks. Logs are JSON lines.
 */
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { findDeployment } from "../connect.js";
import { databaseOption, overIssuanceOption, wholeOption } from "./ledger-options.js";
import { parseDuration } from "../../sdk/time.js";

interface IndexOptions {
  database?: string;
  confirmations?: string;
  rules?: string[];
  overIssuance?: string;
  expiryWarning?: string;
  poll?: string;
  maxLogBlocks?: string;
  rebuildOnMismatch?: boolean;
}

export function registerIndexCommand(program: Command, cli: Cli): void {
  program
    .command("index")
    .description("index the deployment into the ledger database (PGlite in .points/db/<deployment>, or DATABASE_URL) until stopped")
    .option("--database <url|dir>", "a postgres:// URL or a PGlite folder (default: DATABASE_URL, else .points/db/<deployment>)")
    .option("--confirmations <n>", "rows in the last n blocks are unconfirmed (default: 0 on a local chain, 12 elsewhere)")
    .option("--rules <address...>", "EarningRules contracts to follow from the start (others are found through the mall)")
    .option("--over-issuance <points/window>", "alert when an issuer issues more than this in a window, e.g. 100000/1h")
    .option("--expiry-warning <duration>", "expiring points: send points.expiring this long before they expire, e.g. 7d (default 7d)")
    .option("--poll <ms>", "how often to ask for new blocks when caught up")
    .option("--max-log-blocks <n>", "the most blocks in one getLogs request")
    .option("--rebuild-on-mismatch", "if the database holds another deployment's index, rebuild it for this one")
    .action(async (o: IndexOptions) => {
      // Loaded here, not at the top: every other command starts faster without the ledger's modules.
      const [{ openDatabase }, { jsonLogger }, { startLedger }, { stopOnSignals }] = await Promise.all([
        import("../../indexer/database.js"), import("../../indexer/log.js"), import("../../serve/ledger.js"), import("../../serve/run.js"),
      ]);
      const globals = cli.globals();
      const deployment = findDeployment(globals.deployment);
      const log = jsonLogger();
      const database = await openDatabase(databaseOption(o.database, globals.deployment));
      const maxBlocks = o.maxLogBlocks === undefined ? undefined : wholeOption(o.maxLogBlocks, "--max-log-blocks");
      let ledger;
      try {
        ledger = await startLedger({
          database,
          rpcUrl: globals.rpc ?? deployment.rpcUrl ?? "http://127.0.0.1:8545",
          deployment: { token: deployment.token, mall: deployment.mall, forwarder: deployment.forwarder, rules: o.rules, fromBlock: deployment.fromBlock ?? 0 },
          indexer: {
            confirmations: o.confirmations === undefined ? undefined : wholeOption(o.confirmations, "--confirmations"),
            pollIntervalMs: o.poll === undefined ? undefined : wholeOption(o.poll, "--poll"),
            overIssuance: overIssuanceOption(o.overIssuance),
            expiryWarningSeconds: o.expiryWarning === undefined ? undefined : Number(parseDuration(o.expiryWarning, "--expiry-warning")),
            onMismatch: o.rebuildOnMismatch === true ? "rebuild" : "refuse",
            logs: maxBlocks === undefined ? {} : { max: maxBlocks, initial: Math.min(2_000, maxBlocks) },
          },
          log,
        });
      } catch (error) {
        await database.close();
        throw error;
      }
      await stopOnSignals(ledger, log);
    });
}
