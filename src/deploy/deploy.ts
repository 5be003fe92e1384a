/**
 * `points deploy`: every check first (parameters, key, chain, roles, funds), then Ignition with no
 * prompt, then the record later commands read (.points/<id>.json: addresses, RPC URL, chain id)
 * and the roles as the chain has them. Nothing is sent unless every check passed.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { formatEther } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { IgnitionModule } from "@nomicfoundation/ignition-core";
import { deploymentBlockFromJournal, PointsError } from "../sdk/index.js";
import { checkRoles } from "./conflicts.js";
import { runIgnition } from "./ignition.js";
import { resolveTarget, type TargetOptions } from "./network.js";
import { checkParameters, parameterNames, toIgnitionParameters, type Problem, type SystemModule, type SystemParameters } from "./parameters.js";
import { estimateDeployment, moduleParameterNames, predictDeployment, type Estimate } from "./plan.js";
import { readRoleHolders, type RoleHolder } from "./roles.js";

export interface DeployOptions extends TargetOptions {
  parameters: string;
  deploymentId?: string;
  acceptLowercase?: boolean;
  allowSharedRoles?: boolean;
  confirmations?: number;
  dryRun?: boolean;
  /** Where the deployment record goes (default: ./.points, which --deployment reads). */
  recordDir?: string;
}

