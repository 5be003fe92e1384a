import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { projectRoot } from "../../scripts/lib/deployment.js";

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

/** Collects a child's stdout and stderr into one string as they arrive. */
export function collectOutput(child: ChildProcess): { text: () => string } {
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return { text: () => output };
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

/** Runs `node args...` in the project with extra environment variables, to completion. */
export async function runNode(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collectOutput(child);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, output: output.text() };
}
