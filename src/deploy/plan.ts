/**
 * What a deployment will send, worked out before it sends anything: the contracts still to
 * deploy (an interrupted deployment resumes from Ignition's journal), the addresses they will
 * get, their constructor arguments exactly as Ignition encodes them from the module, the gas
 * each needs (estimated by the node, which also runs the constructors: a constructor that would
 * revert is refused here), and what that gas costs the deployer.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ContractFactory, getCreateAddress, type InterfaceAbi } from "ethers";
import {
  FutureType,
  isAccountRuntimeValue,
  isFuture,
  isModuleParameterRuntimeValue,
  type Future,
  type IgnitionModule,
  type NamedArtifactContractDeploymentFuture,
} from "@nomicfoundation/ignition-core";
import { PointsError, toPointsError } from "../sdk/index.js";
import type { Target } from "./network.js";

/** Reads a compiled contract's ABI and creation code (Hardhat's artifacts). */
export type ArtifactReader = (contractName: string) => Promise<{ abi: InterfaceAbi; bytecode: string }>;

export interface PlannedContract {
  futureId: string;
  contractName: string;
  address: string;
  /** Deployed by an earlier run of this deployment (Ignition resumes after it). */
  done: boolean;
  gas: bigint;
}

type Deployment = NamedArtifactContractDeploymentFuture<string>;

function isDeployment(f: Future): f is Deployment {
  return f.type === FutureType.NAMED_ARTIFACT_CONTRACT_DEPLOYMENT;
}

/** The module's contract deployments, each after the deployments it depends on (Ignition's order). */
function deploymentsInOrder(module: IgnitionModule): Deployment[] {
  const pending = [...module.futures].filter(isDeployment);
  const ordered: Deployment[] = [];
  while (pending.length > 0) {
    const i = pending.findIndex((f) => [...f.dependencies].every((d) => !pending.includes(d as Deployment)));
    if (i < 0) throw new PointsError("the Ignition module's deployments depend on each other in a cycle");
    ordered.push(...pending.splice(i, 1));
  }
  return ordered;
}

/** Every module parameter the module reads, by name. */
export function moduleParameterNames(module: IgnitionModule): Set<string> {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (isModuleParameterRuntimeValue(v)) names.add(v.name);
    else if (isFuture(v)) return;
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
  };
  for (const f of module.futures) if (isDeployment(f)) walk(f.constructorArgs);
  return names;
}

/** A constructor argument with parameters and earlier contracts replaced by their values. */
function resolveArgument(v: unknown, parameters: Record<string, unknown>, addresses: Map<string, string>): unknown {
  if (isModuleParameterRuntimeValue(v)) return parameters[v.name] ?? v.defaultValue;
  if (isAccountRuntimeValue(v)) throw new PointsError("the Ignition module uses m.getAccount, which points deploy does not plan for");
  if (isFuture(v)) {
    const address = addresses.get(v.id);
    if (address === undefined) throw new PointsError(`the Ignition module passes ${v.id}, which points deploy cannot predict`);
    return address;
  }
  if (Array.isArray(v)) return v.map((x) => resolveArgument(x, parameters, addresses));
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveArgument(x, parameters, addresses)]));
  }
  return v;
}

interface PreviousRun {
  chainId: number | undefined;
  addresses: Record<string, string>;
  /** The nonce Ignition gave each future's transaction. */
  nonces: Map<string, number>;
}

/** What an earlier, possibly interrupted, run of this deployment recorded. */
export function readPreviousRun(deploymentDir: string): PreviousRun | undefined {
  const journalFile = path.join(deploymentDir, "journal.jsonl");
  if (!existsSync(journalFile)) return undefined;
  const run: PreviousRun = { chainId: undefined, addresses: {}, nonces: new Map() };
  for (const line of readFileSync(journalFile, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line) as { type?: string; chainId?: number; futureId?: string; nonce?: number };
    if (entry.type === "DEPLOYMENT_INITIALIZE" && typeof entry.chainId === "number") run.chainId = entry.chainId;
    if (entry.type === "TRANSACTION_PREPARE_SEND" && typeof entry.futureId === "string" && typeof entry.nonce === "number") {
      if (!run.nonces.has(entry.futureId)) run.nonces.set(entry.futureId, entry.nonce);
    }
  }
  const addressesFile = path.join(deploymentDir, "deployed_addresses.json");
  if (existsSync(addressesFile)) run.addresses = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
  return run;
}