export interface DeployIo {
  /** Progress, one line at a time. */
  say: (line: string) => void;
  /** Asks a yes/no question; absent when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}

export interface DeployResult {
  dryRun: boolean;
  deploymentId: string;
  module: SystemModule;
  network: string;
  rpcUrl: string;
  chainId: number;
  deployer: string;
  keySource: string;
  parameters: SystemParameters;
  estimate: Estimate;
  addresses: { forwarder: string; deployer: string; token: string; mall: string };
  fromBlock: number | undefined;
  record: string | undefined;
  roles: RoleHolder[];
}

function refuse(what: string, problems: Problem[], hint: string): never {
  const lines = problems.map((p) => `  ${p.field}: ${p.message}`).join("\n");
  throw new PointsError(`${what}; nothing was sent:\n${lines}`, hint);
}

function readParameterFile(file: string): unknown {
  if (!existsSync(file)) throw new PointsError(`no parameter file ${file}`, "copy ignition/parameters/private.example.json and name your accounts");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new PointsError(`${file} is not valid JSON: ${(error as Error).message}`, "fix the file (a missing comma or quote, most likely)", { cause: error });
  }
}

async function loadModule(hre: HardhatRuntimeEnvironment, id: SystemModule): Promise<IgnitionModule> {
  const file = path.join(hre.config.paths.ignition, "modules", "PointsSystem.ts");
  const loaded = (await import(pathToFileURL(file).href)) as { default: IgnitionModule; ExpiringPointsSystem: IgnitionModule };
  const module = id === "PointsSystem" ? loaded.default : loaded.ExpiringPointsSystem;
  if (module?.id !== id) throw new PointsError(`ignition/modules/PointsSystem.ts has no ${id} module`, "check the module file");
  // The module and these checks must agree on the parameters, or some would go unchecked.
  const expected = new Set<string>(parameterNames(id));
  const unchecked = [...moduleParameterNames(module)].filter((n) => !expected.has(n));
  if (unchecked.length > 0) {
    throw new PointsError(`the Ignition module takes parameters that points deploy does not check: ${unchecked.join(", ")}`, "add their checks to src/deploy/parameters.ts");
  }
  return module;
}

async function writeRecord(dir: string, id: string, record: object): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${id}.json`);
  // Written whole, then renamed: a reader never sees half a file. 0600: the URL may carry a secret.
  await writeFile(`${file}.tmp`, JSON.stringify(record, null, 2) + "\n", { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return file;
}

export async function runDeploy(hre: HardhatRuntimeEnvironment, options: DeployOptions, io: DeployIo): Promise<DeployResult> {
  const file = readParameterFile(options.parameters);
  const target = await resolveTarget(hre, options);
  const checked = checkParameters(file, { localChain: target.local });
  if (checked.parameters === undefined) {
    refuse(`${checked.problems.length} problem(s) in ${options.parameters}`, checked.problems, "fix them and run again");
  }
  const parameters = checked.parameters;
  const moduleId = checked.module;
  const module = await loadModule(hre, moduleId);
  const deploymentId = options.deploymentId ?? `chain-${target.chainId}`;
  if (!/^[\w-]+$/.test(deploymentId)) throw new PointsError(`--deployment-id "${deploymentId}": use letters, digits, - and _`);
  const deploymentDir = path.join(hre.config.paths.ignition, "deployments", deploymentId);
  const prediction = await predictDeployment(module, target, { id: deploymentId, dir: deploymentDir });
  const forwarder = prediction.addresses.get(`${moduleId}#PointsForwarder`) ?? prediction.pointsDeployer;
  const roles = checkRoles(parameters, {
    deployer: target.wallet.address,
    forwarder,
    pointsDeployer: prediction.pointsDeployer,
    token: prediction.token,
    mall: prediction.mall,
  });
  if (roles.refused.length > 0) refuse("a contract of this deployment is named in a role", roles.refused, "name accounts, not the deployment's contracts");
  if (roles.shared.length > 0 && options.allowSharedRoles !== true) {
    refuse(`${roles.shared.length} account(s) in conflicting roles`, roles.shared, "name separate accounts, or pass --allow-shared-roles if it is intended");
  }
  if (checked.unchecksummed.length > 0 && options.acceptLowercase !== true) {
    const list = checked.unchecksummed.map((u) => ({ field: u.field, message: `${u.address.toLowerCase()} has no checksum (one case only); checksummed it is ${u.address}` }));
    const question = `${list.length} address(es) carry no checksum, so a typo in them would deploy silently:\n${list.map((l) => `  ${l.field}: ${l.message}`).join("\n")}\nDeploy with them? [y/N] `;
    if (io.confirm === undefined || !(await io.confirm(question))) {
      refuse(`${list.length} address(es) without a checksum`, list, "write them checksummed (as shown), or pass --accept-lowercase after checking each one");
    }
  }

  // The tests' and npm start's build (the default profile): a no-op when nothing changed.
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true, defaultBuildProfile: "default" });
  const ignitionParameters = toIgnitionParameters(moduleId, parameters);
  const estimate = await estimateDeployment(prediction, ignitionParameters[moduleId]!, target, async (name) => hre.artifacts.readArtifact(name));
  if (estimate.balance < estimate.cost) {
    throw new PointsError(
      `the deployer ${target.wallet.address} holds ${formatEther(estimate.balance)} of the chain's coin; the deployment needs about ${formatEther(estimate.cost)} (${estimate.gas} gas at up to ${estimate.feePerGas} wei a unit); nothing was sent`,
      `send it at least ${formatEther(estimate.cost - estimate.balance)} more, then run the same command again`,
    );
  }
  const base = {
    deploymentId,
    module: moduleId,
    network: options.network ?? (options.rpc !== undefined ? "--rpc" : target.networkName),
    rpcUrl: target.url,
    chainId: target.chainId,
    deployer: target.wallet.address,
    keySource: target.keySource,
    parameters,
    estimate,
  };
  if (options.dryRun === true) {
    target.provider.destroy();
    return { ...base, dryRun: true, addresses: { forwarder, deployer: prediction.pointsDeployer, token: prediction.token, mall: prediction.mall }, fromBlock: undefined, record: undefined, roles: [] };
  }

  const run = await runIgnition(hre, module, ignitionParameters, target, { deploymentDir, confirmations: options.confirmations, say: io.say });
  const pick = (name: string): string => {
    const a = run.addresses[`${moduleId}#${name}`];
    if (a === undefined) throw new PointsError(`the deployment finished without ${name}`, "run the same command again");
    return a;
  };
  const addresses = { forwarder: pick("PointsForwarder"), deployer: pick("PointsDeployer"), token: pick(moduleId === "PointsSystem" ? "PointsToken" : "ExpiringPointsToken"), mall: pick("PointsMall") };
  const fromBlock = deploymentBlockFromJournal(readFileSync(path.join(deploymentDir, "journal.jsonl"), "utf8"));
  const record = await writeRecord(options.recordDir ?? path.join(process.cwd(), ".points"), deploymentId, {
    deploymentId,
    module: moduleId,
    network: base.network,
    rpcUrl: target.url,
    chainId: target.chainId,
    ...addresses,
    fromBlock,
  });
  const labels = new Map([
    [target.wallet.address, "the deploying key"],
    [addresses.mall, "the mall"],
    [addresses.forwarder, "the forwarder"],
  ]);
  const holders = await readRoleHolders(target.provider, addresses, fromBlock, labels);
  target.provider.destroy();
  return { ...base, dryRun: false, addresses, fromBlock, record, roles: holders };
}
