import { PointsError } from "./errors.js";
import type { PointsAddresses } from "./client.js";

/**
 * The addresses in an Ignition deployment's deployed_addresses.json (its parsed content), so that
 * a browser that fetched the file and Node that read it share one parser.
 */
export function addressesFromIgnition(deployedAddresses: Record<string, string>, fromBlock = 0): PointsAddresses {
  const token = deployedAddresses["PointsSystem#PointsToken"];
  const mall = deployedAddresses["PointsSystem#PointsMall"];
  if (token === undefined || mall === undefined) {
    throw new PointsError(
      "this is not a Points Mall deployment (no PointsSystem#PointsToken and PointsSystem#PointsMall)",
      "deploy with ignition/modules/PointsSystem.ts",
    );
  }
  const forwarder = deployedAddresses["PointsSystem#PointsForwarder"];
  return forwarder === undefined ? { token, mall, fromBlock } : { token, mall, forwarder, fromBlock };
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
