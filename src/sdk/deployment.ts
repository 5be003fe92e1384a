/**
 * What a deployment file says, parsed in one place for the browser (which fetches it) and Node
 * (node.ts reads it from disk): Ignition's deployed_addresses.json and journal, or the summary
 * that `npm start` writes (.points/<id>.json). Browser-safe: no file access here.
 */
import { InvalidInputError, PointsError } from "./errors.js";
import type { PointsAddresses } from "./client.js";
import { parseAddress } from "./validate.js";

/** A deployment's contracts, where history starts, and what the file adds (its chain, RPC URL, relay). */
export interface Deployment extends PointsAddresses {
  fromBlock: number;
  /** The PointsDeployer contract (Ignition deployments). */
  deployer?: string;
  rpcUrl?: string;
  chainId?: number;
  relayUrl?: string;
  /** The ledger API serving it (npm start's, points serve's), where the file says. */
  indexerUrl?: string;
  /** The web app that serves the catalog's metadata documents (npm start's), where known. */
  webUrl?: string;
  /** Merchants' EarningRules contracts, where the file lists them (`"rules": [address, ...]`). */
  rules?: string[];
  /** The program's StatusPoints contract (status points and tiers), where the file names one. */
  status?: string;
}

/**
 * The addresses in an Ignition deployment's deployed_addresses.json (its parsed content), so that
 * a browser that fetched the file and Node that read it share one parser.
 */
export function addressesFromIgnition(deployedAddresses: Record<string, string>, fromBlock = 0): Deployment {
  const token = deployedAddresses["PointsSystem#PointsToken"];
  const mall = deployedAddresses["PointsSystem#PointsMall"];
  if (token === undefined || mall === undefined) {
    throw new PointsError(
      "this is not a Points Mall deployment (no PointsSystem#PointsToken and PointsSystem#PointsMall)",
      "deploy with ignition/modules/PointsSystem.ts",
    );
  }
  const out: Deployment = { token, mall, fromBlock };
  const forwarder = deployedAddresses["PointsSystem#PointsForwarder"];
  const deployer = deployedAddresses["PointsSystem#PointsDeployer"];
  if (forwarder !== undefined) out.forwarder = forwarder;
  if (deployer !== undefined) out.deployer = deployer;
  // The mechanics' modules (ignition/modules/EarningRules.ts, StatusPoints.ts), when deployed under the same id.
  const rules = deployedAddresses["EarningRules#EarningRules"];
  const status = deployedAddresses["StatusPoints#StatusPoints"];
  if (rules !== undefined) out.rules = [rules];
  if (status !== undefined) out.status = status;
  return out;
}

/**
 * The block in which PointsDeployer was deployed, from an Ignition journal (journal.jsonl);
 * 0 where the journal does not say. History and reconciliation start there, not at genesis.
 */
export function deploymentBlockFromJournal(journal: string): number {
  for (const line of journal.split("\n")) {
    if (!line.includes('"PointsSystem#PointsDeployer"') || !line.includes('"receipt"')) continue;
    const entry = JSON.parse(line) as { receipt?: { blockNumber?: number } };
    if (typeof entry.receipt?.blockNumber === "number") return entry.receipt.blockNumber;
  }
  return 0;
}

/**
 * A deployment from a file's parsed JSON: the summary `npm start` writes (token, mall, …) or
 * Ignition's deployed_addresses.json (then `journal`, where given, says the deployment block).
 * `source` names the file in errors.
 */
export function parseDeployment(data: unknown, source: string, journal?: string): Deployment {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new InvalidInputError("deployment", `${source} does not hold a deployment (it is not a JSON object)`, "give a .points/<id>.json or an Ignition deployed_addresses.json");
  }
  const d = data as Record<string, unknown>;
  if (typeof d.token !== "string" || typeof d.mall !== "string") {
    return addressesFromIgnition(d as Record<string, string>, journal === undefined ? 0 : deploymentBlockFromJournal(journal));
  }
  const out: Deployment = {
    token: parseAddress(d.token, `${source}: token`),
    mall: parseAddress(d.mall, `${source}: mall`),
    fromBlock: typeof d.fromBlock === "number" ? d.fromBlock : 0,
  };
  if (typeof d.forwarder === "string") out.forwarder = parseAddress(d.forwarder, `${source}: forwarder`);
  if (typeof d.deployer === "string") out.deployer = parseAddress(d.deployer, `${source}: deployer`);
  if (typeof d.rpcUrl === "string") out.rpcUrl = d.rpcUrl;
  if (typeof d.chainId === "number") out.chainId = d.chainId;
  if (typeof d.relayUrl === "string") out.relayUrl = d.relayUrl;
  if (typeof d.webUrl === "string") out.webUrl = d.webUrl;
  if (typeof d.indexerUrl === "string") out.indexerUrl = d.indexerUrl;
  if (Array.isArray(d.rules)) out.rules = d.rules.map((r, i) => parseAddress(String(r), `${source}: rules #${i}`));
  if (typeof d.status === "string") out.status = parseAddress(d.status, `${source}: status`);
  return out;
}
