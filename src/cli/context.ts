/**
 * What every command gets: the global options (flags, else their environment variables, checked by
 * the same parsers), connections for reading and for sending, and output. Output and environment
 * come from outside, so that a test can run commands in-process and read what they print.
 */
import type { Command } from "commander";
import type { Provider, TransactionReceipt } from "ethers";
import type { PointsClient } from "../sdk/index.js";
import { kinds } from "./args.js";
import { connect, type ConnectionOptions } from "./connect.js";
import { toJson } from "./output.js";

/** Where a command's output goes: stdout for results, stderr for progress. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress redraws one line) or a log (a line per step). */
  errIsTTY: boolean;
}

export interface CliEnvironment {
  io: CliIo;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Instead of the RPC URL: a provider to use as it is (in-process tests on Hardhat's chain). */
  provider?: () => Promise<Provider>;
}

export interface GlobalOptions extends ConnectionOptions {
  json?: boolean;
}

export function processEnvironment(): CliEnvironment {
  return {
    io: { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), errIsTTY: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Global options that an environment variable may give, and the parser that checks either. */
const FROM_ENV = [
  ["rpc", "POINTS_RPC_URL", kinds.url],
  ["deployment", "POINTS_DEPLOYMENT", kinds.text],
  ["keystore", "POINTS_KEYSTORE", kinds.keystore],
  ["relay", "POINTS_RELAY_URL", kinds.url],
  ["indexer", "POINTS_INDEXER_URL", kinds.text],
] as const;

export class Cli {
  /** The exit code when the command ends without an error (reconcile sets 3 when the books differ). */
  exitCode = 0;

  constructor(
    readonly program: Command,
    readonly environment: CliEnvironment,
  ) {}

  /** The global options: each flag, else its environment variable, checked by the same parser. */
  globals(): GlobalOptions {
    const options = { ...this.program.opts<GlobalOptions>() };
    for (const [key, variable, parse] of FROM_ENV) {
      const value = this.environment.env[variable];
      if (options[key] === undefined && value !== undefined && value !== "") options[key] = parse(value, variable);
    }
    return options;
  }

  get json(): boolean {
    return this.globals().json === true;
  }

  /** A read-only connection to the chain and the deployment. */
  reader(): Promise<PointsClient> {
    return connect(this.globals(), false, this.environment);
  }

  /** A connection that signs with the key the global options name. */
  writer(): Promise<PointsClient> {
    return connect(this.globals(), true, this.environment);
  }

  /** Prints `json` with --json, else the text `human()` makes. */
  print(json: unknown, human: () => string): void {
    this.environment.io.out(`${this.json ? toJson(json) : human()}\n`);
  }

  /** Prints what a transaction did. */
  sent(receipt: Pick<TransactionReceipt, "hash" | "gasUsed" | "blockNumber">, what: string): void {
    this.print({ ok: true, what, tx: receipt.hash, block: receipt.blockNumber, gasUsed: receipt.gasUsed }, () => `${what} (tx ${receipt.hash}, block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
  }

  /** A progress line on stderr (redrawn on a terminal; none with --json). */
  progress(text: string, last: boolean): void {
    if (this.json) return;
    const { io } = this.environment;
    if (io.errIsTTY) io.err(`\r${text}${last ? "\n" : ""}`);
    else io.err(`${text}\n`);
  }

  /** A note on stderr that does not belong in the result (a warning, what was skipped). */
  note(text: string): void {
    if (!this.json) this.environment.io.err(`${text}\n`);
  }
}

/** A command group: registers its commands on the program. main.ts lists them all. */
export type CommandGroup = (program: Command, cli: Cli) => void;
