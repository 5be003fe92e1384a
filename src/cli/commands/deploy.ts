/**
 * `points deploy --network <name> --parameters <file>`: deploys the Points Mall (forwarder, token,
 * mall) after checking every parameter, with no prompt and no recompile, and remembers the
 * deployment (addresses, RPC URL, chain id) for later commands' --deployment.
 */
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { formatEther } from "ethers";
import { kinds, option } from "../args.js";
import type { ConnectionOptions } from "../connect.js";
import { table, toJson } from "../output.js";
import { shortAddress as short } from "../../sdk/index.js";
import type { DeployOptions, DeployResult } from "../../deploy/deploy.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");


/** Hardhat, loaded only for this command: other commands stay quick. */
async function loadHardhat() {
  const { createHardhatRuntimeEnvironment, importUserConfig } = await import("hardhat/hre");
  const configPath = path.join(projectRoot, "hardhat.config.ts");
  return createHardhatRuntimeEnvironment(await importUserConfig(configPath), { config: configPath }, projectRoot);
}

async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function describeDeployment(r: DeployResult): string {
  const p = r.parameters;
  const lines = [
    `${r.dryRun ? "would deploy" : "deployed"} on chain ${r.chainId} (${r.network}, ${r.rpcUrl}) as deployment "${r.deploymentId}"`,
    `  deployer ${r.deployer} (${r.keySource}): ${r.estimate.gas === 0n ? "nothing left to send" : `${r.estimate.gas} gas, about ${formatEther(r.estimate.cost)} of its ${formatEther(r.estimate.balance)}`}`,
    "",
    table(
      ["contract", "address", ""],
      [
        ["PointsForwarder", r.addresses.forwarder, "relays customers' signed requests; holds no role"],
        ["PointsDeployer", r.addresses.deployer, "made the token and the mall; holds no role"],
        [
          r.module === "PointsSystem" ? "PointsToken" : "ExpiringPointsToken",
          r.addresses.token,
          `${p.name} (${p.symbol}), supply cap ${p.supplyCap === 0n ? "none" : p.supplyCap}${p.epochSeconds !== undefined ? `, points expire ${p.validityEpochs} epoch(s) of ${p.epochSeconds} s after issue` : ""}`,
        ],
        ["PointsMall", r.addresses.mall, `merchant 1: ${p.merchantName}`],
      ],
    ),
  ];
  if (r.dryRun) {
    lines.push("", "roles it would give:", table(["role", "account"], [
      ["admin (token and mall)", `${p.admin} (hand-over delay ${p.adminDelay} s)`],
      ...p.issuers.map((i) => ["issuer", `${i.account} (quota ${i.quota})`]),
      ...p.pausers.map((a) => ["pauser", a]),
      ["merchant 1 admin", p.merchantAdmin],
      ...p.catalogManagers.map((a) => ["catalog manager of merchant 1", a]),
      ...p.fulfillers.map((a) => ["fulfiller of merchant 1", a]),
    ]), "", "every check passed; nothing was sent (--dry-run)");
    return lines.join("\n");
  }
  lines.push("", "roles, as the chain has them:", table(["contract", "role", "account", ""], r.roles.map((h) => [h.contract, h.role, h.account, h.note])));
  const deployerRoles = r.roles.filter((h) => h.account === r.deployer);
  lines.push("", deployerRoles.length === 0 ? `the deploying key ${short(r.deployer)} holds no role` : `the deploying key holds ${deployerRoles.map((h) => h.role).join(", ")}`);
  lines.push(`remembered in ${path.relative(process.cwd(), r.record ?? "")}: later commands take --deployment ${r.deploymentId} (no --rpc needed)`);
  return lines.join("\n");
}

export function registerDeploy(program: Command): void {
  program
    .command("deploy")
    .description("deploy the forwarder, token and mall: checks every parameter first, then deploys with no prompt (run again to resume)")
    .requiredOption("--parameters <file>", "Ignition parameter file (see ignition/parameters/private.example.json)")
    .option("--network <name>", "network of hardhat.config.ts: localhost or private (default localhost; --rpc replaces its URL)")
    .addOption(option("--chain-id <id>", "the chain id the node must report (default: the network's, 31337 for localhost)", kinds.chainId))
    .option("--deployment-id <id>", "name of the deployment (default chain-<id>); --deployment <id> finds it later")
    .option("--accept-lowercase", "accept addresses without an EIP-55 checksum (after checking each one)")
    .option("--allow-shared-roles", "accept one account in conflicting roles, or the deploying key in a role")
    .addOption(option("--confirmations <n>", "blocks to wait after each transaction (Ignition's default: 5; 1 for instant finality)", kinds.confirmations))
    .option("--dry-run", "check everything and show the plan; send nothing")
    .action(async (o: Omit<DeployOptions, keyof ConnectionOptions>, command: Command) => {
      const globals = command.optsWithGlobals<ConnectionOptions & { json?: boolean }>();
      const { runDeploy } = await import("../../deploy/deploy.js");
      const hre = await loadHardhat();
      const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true && globals.json !== true;
      const result = await runDeploy(
        hre,
        { ...o, rpc: globals.rpc, keystore: globals.keystore, privateKeyEnv: globals.privateKeyEnv, account: globals.account },
        { say: (line) => process.stderr.write(`${line}\n`), ...(interactive ? { confirm: askYesNo } : {}) },
      );
      console.log(globals.json === true ? toJson({ ok: true, ...result }) : describeDeployment(result));
    });
}
