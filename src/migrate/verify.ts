/**
 * Shows that the new books equal the old ones at the snapshot block: every planned batch issued
 * exactly once, with its recipient count and total; every holder credited exactly its row (the
 * batch transaction's mints, read from the chain, against the plan); the sums; and a sample of
 * holders read directly with balanceOf on both tokens. Differences are listed, never hidden.
 */
import type { Log, Provider } from "ethers";
import type { PointsClient } from "../sdk/index.js";
import { decodeTransfer, LegacyToken, TRANSFER_TOPIC, ZERO_TOPIC } from "./legacy.js";
import { rowsOf, type MigrationPlan } from "./plan.js";
import type { Snapshot } from "./snapshot.js";
import type { IssuedBatch } from "./target.js";

export interface MigrationBooks {
  snapshotBlock: number;
  oldTotalSupply: bigint;
  held: bigint;
  openOrders: number;
  inOpenOrders: bigint;
  notMigrated: bigint;
  holders: number;
  planned: bigint;
  batches: number;
  batchesIssued: number;
  credited: bigint;
  holdersEqual: number;
  sample: { holders: number; equal: number; oldRead: "at the snapshot block" | "now (the node keeps no history; the old token is paused)" };
  newTotalSupply: bigint;
  differences: string[];
}

/** Up to `n` rows spread evenly over the plan, and the largest holder. */
function sampleIndexes(count: number, n: number, largest: number): number[] {
  const picked = new Set<number>();
  for (let k = 0; k < Math.min(n, count); k++) picked.add(Math.floor((k * count) / Math.min(n, count)));
  if (count > 0) picked.add(largest);
  return [...picked].sort((a, b) => a - b);
}

export async function verifyMigration(
  old: { provider: Provider; token: string },
  client: PointsClient,
  plan: MigrationPlan,
  snapshot: Snapshot,
  issued: Map<string, IssuedBatch>,
  options: { sample: number },
): Promise<MigrationBooks> {
  const differences: string[] = [];
  const newToken = await client.token.getAddress();
  const mintsByBlock = new Map<string, Log[]>();
  let credited = 0n;
  let holdersEqual = 0;
  let batchesIssued = 0;
  let lastBlock = 0;
  for (const batch of plan.batches) {
    const onChain = issued.get(batch.ref.toLowerCase());
    const label = `batch ${batch.index + 1} (${batch.ref})`;
    if (onChain === undefined) {
      differences.push(`${label} is not issued on the new token`);
      continue;
    }
    batchesIssued++;
    lastBlock = Math.max(lastBlock, onChain.blockNumber);
    if (onChain.times > 1) differences.push(`${label} was issued ${onChain.times} times`);
    if (onChain.recipients !== BigInt(batch.count) || onChain.total !== batch.total) {
      differences.push(`${label}: ${onChain.recipients} recipients and ${onChain.total} points on chain, ${batch.count} and ${batch.total} planned`);
    }
    let logs = mintsByBlock.get(onChain.blockHash);
    if (logs === undefined) {
      logs = await client.provider.getLogs({ address: newToken, topics: [TRANSFER_TOPIC, ZERO_TOPIC], blockHash: onChain.blockHash });
      mintsByBlock.clear(); // batches come block after block: keep one block's logs at a time
      mintsByBlock.set(onChain.blockHash, logs);
    }
    const mints = logs.filter((l) => l.transactionHash === onChain.tx).map(decodeTransfer);
    const rows = rowsOf(plan, batch);
    rows.forEach((row, i) => {
      const mint = mints[i];
      if (mint !== undefined && mint.to === row.holder.toLowerCase() && mint.value === row.amount) {
        holdersEqual++;
        credited += mint.value;
      } else {
        differences.push(`${row.holder}: ${row.amount} planned in ${label}, ${mint === undefined ? "nothing" : `${mint.value} to ${mint.to}`} credited`);
      }
    });
    if (mints.length > rows.length) differences.push(`${label} credited ${mints.length - rows.length} more address(es) than planned`);
  }

  const oldToken = new LegacyToken(old.token, old.provider);
  let largest = 0;
  plan.rows.forEach((r, i) => (r.amount > plan.rows[largest]!.amount ? (largest = i) : undefined));
  const picks = sampleIndexes(plan.rows.length, options.sample, largest);
  let oldRead: MigrationBooks["sample"]["oldRead"] = "at the snapshot block";
  let sampleEqual = 0;
  for (const i of picks) {
    const row = plan.rows[i]!;
    let oldBalance: bigint;
    try {
      oldBalance = await oldToken.balanceOf(row.holder, snapshot.block);
    } catch {
      oldRead = "now (the node keeps no history; the old token is paused)";
      oldBalance = await oldToken.balanceOf(row.holder);
    }
    const newBalance = await client.token.balanceOf(row.holder, { blockTag: lastBlock > 0 ? lastBlock : "latest" });
    if (oldBalance === row.held && newBalance === row.amount) sampleEqual++;
    else differences.push(`${row.holder}: balanceOf says ${oldBalance} on the old token and ${newBalance} on the new one; the plan says ${row.held} held, ${row.amount} credited`);
  }

  const held = plan.rows.reduce((s, r) => s + r.held, 0n);
  const inOpenOrders = plan.rows.reduce((s, r) => s + r.inOpenOrders, 0n);
  const notMigrated = plan.excluded.reduce((s, e) => s + e.amount, 0n);
  const ordersTotal = snapshot.openOrders.reduce((s, o) => s + o.points, 0n);
  const expected = snapshot.totalSupply + (plan.orders === "refund" ? ordersTotal : 0n) - notMigrated;
  if (plan.total !== expected) differences.push(`the plan carries ${plan.total} points; the old books say ${expected}`);
  if (credited !== plan.total) differences.push(`${credited} points credited on the new token; ${plan.total} planned`);
  return {
    snapshotBlock: snapshot.block,
    oldTotalSupply: snapshot.totalSupply,
    held,
    openOrders: snapshot.openOrders.length,
    inOpenOrders,
    notMigrated,
    holders: plan.rows.length,
    planned: plan.total,
    batches: plan.batches.length,
    batchesIssued,
    credited,
    holdersEqual,
    sample: { holders: picks.length, equal: sampleEqual, oldRead },
    newTotalSupply: await client.token.totalSupply({ blockTag: lastBlock > 0 ? lastBlock : "latest" }),
    differences: differences.length > 20 ? [...differences.slice(0, 20), `and ${differences.length - 20} more`] : differences,
  };
}
