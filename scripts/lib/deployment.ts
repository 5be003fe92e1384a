import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deploymentBlockFromJournal } from "../../src/sdk/deployment.js";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The Ignition deployment id of the local system; tests use their own. */
export const localDeploymentId = process.env.POINTS_DEPLOYMENT_ID ?? "local";

export interface DeployedAddresses {
  token: string;
  mall: string;
  deployer: string;
  forwarder: string;
  /** The block of the deployment transaction: where history starts. */
  fromBlock: number;
}


/** Reads an Ignition deployment's deployed_addresses.json. */
export async function readDeployment(deploymentId: string): Promise<DeployedAddresses> {
  const file = path.join(projectRoot, "ignition", "deployments", deploymentId, "deployed_addresses.json");
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch {
    throw new Error(`no deployment "${deploymentId}" (${file} is missing): deploy with Ignition first`);
  }
  const addresses = JSON.parse(raw) as Record<string, string>;
  const pick = (key: string): string => {
    const value = addresses[`PointsSystem#${key}`];
    if (value === undefined) throw new Error(`deployment "${deploymentId}" has no PointsSystem#${key}`);
    return value;
  };
  let fromBlock = 0;
  try {
    fromBlock = deploymentBlockFromJournal(await readFile(path.join(path.dirname(file), "journal.jsonl"), "utf8"));
  } catch {
    // no journal: history starts at genesis
  }
  return { token: pick("PointsToken"), mall: pick("PointsMall"), deployer: pick("PointsDeployer"), forwarder: pick("PointsForwarder"), fromBlock };
}
