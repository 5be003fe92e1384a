/**
 * `npm start`: the whole local system in one command. Compiles the contracts and builds the web app
 * when their inputs changed (scripts/lib/buildCache.ts), starts a Hardhat node on 127.0.0.1 that
 * deploys with the Ignition module and ignition/parameters/local.json and seeds the demo catalog and
 * balances (scripts/chain.ts, one Hardhat process), starts the relay that pays customers' gas,
 * serves the mall, prints what MetaMask needs, and runs until Ctrl-C.
 *
 * It also runs the ledger (the indexer and its API, as `points serve` does) on the embedded
 * database in .points/db/<deployment id>, opened while the chain starts.
 *
 * POINTS_PORT (default 8545), POINTS_WEB_PORT (8080), POINTS_RELAY_PORT (8090), POINTS_API_PORT
 * (8100) and POINTS_DEPLOYMENT_ID (default "local") let a second instance, such as the end-to-end
 * test, run beside the first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
// Only light modules here: the chain starts first, and the heavy ones (ethers, the SDK, the
// relay) load while it does (lib/serve.ts).
import { buildIfChanged } from "./lib/buildCache.js";
import { localDeploymentId, projectRoot } from "./lib/paths.js";
import { CHAIN_STEPS, runNode } from "./lib/processes.js";

const host = "127.0.0.1";
const port = Number(process.env.POINTS_PORT ?? "8545");
const rpcUrl = `http://${host}:${port}`;
const webPort = Number(process.env.POINTS_WEB_PORT ?? "8080");
const relayPort = Number(process.env.POINTS_RELAY_PORT ?? "8090");
const apiPort = Number(process.env.POINTS_API_PORT ?? "8100");
const stateDir = path.join(projectRoot, ".points");
const hardhatCli = path.join(projectRoot, "node_modules", "hardhat", "dist", "src", "cli.js");
const viteCli = path.join(projectRoot, "node_modules", "vite", "bin", "vite.js");

class StartError extends Error {}

function step(n: number, text: string): void {
  console.log(`[${n}/4] ${text}`);
}

async function portIsFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(p, host, () => server.close(() => resolve(true)));
  });
}

/** Runs a Node script (a build) to completion; its output goes into the error if it fails. */
async function run(what: string, args: string[]): Promise<void> {
  const { code, output } = await runNode(args, {});
  if (code !== 0) throw new StartError(`${what} failed (exit ${code}):\n${output.trim()}`);
}

/** The contracts compiled and the web app built, each only when its inputs changed since its last build. */
async function compileContracts(): Promise<void> {
  const inputs = ["contracts", "bench/contracts", "hardhat.config.ts", "package-lock.json"];
  const outputs = ["artifacts/build-info", "types/ethers-contracts/index.ts"];
  await buildIfChanged("contracts", inputs, outputs, async () => {
    console.log("      compiling the contracts (they changed since the last build)");
    await run("`hardhat compile`", [hardhatCli, "compile", "--quiet"]);
  }, process.env.POINTS_EVM_VERSION ?? "");
}

async function buildWeb(): Promise<void> {
  const inputs = ["web", "src/sdk", "types/ethers-contracts", "package-lock.json", "tsconfig.json"];
  await buildIfChanged("web", inputs, ["web/dist/index.html"], async () => {
    console.log("      building the web app (it changed since the last build)");
    await run("the web app's build (vite build)", [viteCli, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
  });
}

/** Resolves when the chain process prints `line`; rejects if it exits first or takes a minute. */
function whenPrinted(node: ChildProcess, text: () => string, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (text().includes(line)) {
        clearInterval(timer);
        resolve();
      } else if (node.exitCode !== null || Date.now() - started > 60_000) {
        clearInterval(timer);
        const last = text().trim().split("\n").slice(-12).join("\n");
        reject(new StartError(`the local chain ${node.exitCode !== null ? `exited (code ${node.exitCode})` : "did not get there within 60 s"}; the end of .points/node.log:\n${last}`));
      }
    }, 20);
  });
}

async function main(): Promise<void> {
  console.log("Points Mall: local system\n");
  for (const [p, what] of [
    [webPort, "POINTS_WEB_PORT=8081"],
    [relayPort, "POINTS_RELAY_PORT=8091"],
    [apiPort, "POINTS_API_PORT=8101"],
  ] as const) {
    if (!(await portIsFree(p))) throw new StartError(`port ${p} on ${host} is in use: stop what runs there, or run with ${what}.`);
  }
  if (!(await portIsFree(port))) {
    throw new StartError(
      `port ${port} on ${host} is in use: is another \`npm start\` running? Stop it, or run with POINTS_PORT=8546.`,
    );
  }
  await mkdir(stateDir, { recursive: true });
  // The chain deploys from the artifacts: they must be current before it starts.
  await compileContracts();

  step(1, `starting a local chain on ${rpcUrl} (log: .points/node.log)`);
  const nodeLog = createWriteStream(path.join(stateDir, "node.log"));
  const node = spawn(process.execPath, [hardhatCli, "run", "--no-compile", "scripts/chain.ts"], {
    cwd: projectRoot,
    env: { ...process.env, POINTS_PORT: String(port), POINTS_DEPLOYMENT_ID: localDeploymentId },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Kept until the chain is ready (its steps, an error to show); after that only the log has it.
  let chainOutput = "";
  let watching = true;
  for (const stream of [node.stdout, node.stderr]) {
    stream.on("data", (d: Buffer) => {
      if (watching) chainOutput += d.toString();
    });
    stream.pipe(nodeLog);
  }
  const chainText = () => chainOutput;
  const rest = import("./lib/serve.js");
  rest.catch(() => undefined); // awaited below
  // PGlite takes a couple of seconds to open: it opens while the chain starts and deploys.
  const ledgerDb = rest.then((m) => m.openLedgerDatabase(stateDir));
  ledgerDb.catch(() => undefined); // awaited in serve(), where its error is reported
  let stopLedger: (() => Promise<void>) | undefined;
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping the local chain");
    setTimeout(() => process.exit(code), 5_000).unref();
    // The ledger first: the range being written commits and the database closes cleanly.
    void (stopLedger?.() ?? Promise.resolve()).catch(() => undefined).finally(() => {
      node.once("exit", () => process.exit(code));
      node.kill("SIGTERM");
    });
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  node.on("exit", (code) => {
    if (!stopping) {
      console.error(`the local chain exited unexpectedly (code ${code}); see .points/node.log`);
      process.exit(1);
    }
  });

  try {
    // The web app builds (when it changed) while the chain starts.
    const web = buildWeb();
    web.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    await whenPrinted(node, chainText, CHAIN_STEPS.up);
    step(2, "deploying with Ignition: ignition/modules/PointsSystem.ts, ignition/parameters/local.json");
    await whenPrinted(node, chainText, CHAIN_STEPS.deployed);
    step(3, "seeding the demo catalog and balances (scripts/lib/seed.ts)");
    await whenPrinted(node, chainText, CHAIN_STEPS.seeded);
    watching = false;
    chainOutput = "";
    await web;
    const running = await (await rest).serve({ host, rpcUrl, webPort, relayPort, apiPort, stateDir, step, ledgerDb });
    stopLedger = running.stopLedger;
  } catch (error) {
    console.error(error instanceof StartError ? `error: ${error.message}` : error);
    stop(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof StartError ? `error: ${error.message}` : error);
  process.exit(1);
});
