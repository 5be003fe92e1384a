/**
 * `points serve`: the indexer, the ledger API, the relay and the web app of one deployment, from
 * one configuration file (see README, "Running the ledger"). Logs are JSON lines; SIGTERM or
 * SIGINT stops it gracefully.
 */
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { wholeOption } from "./ledger-options.js";

export function registerServeCommand(program: Command, cli: Cli): void {
  program
    .command("serve")
    .description("run the deployment's indexer, ledger API, relay and web app (with --deployment <id>)")
    .option("--config <file>", "the JSON configuration: rpcUrl, database, api, web, relay, allowOrigins, indexer, webhooks")
    .option("--api-port <n>", "the ledger API's port (overrides the file; default 8100)")
    .option("--no-web", "do not serve the web app")
    .option("--no-relay", "do not run the relay")
    .option("--api-only", "run no indexer: serve the API (and relay, web) from a database that another points serve or points index keeps, as several API processes on one PostgreSQL do")
    .action(async (o: { config?: string; apiPort?: string; web: boolean; relay: boolean; apiOnly?: boolean }) => {
      // Loaded here, not at the top: every other command starts faster without the ledger's modules.
      const [{ jsonLogger }, { readServeConfig }, { runServe, stopOnSignals }] = await Promise.all([
        import("../../indexer/log.js"), import("../../serve/config.js"), import("../../serve/run.js"),
      ]);
      const globals = cli.globals();
      const config = readServeConfig(o.config);
      if (o.apiPort !== undefined) config.api.port = wholeOption(o.apiPort, "--api-port");
      if (!o.web) config.web = false;
      if (!o.relay) config.relay = false;
      if (o.apiOnly === true) config.indexer.run = false;
      const log = jsonLogger();
      const service = await runServe({ deployment: globals.deployment, rpc: globals.rpc, config, log });
      await stopOnSignals(service, log);
    });
}