/** The addresses a deployment's contracts will get (or got, in an earlier run), before any estimate. */
export interface Prediction {
  deploymentId: string;
  deploymentDir: string;
  resumed: boolean;
  /** Future id -> address, for the module's contract deployments. */
  addresses: Map<string, string>;
  contracts: { future: Deployment; address: string; done: boolean }[];
  pointsDeployer: string;
  /** Where PointsDeployer creates the token (its nonce 1) and the mall (nonce 2). */
  token: string;
  mall: string;
}

export async function predictDeployment(module: IgnitionModule, target: Target, deployment: { id: string; dir: string }): Promise<Prediction> {
  const previous = readPreviousRun(deployment.dir);
  if (previous?.chainId !== undefined && previous.chainId !== target.chainId) {
    throw new PointsError(
      `the deployment "${deployment.id}" was made on chain ${previous.chainId}; this node is chain ${target.chainId}`,
      "pass another --deployment-id for a new deployment on this chain",
    );
  }
  const from = target.wallet.address;
  // Futures not yet sent take the deployer's next nonces, in the order Ignition sends them.
  let nextNonce = await target.provider.getTransactionCount(from, "pending");
  const addresses = new Map<string, string>();
  const contracts: Prediction["contracts"] = [];
  for (const future of deploymentsInOrder(module)) {
    const known = previous?.addresses[future.id];
    const nonce = previous?.nonces.get(future.id) ?? nextNonce++;
    const address = known ?? getCreateAddress({ from, nonce });
    addresses.set(future.id, address);
    contracts.push({ future, address, done: known !== undefined });
  }
  const pointsDeployer = contracts.find((c) => c.future.contractName === "PointsDeployer")?.address;
  if (pointsDeployer === undefined) throw new PointsError("the Ignition module deploys no PointsDeployer");
  return {
    deploymentId: deployment.id,
    deploymentDir: deployment.dir,
    resumed: previous !== undefined,
    addresses,
    contracts,
    pointsDeployer,
    token: getCreateAddress({ from: pointsDeployer, nonce: 1 }),
    mall: getCreateAddress({ from: pointsDeployer, nonce: 2 }),
  };
}

export interface Estimate {
  contracts: PlannedContract[];
  gas: bigint;
  feePerGas: bigint;
  cost: bigint;
  balance: bigint;
}

/** The gas of each contract still to deploy, estimated by the node with the real arguments. */
export async function estimateDeployment(
  prediction: Prediction,
  parameters: Record<string, unknown>,
  target: Target,
  readArtifact: ArtifactReader,
): Promise<Estimate> {
  const from = target.wallet.address;
  const contracts: PlannedContract[] = [];
  for (const { future, address, done } of prediction.contracts) {
    let gas = 0n;
    if (!done) {
      const artifact = await readArtifact(future.contractName);
      const args = future.constructorArgs.map((a) => resolveArgument(a, parameters, prediction.addresses));
      const { data } = await new ContractFactory(artifact.abi, artifact.bytecode).getDeployTransaction(...args);
      try {
        gas = await target.provider.estimateGas({ from, data });
      } catch (error) {
        const reason = toPointsError(error);
        throw new PointsError(`deploying ${future.contractName} would fail: ${reason.message}`, reason.hint ?? "check the parameters", { cause: error });
      }
    }
    contracts.push({ futureId: future.id, contractName: future.contractName, address, done, gas });
  }
  const gas = contracts.reduce((s, c) => s + c.gas, 0n);
  const fees = await target.provider.getFeeData();
  // What the node checks before it takes a transaction: gas limit times the most it may pay a unit.
  const feePerGas = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  const balance = await target.provider.getBalance(from, "pending");
  return { contracts, gas, feePerGas, cost: gas * feePerGas, balance };
}
