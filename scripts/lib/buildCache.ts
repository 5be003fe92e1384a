/**
 * Skipping a build whose inputs did not change: a content hash of the inputs, kept in
 * .points/builds.json next to what the build made. `npm start` runs `hardhat compile` and the Vite
 * build only when theirs changed (each costs 2 s or more even when it has nothing to do).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "./paths.js";

const cacheFile = path.join(projectRoot, ".points", "builds.json");
const SKIP = new Set(["node_modules", "dist", ".git"]);

async function filesUnder(entry: string): Promise<string[]> {
  if (!existsSync(entry)) return [];
  const names = await readdir(entry, { withFileTypes: true }).catch(() => undefined);
  if (names === undefined) return [entry]; // a file
  const nested = await Promise.all(
    names.filter((n) => !SKIP.has(n.name)).map((n) => (n.isDirectory() ? filesUnder(path.join(entry, n.name)) : Promise.resolve([path.join(entry, n.name)]))),
  );
  return nested.flat();
}

/** The SHA-256 of the inputs' paths and contents (files, or folders walked), and of `extra` (settings from the environment). */
export async function hashInputs(inputs: readonly string[], extra = ""): Promise<string> {
  const files = (await Promise.all(inputs.map((i) => filesUnder(path.join(projectRoot, i))))).flat().sort();
  const hash = createHash("sha256").update(extra);
  for (const file of files) hash.update(path.relative(projectRoot, file)).update("\0").update(await readFile(file)).update("\0");
  return hash.digest("hex");
}

/**
 * What a build left, cheaply: the names of the files in output folders (Hardhat's build-info and
 * Vite's assets are named by their content) and the contents of output files. A build by anything
 * else (a test run, another checkout) changes it, so the recorded inputs no longer vouch for it.
 */
async function fingerprint(outputs: readonly string[]): Promise<string | undefined> {
  const hash = createHash("sha256");
  for (const output of outputs) {
    const full = path.join(projectRoot, output);
    if (!existsSync(full)) return undefined;
    const names = await readdir(full).catch(() => undefined);
    hash.update(output).update("\0").update(names === undefined ? await readFile(full) : names.sort().join("\n")).update("\0");
  }
  return hash.digest("hex");
}

interface Recorded {
  inputs: string;
  outputs: string;
}

async function readCache(): Promise<Record<string, Recorded>> {
  try {
    return JSON.parse(await readFile(cacheFile, "utf8")) as Record<string, Recorded>;
  } catch {
    return {};
  }
}

/**
 * Runs `build` unless the hash of its inputs and the fingerprint of its outputs are the ones
 * recorded after its last run; records both after a build that succeeds. Returns whether it ran.
 */
export async function buildIfChanged(name: string, inputs: readonly string[], outputs: readonly string[], build: () => Promise<void>, extra = ""): Promise<boolean> {
  const [hash, before, cache] = await Promise.all([hashInputs(inputs, extra), fingerprint(outputs), readCache()]);
  if (cache[name]?.inputs === hash && before !== undefined && cache[name]?.outputs === before) return false;
  await build();
  const after = await fingerprint(outputs);
  if (after === undefined) throw new Error(`the ${name} build left no ${outputs.join(", ")}`);
  await mkdir(path.dirname(cacheFile), { recursive: true });
  // Read again: another build may have recorded its own meanwhile.
  await writeFile(cacheFile, JSON.stringify({ ...(await readCache()), [name]: { inputs: hash, outputs: after } }, null, 2));
  return true;
}
