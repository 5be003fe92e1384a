/**
 * The ledger API URL of each deployment, remembered in .points/indexers.json: `--indexer <url>`
 * once, and later commands read through it; `points serve` records its own.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const file = (cwd: string) => path.join(cwd, ".points", "indexers.json");

function read(cwd: string): Record<string, string> {
  try {
    return existsSync(file(cwd)) ? (JSON.parse(readFileSync(file(cwd), "utf8")) as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function rememberedIndexer(deployment: string, cwd = process.cwd()): string | undefined {
  return read(cwd)[deployment];
}

/** Records (or with undefined, forgets) the indexer URL of a deployment. */
export function rememberIndexer(deployment: string, url: string | undefined, cwd = process.cwd()): void {
  const all = read(cwd);
  if (url === undefined) delete all[deployment];
  else all[deployment] = url;
  mkdirSync(path.dirname(file(cwd)), { recursive: true });
  writeFileSync(file(cwd), JSON.stringify(all, null, 2));
}

/** A deployment reference as a file-name-safe id: "local", "chain-31337", "my" for my.json. */
export function deploymentKey(ref: string | undefined): string {
  const id = ref ?? "local";
  return path.basename(id, ".json").replace(/[^A-Za-z0-9._-]/g, "_");
}
