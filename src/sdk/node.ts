/**
 * The SDK's Node-only part (`points-mall/sdk/node`): reading deployment files from disk. The one
 * reader of deployments for the CLI, the scripts and the tests; deployment.ts parses what it reads.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { InvalidInputError, PointsError } from "./errors.js";
import { parseDeployment, type Deployment } from "./deployment.js";

export type { Deployment };

function readJson(file: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError("deployment", `${file} is not JSON`, "give a .points/<id>.json or an Ignition deployed_addresses.json", { cause: error });
  }
}

/** Reads one deployment file: npm start's summary, or an Ignition deployed_addresses.json (with its journal beside it). */
export function readDeploymentFile(file: string): Deployment {
  if (!existsSync(file)) throw new InvalidInputError("deployment", `no file ${file}`, "check the path");
  const journal = path.join(path.dirname(file), "journal.jsonl");
  return parseDeployment(readJson(file), file, existsSync(journal) ? readFileSync(journal, "utf8") : undefined);
}

/** Reads the Ignition deployment `id` under `root` (ignition/deployments/<id>/). */
export function readIgnitionDeployment(id: string, root = process.cwd()): Deployment {
  const file = path.join(root, "ignition", "deployments", id, "deployed_addresses.json");
  if (!existsSync(file)) {
    throw new PointsError(`no Ignition deployment "${id}" (${path.relative(root, file)} is missing)`, "deploy with Ignition first");
  }
  return readDeploymentFile(file);
}

/**
 * Finds a deployment: a .json file, or an id looked up as .points/<id>.json (written by npm start,
 * with the RPC URL), then ignition/deployments/<id>/. Default id: "local", the one npm start runs.
 */
export function findDeployment(ref: string | undefined, cwd = process.cwd()): Deployment {
  const id = ref ?? "local";
  const candidates = id.endsWith(".json")
    ? [path.resolve(cwd, id)]
    : [path.join(cwd, ".points", `${id}.json`), path.join(cwd, "ignition", "deployments", id, "deployed_addresses.json")];
  const file = candidates.find((c) => existsSync(c));
  if (file === undefined) {
    throw new PointsError(
      `no deployment "${id}" (looked for ${candidates.map((c) => path.relative(cwd, c)).join(", ")})`,
      id === "local" ? "start the local system with npm start, or pass --deployment" : "check --deployment: an id or a .json file",
    );
  }
  return readDeploymentFile(file);
}
