/**
 * `points`: the Points Mall from a terminal. Every operation of the SDK, tables for people and
 * --json for scripts, one clear line and a non-zero exit on any error, and nothing sent that could
 * have been refused locally (arguments are checked as they are parsed, then every transaction is
 * simulated first).
 *
 * This file is the command table: each group of commands lives in commands/ and registers itself
 * on the program. A new group is one import and one line in COMMAND_GROUPS.
 */
import { Command, CommanderError } from "commander";
import { PointsError, toPointsError } from "../sdk/index.js";
import { argument, kinds, option } from "./args.js";
import { Cli, processEnvironment, type CliEnvironment, type CommandGroup } from "./context.js";
import { toJson } from "./output.js";
import { admin } from "./commands/admin.js";
import { books } from "./commands/books.js";
import { bulk } from "./commands/bulk.js";
import { catalog } from "./commands/catalog.js";
import { registerDeploy } from "./commands/deploy.js";
import { registerIndexCommand } from "./commands/indexer.js";
import { registerMigrate } from "./commands/migrate.js";
import { orders } from "./commands/orders.js";
import { points } from "./commands/points.js";
import { program as mechanics } from "./commands/program.js";
import { relay } from "./commands/relay.js";
import { rules } from "./commands/rules.js";
import { registerServeCommand } from "./commands/serve.js";
import { vouchers } from "./commands/vouchers.js";
import { registerWebhooksCommand } from "./commands/webhooks.js";
import { wallet } from "./commands/wallet.js";

export { argument, kinds, option };
export type { Cli, CliEnvironment, CommandGroup };

/** Every group of commands, in the order `points --help` lists them. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [wallet, points, mechanics, bulk, vouchers, rules, catalog, orders, books, admin, relay, registerIndexCommand, registerServeCommand, registerWebhooksCommand, registerDeploy, registerMigrate];

/** The `points` program with every command, writing to `environment`'s output. */
export function createProgram(environment: CliEnvironment = processEnvironment()): { program: Command; cli: Cli } {
  const { io } = environment;
  const program = new Command("points")
    .description("Points Mall: loyalty points, catalog and orders on an EVM chain")
    // Set before the commands are added, so that every command inherits them.
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError("(points <command> --help shows a command's arguments and options)")
    .addOption(option("--rpc <url>", "JSON-RPC URL (env POINTS_RPC_URL; default: the deployment's, or http://127.0.0.1:8545)", kinds.url))
    .option("--deployment <id|file>", "deployment id or .json file (env POINTS_DEPLOYMENT; default: local, the one npm start runs)")
    .addOption(option("--keystore <file>", "encrypted JSON keystore to sign with (env POINTS_KEYSTORE; password: POINTS_PASSWORD or a prompt)", kinds.keystore))
    .addOption(option("--private-key-env <VAR>", "sign with the private key in this environment variable", kinds.envName))
    .addOption(option("--account <n>", "sign with local test account n, 0 to 19 (local chain only)", kinds.account))
    .addOption(option("--relay <url>", "send transfers, claims and redemptions through this relay, which pays their gas (env POINTS_RELAY_URL)", kinds.url))
    .option("--indexer <url|off>", "read history, orders, books and activity from this ledger API (points serve); remembered per deployment; off forgets it (env POINTS_INDEXER_URL)")
    .option("--json", "print JSON instead of tables");
  const cli = new Cli(program, environment);
  for (const register of COMMAND_GROUPS) register(program, cli);
  return { program, cli };
}

/** Prints an error as one line and its hint (or as JSON with --json). */
function report(cli: Cli, error: unknown): void {
  const e = error instanceof PointsError ? error : toPointsError(error);
  let json = false;
  try {
    json = cli.json;
  } catch {
    // the global options themselves are bad: print as text
  }
  if (json) cli.environment.io.out(`${toJson({ ok: false, error: e.name, message: e.message, hint: e.hint })}\n`);
  else cli.environment.io.err(`error: ${e.message}${e.hint !== undefined ? `\n  ${e.hint}` : ""}\n`);
}

/**
 * Runs `points` with the user's arguments (no node or script path); returns the exit code: 0, 1
 * on any error, or what a command set (reconcile: 3 when the books differ).
 */
export async function run(args: readonly string[], environment: CliEnvironment = processEnvironment()): Promise<number> {
  const { program, cli } = createProgram(environment);
  try {
    await program.parseAsync([...args], { from: "user" });
    return cli.exitCode;
  } catch (error) {
    // Commander has printed its own errors (unknown command, missing argument) and help.
    if (error instanceof CommanderError) return error.exitCode;
    report(cli, error);
    return 1;
  }
}
