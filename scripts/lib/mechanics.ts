/**
 * The demo's program mechanics (npm start): merchant 1's earning rules and the program's status
 * points, deployed through their Ignition modules under the system's deployment id, then seeded
 * so that the demo customer has points pending for a return window and a status tier.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import EarningRulesModule from "../../ignition/modules/EarningRules.js";
import StatusPointsModule from "../../ignition/modules/StatusPoints.js";
import { ruleWith } from "../../src/sdk/rules.js";
import { EarningRules__factory, PointsMall__factory, PointsToken__factory, StatusPoints__factory } from "../../types/ethers-contracts/index.js";
import { demoAccounts, demoMechanics } from "./demo.js";
import { projectRoot } from "./paths.js";

// The package has no exports map: its helper's type is reached by its file.
type Ignition = import("@nomicfoundation/hardhat-ignition-ethers/dist/src/types.js").EthersIgnitionHelper;

const parametersFile = path.join(projectRoot, "ignition", "parameters", "local-mechanics.json");

/** Deploys StatusPoints, then EarningRules naming it (their addresses are parameters, not futures). */
export async function deployMechanics(
  ignition: Ignition,
  deploymentId: string,
  system: { token: string; forwarder: string },
  config: { blockPollingInterval: number },
): Promise<{ rules: string; status: string }> {
  const parameters = JSON.parse(await readFile(parametersFile, "utf8")) as { StatusPoints: object; EarningRules: object };
  const { status } = await ignition.deploy(StatusPointsModule, {
    parameters: { StatusPoints: { ...parameters.StatusPoints, forwarder: system.forwarder } },
    deploymentId,
    config,
  });
  const statusAddress = await status.getAddress();
  const { rules } = await ignition.deploy(EarningRulesModule, {
    parameters: { EarningRules: { ...parameters.EarningRules, token: system.token, status: statusAddress, forwarder: system.forwarder } },
    deploymentId,
    config,
  });
  return { rules: await rules.getAddress(), status: statusAddress };
}

/**
 * Makes the rules an issuer of merchant 1 with a quota and of status points, adds its rule, and
 * gives the demo customer a purchase whose points are pending and status points enough for a tier.
 * Pending points are not spendable, and status points are another token: balances stay as seeded.
 */
export async function seedMechanics(ethers: HardhatEthers, addresses: { token: string; mall: string; rules: string; status: string }): Promise<string> {
  const signers = await ethers.getSigners();
  const [operator, issuer, staff, customer] = [demoAccounts.operator, demoAccounts.issuer, demoAccounts.staff, demoAccounts.customer].map((i) => signers[i]!);
  const token = PointsToken__factory.connect(addresses.token, operator!);
  const status = StatusPoints__factory.connect(addresses.status, operator!);
  const rules = EarningRules__factory.connect(addresses.rules, staff!);
  if ((await rules.ruleCount()) > 0n) return "the mechanics are seeded already; nothing to do";
  for (const tx of [
    await token.grantRole(await token.ISSUER_ROLE(), addresses.rules),
    await token.setIssuerQuota(addresses.rules, demoMechanics.rulesQuota),
    await status.grantRole(await status.ISSUER_ROLE(), addresses.rules),
    await PointsMall__factory.connect(addresses.mall, operator!).setMerchantIssuer(addresses.rules, 1),
  ]) await tx.wait();
  const { pointsPerUnit, spendUnit, holdDays } = demoMechanics.rule;
  await (await rules.addRule(ruleWith({ pointsPerUnit, spendUnit, holdDays }))).wait();
  const ref = (text: string) => ethers.encodeBytes32String(text);
  await (await rules.reportPurchase(customer!.address, demoMechanics.purchase.spend, ref(demoMechanics.purchase.receipt))).wait();
  // Status points from visits before the program went on chain: the demo's issuer may issue them.
  await (await status.connect(issuer!).issue(customer!.address, demoMechanics.statusPoints, ref("demo-status"))).wait();
  return `seeded the earning rule, ${demoMechanics.purchase.spend} of purchases pending and ${demoMechanics.statusPoints} status points`;
}
