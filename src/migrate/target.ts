/**
 * The new deployment's side of a migration, checked before anything is sent: the migrating key
 * is an issuer there with the quota for what is left, the supply cap leaves room, the token is
 * not paused, the key can pay the gas, no batch would overflow a block, and the key issued no
 * batches there that this migration does not know (an earlier run with other choices: sending
 * again would credit holders twice). Every refusal gives the numbers.
 */
import { formatEther, id, toBigInt, type Provider } from "ethers";
import { PointsError, toPointsError, type PointsClient } from "../sdk/index.js";
import { forEachLog } from "./logs.js";
import { rowsOf, type Batch, type MigrationPlan } from "./plan.js";

export const BATCH_ISSUED_TOPIC = id("BatchIssued(address,bytes32,uint256,uint256)");

export interface IssuedBatch {
  ref: string;
  recipients: bigint;
  total: bigint;
  tx: string;
  blockHash: string;
  blockNumber: number;
  /** How many BatchIssued events carry this reference for this issuer (more than 1: credited twice). */
  times: number;
}

/** The batches `issuer` issued on the new token, by reference, from its BatchIssued events. */
export async function issuedBatches(provider: Provider, token: string, issuer: string, fromBlock: number): Promise<Map<string, IssuedBatch>> {
  const issued = new Map<string, IssuedBatch>();
  const toBlock = await provider.getBlockNumber();
  const issuerTopic = `0x${issuer.slice(2).toLowerCase().padStart(64, "0")}`;
  await forEachLog(provider, { address: token, topics: [BATCH_ISSUED_TOPIC, issuerTopic] }, fromBlock, toBlock, (log) => {
    const ref = log.topics[2]!.toLowerCase();
    const seen = issued.get(ref);
    if (seen !== undefined) {
      seen.times++;
      return;
    }
    issued.set(ref, {
      ref,
      recipients: toBigInt(`0x${log.data.slice(2, 66)}`),
      total: toBigInt(`0x${log.data.slice(66, 130)}`),
      tx: log.transactionHash,
      blockHash: log.blockHash,
      blockNumber: log.blockNumber,
      times: 1,
    });
  });
  return issued;
}

/** Role, pause, quota and cap for issuing `need` points. `what` says what the number is. */
export async function checkIssuer(client: PointsClient, issuer: string, need: bigint, what: string, toId: string): Promise<void> {
  const token = client.token;
  const tokenAddress = await token.getAddress();
  if (!(await token.hasRole(await token.ISSUER_ROLE(), issuer))) {
    throw new PointsError(
      `${issuer} is not an issuer of the new token ${tokenAddress}: it cannot issue the migrated points; nothing was sent`,
      `the new deployment's admin grants it: points --deployment ${toId} grant ISSUER_ROLE ${issuer}, then sets its quota`,
    );
  }
  if (await token.paused()) {
    throw new PointsError(`the new token ${tokenAddress} is paused; nothing was sent`, `a pauser of the new deployment unpauses it: points --deployment ${toId} unpause`);
  }
  const quota = await token.issuerQuota(issuer);
  if (quota < need) {
    throw new PointsError(
      `issuer ${issuer} may issue ${quota} more points on the new token; the migration needs ${need} (${what}); nothing was sent`,
      `the new deployment's admin raises it: points --deployment ${toId} quota ${issuer} --set ${need}`,
    );
  }
  // The cap bounds the points in existence plus those of open orders, which a cancel gives back.
  const [cap, supply, reserved] = await Promise.all([token.supplyCap(), token.totalSupply(), token.refundReserve()]);
  if (cap > 0n && supply + reserved + need > cap) {
    throw new PointsError(
      `the new token's supply cap is ${cap} points; ${supply} exist and ${reserved} are held for open orders; the migration adds ${need} (${what}), ${supply + reserved + need - cap} too many; nothing was sent`,
      "deploy the new system with a supply cap that holds the old program's points (or none)",
    );
  }
}

export interface GasPlan {
  gasPerBatch: bigint;
  feePerGas: bigint;
  cost: bigint;
  balance: bigint;
}

/** Unknown batches of this issuer, block room and funds for the batches left to send. */
export async function checkBatches(
  client: PointsClient,
  plan: MigrationPlan,
  remaining: Batch[],
  issued: Map<string, IssuedBatch>,
  options: { allowOtherBatches: boolean },
): Promise<GasPlan> {
  const known = new Set(plan.batches.map((b) => b.ref));
  const unknown = [...issued.values()].filter((b) => !known.has(b.ref));
  if (unknown.length > 0 && !options.allowOtherBatches) {
    const list = unknown.slice(0, 5).map((b) => `  ${b.ref}: ${b.recipients} recipients, ${b.total} points (tx ${b.tx})`).join("\n");
    throw new PointsError(
      `the migrating key already issued ${unknown.length} batch(es) on the new token that this migration did not plan; nothing was sent:\n${list}`,
      "if they are an earlier migration run with another --at-block, --batch-size or orders choice, running this one would credit its holders twice: run that one again (its --state folder) instead; if they are unrelated bulk issues, pass --allow-other-batches",
    );
  }
  const signer = client.signer!;
  const from = await signer.getAddress();
  const [fees, balance, latest] = await Promise.all([client.provider.getFeeData(), client.provider.getBalance(from, "pending"), client.provider.getBlock("latest")]);
  const feePerGas = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  if (remaining.length === 0) return { gasPerBatch: 0n, feePerGas, cost: 0n, balance };
  const first = remaining[0]!;
  const rows = rowsOf(plan, first);
  let gasPerBatch: bigint;
  try {
    gasPerBatch = await client.token.issueBatch.estimateGas(rows.map((r) => r.holder), rows.map((r) => r.amount), first.ref);
  } catch (error) {
    const reason = toPointsError(error);
    throw new PointsError(`issuing batch ${first.index + 1} would fail: ${reason.message}; nothing was sent`, reason.hint ?? "check the new deployment", { cause: error });
  }
  const gasLimit = latest?.gasLimit ?? 0n;
  if (gasLimit > 0n && gasPerBatch > (gasLimit * 9n) / 10n) {
    throw new PointsError(
      `a batch of ${first.count} needs ${gasPerBatch} gas; the new chain's blocks hold ${gasLimit}; nothing was sent`,
      `use a smaller --batch-size (about ${Math.max(1, Math.floor((first.count * Number((gasLimit * 8n) / 10n)) / Number(gasPerBatch)))})`,
    );
  }
  const cost = gasPerBatch * BigInt(remaining.length) * feePerGas;
  if (balance < cost) {
    throw new PointsError(
      `${from} holds ${formatEther(balance)} of the new chain's coin; ${remaining.length} batch(es) need about ${formatEther(cost)} (${gasPerBatch} gas each at up to ${feePerGas} wei a unit); nothing was sent`,
      `send it at least ${formatEther(cost - balance)} more, then run the same command again`,
    );
  }
  return { gasPerBatch, feePerGas, cost, balance };
}
