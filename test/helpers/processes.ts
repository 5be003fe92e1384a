import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { projectRoot } from "../../scripts/lib/deployment.js";
import { collectOutput } from "../../scripts/lib/processes.js";

export { collectOutput, runNode } from "../../scripts/lib/processes.js";

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:port. */
export async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => socket.end(() => resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Resolves once the child prints a line matching `pattern`; rejects if it exits first or times out. */
export async function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  const output = collectOutput(child);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (pattern.test(output.text())) {
        clearInterval(timer);
        resolve(output.text());
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`no ${pattern} from the process (exit ${child.exitCode}):\n${output.text()}`));
      }
    }, 100);
  });
}

export interface LocalSystem {
  child: ChildProcess;
  output: { text: () => string };
  exited: Promise<number | null>;
  rpcUrl: string;
  webUrl: string;
  relayUrl: string;
  apiUrl: string;
}

const tsxCli = path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs");

/** Spawns `npm start`'s script for deployment `deploymentId`, with the chain on `port`. */
export function spawnStart(deploymentId: string, port: number, webPort: number, relayPort: number, apiPort = 0): ChildProcess {
  return spawn(process.execPath, [tsxCli, "scripts/start.ts"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      POINTS_PORT: String(port),
      POINTS_WEB_PORT: String(webPort),
      POINTS_RELAY_PORT: String(relayPort),
      POINTS_API_PORT: String(apiPort),
      POINTS_DEPLOYMENT_ID: deploymentId,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Starts the local system (chain, deployment, demo data, web) on free ports, and waits until it runs. */
export async function startLocalSystem(deploymentId: string, chainPort?: number): Promise<LocalSystem> {
  const port = chainPort ?? (await freePort());
  const webPort = await freePort();
  const relayPort = await freePort();
  const apiPort = await freePort();
  const child = spawnStart(deploymentId, port, webPort, relayPort, apiPort);
  const output = collectOutput(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    await waitForOutput(child, /Press Ctrl-C to stop\./, 120_000);
  } catch (error) {
    child.kill("SIGINT"); // a start that timed out must not keep running
    throw error;
  }
  return { child, output, exited, rpcUrl: `http://127.0.0.1:${port}`, webUrl: `http://127.0.0.1:${webPort}/`, relayUrl: `http://127.0.0.1:${relayPort}`, apiUrl: `http://127.0.0.1:${apiPort}` };
}
