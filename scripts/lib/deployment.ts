import { PointsError } from "../../src/sdk/errors.js";
import { findDeployment, readIgnitionDeployment, type Deployment } from "../../src/sdk/node.js";
import { localDeploymentId, projectRoot } from "./paths.js";

export { localDeploymentId, projectRoot };

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
