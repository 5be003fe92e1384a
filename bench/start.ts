/**
 * How long `npm start` takes to be ready: `npm run bench:start` (BENCH_RUNS=5 for more runs).
 *
 * Runs `npm start` on free ports, times it from the command to "Press Ctrl-C to stop.", stops it,
 * and prints a table with what each run had to build and the machine's load. The first run follows
 * a forgotten build record (.points/builds.json removed), so it compiles and builds as after a
 * change; the others find nothing changed. Run it under the shared lock: other jobs slow it down.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { projectRoot } from "../scripts/lib/paths.js";

const runs = Number(process.env.BENCH_RUNS ?? "4");
const records = path.join(projectRoot, ".points", "builds.json");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/** One `npm start`: seconds until ready, and what it built. */
async function once(): Promise<{ seconds: number; built: string }> {
  const [port, web, relay] = [await freePort(), await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: projectRoot,
    detached: true, // its own process group, stopped as one
    env: { ...process.env, POINTS_PORT: String(port), POINTS_WEB_PORT: String(web), POINTS_RELAY_PORT: String(relay), POINTS_DEPLOYMENT_ID: "local-bench" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes("Press Ctrl-C to stop.")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  await ready;
  const seconds = (performance.now() - started) / 1000;
  process.kill(-child.pid!, "SIGINT");
  await new Promise((resolve) => child.once("exit", resolve));
  const built = [output.includes("compiling the contracts") ? "contracts" : "", output.includes("building the web app") ? "web app" : ""].filter((x) => x !== "").join(", ");
  return { seconds, built: built === "" ? "nothing (no change)" : built };
}

await rm(records, { force: true });
const rows: { run: number; built: string; seconds: number; load: string }[] = [];
for (let run = 1; run <= runs; run++) {
  const load = os.loadavg()[0]!.toFixed(2);
  const { seconds, built } = await once();
  rows.push({ run, built, seconds, load });
}

console.log(`npm start, ${runs} runs on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"})\n`);
console.log(`${"run".padStart(3)}  ${"built".padEnd(22)}  ${"ready in".padStart(8)}  ${"load (1 min)".padStart(12)}`);
for (const r of rows) console.log(`${String(r.run).padStart(3)}  ${r.built.padEnd(22)}  ${`${r.seconds.toFixed(1)} s`.padStart(8)}  ${r.load.padStart(12)}`);
const warm = rows.filter((r) => r.built.startsWith("nothing")).map((r) => r.seconds).sort((a, b) => a - b);
if (warm.length > 0) console.log(`\nnothing changed: median ${warm[Math.floor(warm.length / 2)]!.toFixed(1)} s, best ${warm[0]!.toFixed(1)} s`);
