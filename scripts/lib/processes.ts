import { spawn, type ChildProcess } from "node:child_process";
import { projectRoot } from "./paths.js";

/** What scripts/chain.ts prints as its chain gets ready: the node answers, the system is deployed, seeded. */
export const CHAIN_STEPS = {
  up: "points-chain: the node answers",
  deployed: "points-chain: deployed",
  seeded: "points-chain: seeded",
} as const;

/** Collects a child's stdout and stderr into one string as they arrive. */
export function collectOutput(child: ChildProcess): { text: () => string } {
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return { text: () => output };
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
