/**
 * Seeds the demo catalog, balances and a first order into a deployed system:
 *   npx hardhat run scripts/seed.ts --network localhost
 * Reads the deployment POINTS_DEPLOYMENT_ID (default "local"). Run once per fresh deployment.
 */
import { network } from "hardhat";
import { localDeploymentId, readDeployment } from "./lib/deployment.js";
import { seedDemo } from "./lib/seed.js";

const { ethers } = await network.getOrCreate();
console.log(await seedDemo(ethers, localDeploymentId, await readDeployment(localDeploymentId)));
