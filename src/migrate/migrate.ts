/**
 * `points migrate`: moves a live program's points to a new deployment. Pauses the old token (or
 * finds where it was paused), takes its books at that block, issues every holder's points on the
 * new token in batches whose references commit to the old books, and shows that the new books
 * equal the old ones. Run it again after any interruption: it takes the same snapshot, skips the
 * batches the chain has, and sends the rest.
 */
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { expiryPolicy, PointsError, toPointsError, type PointsClient } from "../sdk/index.js";
import { connect, findDeployment, type ConnectionOptions } from "../cli/connect.js";
import { LegacyToken, PAUSED_TOPIC, UNPAUSED_TOPIC } from "./legacy.js";
import { forEachLog } from "./logs.js";
import { planMigration, type Excluded, type OrdersMode } from "./plan.js";
import { waitForPending, sendBatches, type SendProgress } from "./send.js";
import { takeSnapshot, type OpenOrder } from "./snapshot.js";
import { loadState, saveState, writeOpenOrders, writeRows, type MigrationState } from "./state.js";
import { checkBatches, checkIssuer, issuedBatches, type GasPlan } from "./target.js";
import { verifyMigration, type MigrationBooks } from "./verify.js";

export const DEFAULT_BATCH_SIZE = 500;

export interface MigrateOptions {
  from: string;
  to: string;
  atBlock?: number;
  dryRun?: boolean;
  carryOrders?: boolean;
  batchSize?: number;
  stateDir?: string;
  sample?: number;
  allowOtherBatches?: boolean;
}

export interface MigrateResult {
  dryRun: boolean;
  from: { chainId: bigint; token: string };
  to: { chainId: bigint; token: string };
  issuer: string;
  snapshotBlock: number;
  /** Why the snapshot block is what it is. */
  snapshotNote: string;
  pausedNow: { hash: string; blockNumber: number } | undefined;
  rows: number;
  batches: number;
  batchSize: number;
  points: bigint;
  orders: OrdersMode;
  openOrders: OpenOrder[];
  excluded: Excluded[];
  issuedBefore: number;
  sent: number;
  gas: GasPlan;
  gasUsed: bigint;
  stateDir: string;
  files: string[];
  books: MigrationBooks | undefined;
}

async function lastEventBlock(client: PointsClient, token: string, topic: string, from: number, to: number): Promise<number | undefined> {
  let last: number | undefined;
  await forEachLog(client.provider, { address: token, topics: [topic] }, from, to, (log) => (last = log.blockNumber));
  return last;
}

function checkStateMatches(state: MigrationState, o: MigrateOptions, ids: { oldToken: string; newToken: string; issuer: string }, dir: string): void {
  const mismatch = (what: string) => {
    throw new PointsError(`${what} differs from the migration started in ${dir}`, "run it with the same choices (or leave them out: the state file has them); a migration with other choices would credit holders twice");
  };
  if (state.from.token !== ids.oldToken || state.to.token !== ids.newToken) mismatch("--from or --to");
  if (state.issuer !== ids.issuer) mismatch("the migrating key");
  if (o.atBlock !== undefined && o.atBlock !== state.snapshotBlock) mismatch(`--at-block ${o.atBlock} (the state says ${state.snapshotBlock})`);
  if (o.batchSize !== undefined && o.batchSize !== state.batchSize) mismatch(`--batch-size ${o.batchSize} (the state says ${state.batchSize})`);
  if (o.carryOrders === true && state.orders !== "carry") mismatch("--carry-orders");
}

