import path from "node:path";
import { fileURLToPath } from "node:url";
import { PointsError } from "../../src/sdk/index.js";
import { findDeployment, readIgnitionDeployment, type Deployment } from "../../src/sdk/node.js";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The Ignition deployment id of the local system; tests use their own. */
export const localDeploymentId = process.env.POINTS_DEPLOYMENT_ID ?? "local";

/** A deployment with every contract Ignition deploys, as scripts need it. */
export interface DeployedAddresses extends Deployment {
  deployer: string;
  forwarder: string;
}

/** Reads the Ignition deployment `deploymentId` of this project, through the SDK's one reader. */
export async function readDeployment(deploymentId: string): Promise<DeployedAddresses> {
  const d = readIgnitionDeployment(deploymentId, projectRoot);
  if (d.deployer === undefined || d.forwarder === undefined) {
    throw new PointsError(`deployment "${deploymentId}" names no PointsDeployer or PointsForwarder`, "deploy with ignition/modules/PointsSystem.ts");
  }
  return { ...d, deployer: d.deployer, forwarder: d.forwarder };
}

/** What `npm start` wrote for `deploymentId` (.points/<id>.json): addresses, RPC URL, relay URL. */
export function readLocalSystem(deploymentId: string): Deployment {
  return findDeployment(deploymentId, projectRoot);
}
