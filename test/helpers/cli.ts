/**
 * The `points` CLI run in-process (createProgram through run()) against Hardhat's in-process chain
 * and a deployment made by the Ignition module: the same commands as a terminal runs, with their
 * output captured, and a check that a refused command mined nothing.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { BrowserProvider, Network } from "ethers";
import { run } from "../../src/cli/main.js";
import { projectRoot } from "../../scripts/lib/deployment.js";
import { connection, ethers, type System } from "./system.js";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface InProcessCli {
  /** A scratch directory for files (keystores, CSV files), removed by `close`. */
  dir: string;
  points(args: string[], env?: Record<string, string>): Promise<CliRun>;
  /** Runs a command that must succeed; returns its stdout. */
  ok(args: string[], env?: Record<string, string>): Promise<string>;
  /** Runs a command that must fail with `pattern`, a hint line, no stack or raw data, and no block mined. */
  refuses(args: string[], pattern: RegExp, env?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

/** A CLI bound to system `s` (its token, mall and forwarder in a deployment file). */
export async function inProcessCli(s: System): Promise<InProcessCli> {
  const dir = await mkdtemp(path.join(tmpdir(), "points-cli-inproc-"));
  const deployment = path.join(dir, "deployment.json");
  await writeFile(
    deployment,
    JSON.stringify({ token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock: 0 }),
  );
  const network = Network.from(31337);
  const provider = async () => new BrowserProvider(connection.provider, network, { cacheTimeout: -1, staticNetwork: network });

  async function points(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    let out = "";
    let err = "";
    const code = await run(["--deployment", deployment, ...args], {
      io: { out: (t) => (out += t), err: (t) => (err += t), errIsTTY: false },
      env,
      cwd: projectRoot,
      provider,
    });
    return { code, out: out.trim(), err: err.trim() };
  }

  return {
    dir,
    points,
    async ok(args, env) {
      const r = await points(args, env);
      expect(r.code, `points ${args.join(" ")}:\n${r.err}`).to.equal(0);
      return r.out;
    },
    async refuses(args, pattern, env) {
      const before = await ethers.provider.getBlockNumber();
      const r = await points(args, env);
      const text = r.err === "" ? r.out : r.err;
      expect(r.code, `points ${args.join(" ")} exited ${r.code}:\n${r.out}\n${r.err}`).to.equal(1);
      expect(text).to.match(/^error: /).and.match(pattern);
      const [, hint] = text.split("\n");
      expect(hint, `no what-to-do line after: ${text}`).to.match(/^ {2}\S|^\(points <command> --help/);
      expect(text).to.not.match(/0x[0-9a-f]{65,}|at .*\.ts:\d+|\n\s+at /); // no raw revert data, no stack
      expect(await ethers.provider.getBlockNumber(), `points ${args.join(" ")} mined a block`).to.equal(before);
      return text;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
