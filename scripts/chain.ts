/**
 * `npm start`'s chain, in one Hardhat process: Hardhat's node on 127.0.0.1:POINTS_PORT, then the
 * deployment through Ignition (ignition/modules/PointsSystem.ts with ignition/parameters/local.json,
 * then StatusPoints.ts and EarningRules.ts with local-mechanics.json, journal and all under
 * ignition/deployments/<POINTS_DEPLOYMENT_ID>, as `hardhat ignition deploy` writes it) and the
 * demo data (scripts/lib/seed.ts, scripts/lib/mechanics.ts); then it serves the chain until stopped.
 * One process instead of three (node, ignition deploy, seed) saves two Hardhat start-ups.
 *   npx hardhat run --no-compile scripts/chain.ts
 * It prints CHAIN_STEPS (scripts/lib/processes.ts) as the chain gets ready.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import hre from "hardhat";
import PointsSystem from "../ignition/modules/PointsSystem.js";
import { localDeploymentId, projectRoot, readDeployment } from "./lib/deployment.js";
import { deployMechanics, seedMechanics } from "./lib/mechanics.js";
import { CHAIN_STEPS } from "./lib/processes.js";
import { seedDemo } from "./lib/seed.js";

const port = Number(process.env.POINTS_PORT ?? "8545");
const url = `http://127.0.0.1:${port}`;

async function answers(): Promise<boolean> {
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
    return response.ok;
  } catch {
    return false;
  }
}

// The node task serves until the process ends; it is not awaited.
const serving = hre.tasks.getTask("node").run({ hostname: "127.0.0.1", port });
serving.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
const deadline = Date.now() + 60_000;
while (!(await answers())) {
  if (Date.now() > deadline) throw new Error(`the node did not answer on ${url} within 60 s`);
  await new Promise((r) => setTimeout(r, 25));
}

console.log(CHAIN_STEPS.up);

const { ethers, ignition } = await hre.network.create("localhost");
// The chain just started: a journal under this id is a previous chain's (`hardhat ignition deploy`
// finds that by the node's instance id, and wipes it).
await rm(path.join(projectRoot, "ignition", "deployments", localDeploymentId), { recursive: true, force: true });
// The local chain mines each transaction as it arrives: poll for it often.
const config = { blockPollingInterval: 50 };
await ignition.deploy(PointsSystem, {
  parameters: path.join(projectRoot, "ignition", "parameters", "local.json"),
  deploymentId: localDeploymentId,
  config,
});
const system = await readDeployment(localDeploymentId);
// Merchant 1's earning rules and the status points (ignition/parameters/local-mechanics.json).
const mechanics = await deployMechanics(ignition, localDeploymentId, system, config);
console.log(CHAIN_STEPS.deployed);
console.log(await seedDemo(ethers, localDeploymentId, system));
console.log(await seedMechanics(ethers, { ...system, ...mechanics }));
console.log(CHAIN_STEPS.seeded);
await serving;