export async function runMigrate(connection: ConnectionOptions, o: MigrateOptions, say: (line: string) => void): Promise<MigrateResult> {
  const dryRun = o.dryRun === true;
  const target = await connect({ ...connection, deployment: o.to }, true);
  const source = await connect({ ...connection, deployment: o.from }, false);
  const signer = target.signer!;
  // ethers polls for receipts every 4 s; a migration waits for thousands of them.
  for (const p of [target.provider, source.provider]) if (p instanceof JsonRpcProvider) p.pollingInterval = 1_000;
  const issuer = await signer.getAddress();
  const [oldToken, oldMall, newToken, newMall] = await Promise.all([source.token.getAddress(), source.mall.getAddress(), target.token.getAddress(), target.mall.getAddress()]);
  const [oldChain, newChain] = [(await source.provider.getNetwork()).chainId, (await target.provider.getNetwork()).chainId];
  if (oldChain === newChain && oldToken === newToken) throw new PointsError("--from and --to are the same deployment", "give the old deployment to --from and the new one to --to");

  // Expiring points (ERC-7818) leave no event when they expire: replaying transfers would carry
  // over points that are gone.
  if ((await expiryPolicy(source)) !== undefined) {
    throw new PointsError("the old token's points expire (ERC-7818): its transfers do not show which points are still valid; nothing was sent", "points migrate moves tokens whose points do not expire; an expiring program needs each holder's points by epoch (not done yet)");
  }
  const dir = o.stateDir ?? path.join(process.cwd(), ".points", "migrate", `${oldToken}-to-${newToken}`);
  let state = loadState(dir);
  if (state !== undefined) checkStateMatches(state, o, { oldToken, newToken, issuer }, dir);
  const orders: OrdersMode = state?.orders ?? (o.carryOrders === true ? "carry" : "refund");
  const batchSize = state?.batchSize ?? o.batchSize ?? DEFAULT_BATCH_SIZE;

  await waitForPending(target.provider, issuer, say);
  if (oldChain !== newChain) await waitForPending(source.provider, issuer, say);
  const legacy = new LegacyToken(oldToken, source.provider);
  const latest = await source.provider.getBlockNumber();
  let block: number;
  let snapshotNote: string;
  let pausedNow: MigrateResult["pausedNow"];
  if (state !== undefined) {
    [block, snapshotNote] = [state.snapshotBlock, `the block of the migration started in ${dir}`];
  } else if (o.atBlock !== undefined) {
    if (o.atBlock > latest || o.atBlock < source.fromBlock) throw new PointsError(`--at-block ${o.atBlock}: the old deployment's blocks run from ${source.fromBlock} to ${latest}`);
    if (!(await legacy.paused(o.atBlock)) && !dryRun) {
      throw new PointsError(`the old token was not paused at block ${o.atBlock}: its balances could still change after it; nothing was sent`, "pause it, then give a block at or after the pause (or leave --at-block out)");
    }
    [block, snapshotNote] = [o.atBlock, "--at-block"];
  } else if (await legacy.paused()) {
    const paused = await lastEventBlock(source, oldToken, PAUSED_TOPIC, source.fromBlock, latest);
    if (paused === undefined) throw new PointsError("the old token is paused but no Paused event says since when", "give the snapshot block with --at-block");
    [block, snapshotNote] = [paused, "where the old token was paused"];
  } else if (dryRun) {
    [block, snapshotNote] = [latest, "the latest block: the old token is not paused yet, and a real run pauses it first"];
  } else {
    // Before stopping a live program: could this migration go through at all?
    await checkIssuer(target, issuer, await legacy.totalSupply(), "the old token's supply now, before its open orders", o.to);
    if (!(await legacy.isPauser(issuer))) {
      throw new PointsError(`the old token is not paused, and ${issuer} is not a pauser of it; nothing was sent`, `pause it with a pauser's key first (points --deployment ${o.from} pause), then run migrate again`);
    }
    say(`pausing the old token ${oldToken}`);
    try {
      pausedNow = await new LegacyToken(oldToken, signer.connect(source.provider)).pause();
    } catch (error) {
      throw toPointsError(error);
    }
    say(`  paused in block ${pausedNow.blockNumber} (tx ${pausedNow.hash})`);
    [block, snapshotNote] = [pausedNow.blockNumber, "where this run paused the old token"];
  }
  if (!dryRun) {
    const unpaused = await lastEventBlock(source, oldToken, UNPAUSED_TOPIC, block + 1, await source.provider.getBlockNumber());
    if (unpaused !== undefined || !(await legacy.paused())) {
      throw new PointsError(`the old token was unpaused after block ${block}${unpaused !== undefined ? ` (in block ${unpaused})` : ""}: its books moved after the snapshot; nothing was sent`, "pause it again and decide the snapshot: see docs/migrate.md, \"Unpaused during a migration\"");
    }
  }

  say(`reading the old books at block ${block} (Transfer and order events from block ${source.fromBlock})`);
  const snapshot = await takeSnapshot({ provider: source.provider, token: oldToken, mall: oldMall, fromBlock: source.fromBlock }, block);
  const exclude = new Map<string, string>([
    [oldToken, "the old token's own address (points sent there were lost)"],
    [oldMall, "the old mall's address"],
    [newToken, "the new token's own address"],
    [newMall, "the new mall's address"],
  ]);
  for (const [id, what] of [[o.from, "old"], [o.to, "new"]] as const) {
    const forwarder = findDeployment(id).forwarder;
    if (forwarder !== undefined) exclude.set(forwarder, `the ${what} forwarder's address`);
  }
  const plan = planMigration(snapshot, { origin: { chainId: oldChain, token: oldToken, block }, orders, batchSize, exclude });
  if (state !== undefined && (state.batches.length !== plan.batches.length || state.batches.some((b, i) => b.ref !== plan.batches[i]!.ref))) {
    throw new PointsError(`the old books at block ${block} read differently now than when this migration started; nothing was sent`, "the node may have lost logs or the chain reorganized: try another RPC URL; do not delete the state to start over");
  }
  const issued = await issuedBatches(target.provider, newToken, issuer, target.fromBlock);
  const remaining = plan.batches.filter((b) => !issued.has(b.ref));
  if (remaining.length > 0) {
    await checkIssuer(target, issuer, remaining.reduce((s, b) => s + b.total, 0n), `${remaining.length} of ${plan.batches.length} batch(es) left`, o.to);
  }
  const gas = await checkBatches(target, plan, remaining, issued, { allowOtherBatches: o.allowOtherBatches === true });
  const files: string[] = [];
  if (!dryRun) {
    state ??= {
      version: 1,
      from: { chainId: String(oldChain), token: oldToken, mall: oldMall },
      to: { chainId: String(newChain), token: newToken },
      issuer,
      snapshotBlock: block,
      ...(pausedNow !== undefined ? { pausedBy: { tx: pausedNow.hash, block: pausedNow.blockNumber } } : {}),
      orders,
      batchSize,
      rows: plan.rows.length,
      total: String(plan.total),
      batches: plan.batches.map((b) => ({ ref: b.ref, rows: b.count, total: String(b.total) })),
    };
    await saveState(dir, state);
    files.push(path.join(dir, "state.json"), await writeRows(dir, plan));
    if (orders === "carry") files.push(await writeOpenOrders(dir, snapshot.openOrders));
  }

  const result = {
    dryRun,
    from: { chainId: oldChain, token: oldToken },
    to: { chainId: newChain, token: newToken },
    issuer,
    snapshotBlock: block,
    snapshotNote,
    pausedNow,
    rows: plan.rows.length,
    batches: plan.batches.length,
    batchSize,
    points: plan.total,
    orders,
    openOrders: snapshot.openOrders,
    excluded: plan.excluded,
    issuedBefore: plan.batches.length - remaining.length,
    gas,
    stateDir: dir,
    files,
  };
  if (dryRun) return { ...result, sent: 0, gasUsed: 0n, books: undefined };

  const progress = (p: SendProgress) =>
    say(`  batch ${p.batch.index + 1}/${plan.batches.length} ${p.skipped ? "was issued already: skipped" : `sent: ${p.batch.count} holders, ${p.batch.total} points (tx ${p.tx})`}`);
  if (remaining.length > 0) say(`issuing ${remaining.length} batch(es) on the new token ${newToken}`);
  const sent = await sendBatches(target, plan, remaining, { dir, state: state! }, progress);
  say("checking the new books against the old");
  const books = await verifyMigration(
    { provider: source.provider, token: oldToken },
    target,
    plan,
    snapshot,
    await issuedBatches(target.provider, newToken, issuer, target.fromBlock),
    { sample: o.sample ?? 100 },
  );
  return { ...result, sent: sent.sent, gasUsed: sent.gasUsed, books };
}
