/**
 * Bulk issuance: rows planned into batches whose references are Merkle roots of their rows, so a
 * batch's one bytes32 on chain commits to every row (address, amount, reference) and anyone holding
 * the file can show and verify each row's reference (bulkVerify.ts) at no gas per row. The same file
 * gives the same batches, so a run stopped midway and started again sends only what is missing.
 */
import { keccak256, toUtf8Bytes, type TransactionReceipt } from "ethers";
import type { BulkRow } from "./bulkCsv.js";
import { requireSigner, send, type PointsClient } from "./client.js";
import { InvalidInputError, PointsError } from "./errors.js";
import { queryInChunks } from "./logs.js";
import { merkleTree } from "./merkle.js";
import { checkRecipients } from "./recipients.js";

/** Mixed into every leaf, so a bulk row's leaf is never mistaken for any other hash. */
export const BULK_LEAF_TAG = keccak256(toUtf8Bytes("points-mall/bulk-row/v1"));
export const BULK_LEAF_TYPES = ["bytes32", "address", "uint256", "bytes32"] as const;

const referenceHashes = new Map<string, string>();

/**
 * A row's leaf: keccak256(keccak256(abi.encode(tag, address, amount, keccak256(reference)))), as
 * standardLeaf(BULK_LEAF_TYPES, …) makes it. The four words are laid out here by hand: the ABI
 * coder is most of the time of planning 100,000 rows, and a file's references repeat.
 */
export function rowLeaf(row: Pick<BulkRow, "address" | "amount" | "reference">): string {
  let ref = referenceHashes.get(row.reference);
  if (ref === undefined) {
    ref = keccak256(toUtf8Bytes(row.reference));
    if (referenceHashes.size < 10_000) referenceHashes.set(row.reference, ref);
  }
  const word = (hex: string) => hex.slice(2).padStart(64, "0");
  const encoded = `0x${word(BULK_LEAF_TAG)}${word(row.address.toLowerCase())}${row.amount.toString(16).padStart(64, "0")}${word(ref)}`;
  return keccak256(keccak256(encoded));
}

export interface PlannedBatch {
  index: number;
  /** The Merkle root of the rows' leaves: the batch's reference on chain. */
  batchRef: string;
  rows: BulkRow[];
  total: bigint;
  leaves: string[];
  /** Each row's proof that its leaf is in `batchRef`, in the order of `rows`. */
  proofs: string[][];
}

/** Splits the rows into batches of at most `batchSize`, each referenced by the root of its rows. */
export function planBatches(rows: readonly BulkRow[], batchSize: number): PlannedBatch[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidInputError("batch size", `${batchSize} is not a positive whole number`, "give 1 to 2000");
  const batches: PlannedBatch[] = [];
  for (let i = 0; i * batchSize < rows.length; i++) {
    const slice = rows.slice(i * batchSize, (i + 1) * batchSize);
    const leaves = slice.map(rowLeaf);
    const tree = merkleTree(leaves);
    batches.push({ index: i, batchRef: tree.root, rows: slice, total: slice.reduce((sum, r) => sum + r.amount, 0n), leaves, proofs: tree.proofs });
  }
  return batches;
}

/** A batch as the chain recorded it (a BatchIssued event). */
export interface IssuedBatch {
  issuer: string;
  batchRef: string;
  recipients: bigint;
  total: bigint;
  block: number;
  txHash: string;
}

/** The BatchIssued events under `batchRef`, by `issuer` where given, oldest first. */
export async function batchesIssued(client: PointsClient, batchRef: string, issuer?: string): Promise<IssuedBatch[]> {
  const { token } = client;
  const events = await queryInChunks(client, token, token.filters.BatchIssued(issuer, batchRef), { chunk: 1_000_000 });
  return events.map((e) => ({
    issuer: e.args.issuer,
    batchRef: e.args.batchRef,
    recipients: e.args.recipients,
    total: e.args.total,
    block: e.blockNumber,
    txHash: e.transactionHash,
  }));
}

/**
 * Whether `batch` was issued by this issuer: "by-issuer" (the same rows: skip it) or "mismatch"
 * (its reference issued for other rows, which must be refused). Batch references are scoped per
 * issuer on chain, so another issuer's batches never count as this one's.
 */
export type BatchState = { state: "new" } | { state: "by-issuer"; issued: IssuedBatch } | { state: "mismatch"; issued: IssuedBatch };

/**
 * What the chain says of a planned batch. Skipping a batch is only right when the BatchIssued
 * event confirms this issuer sent it with the same number of recipients and the same total.
 */
export async function batchState(client: PointsClient, issuer: string, batch: PlannedBatch): Promise<BatchState> {
  if (!(await client.token.batchIssued(issuer, batch.batchRef))) return { state: "new" };
  const [issued] = await batchesIssued(client, batch.batchRef, issuer);
  if (issued === undefined) throw new PointsError(`batch ${batch.index + 1} is marked issued but no BatchIssued event says how`, "check the RPC node: it may have pruned old logs");
  const same = issued.recipients === BigInt(batch.rows.length) && issued.total === batch.total;
  return same ? { state: "by-issuer", issued } : { state: "mismatch", issued };
}

/** Why a batch cannot be sent or skipped: this issuer used its reference for other rows. */
function takenError(batch: PlannedBatch, issuer: string, issued: IssuedBatch): InvalidInputError {
  return new InvalidInputError(
    `batch ${batch.index + 1} (lines ${batch.rows[0]!.line}-${batch.rows.at(-1)!.line})`,
    `its reference ${batch.batchRef} was issued by ${issuer} in block ${issued.block} for ${issued.recipients} recipients and ${issued.total} points, ` +
      `not for these ${batch.rows.length} rows and ${batch.total} points; nothing was sent`,
    "the file does not match what was sent under its reference: check it with points bulk verify before sending anything",
  );
}

export interface BatchOutcome {
  index: number;
  batchRef: string;
  skipped: boolean;
  txHash: string;
  block: number;
}

export interface BulkResult {
  batches: number;
  sent: number;
  skipped: number;
  recipients: number;
  points: bigint;
  gasUsed: bigint;
  txHashes: string[];
  outcomes: BatchOutcome[];
}

/**
 * Everything that could refuse the run, checked before the first transaction: each recipient is
 * a person's account (not one of the system's contracts), every batch already issued was issued by
 * `issuer` with the same rows (per its BatchIssued event), and the quota covers what is left to send. Returns each batch's state.
 */
export async function checkBulk(client: PointsClient, issuer: string, batches: readonly PlannedBatch[]): Promise<BatchState[]> {
  const rows = batches.flatMap((b) => b.rows);
  const refused = await checkRecipients(client, rows.map((r) => r.address));
  const firstRefused = [...refused.keys()].sort((a, b) => a - b)[0];
  if (firstRefused !== undefined) {
    throw new InvalidInputError(`line ${rows[firstRefused]!.line}`, `${refused.get(firstRefused)}${refused.size > 1 ? ` (and ${refused.size - 1} more such rows)` : ""}; nothing was sent`, "points sent there are lost: give a person's address");
  }
  const states = await Promise.all(batches.map((b) => batchState(client, issuer, b)));
  states.forEach((s, i) => {
    if (s.state === "mismatch") throw takenError(batches[i]!, issuer, s.issued);
  });
  const needed = batches.filter((_, i) => states[i]!.state === "new").reduce((sum, b) => sum + b.total, 0n);
  const quota = await client.token.issuerQuota(issuer);
  if (needed > quota) {
    throw new InvalidInputError("quota", `the file needs ${needed} points not issued yet, and ${issuer} may issue ${quota}; nothing was sent`, "ask the admin to raise the quota, or split the file");
  }
  return states;
}

/** Sends one batch; its state instead where an earlier run's last transaction landed meanwhile. */
async function sendOnce(client: PointsClient, issuer: string, batch: PlannedBatch): Promise<TransactionReceipt | BatchState> {
  const args = [batch.rows.map((r) => r.address), batch.rows.map((r) => r.amount), batch.batchRef] as const;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(client, client.token.issueBatch, ...args);
    } catch (error) {
      const state = await batchState(client, issuer, batch);
      if (state.state !== "new") return state;
      if (attempt === 0 && /nonce/i.test(String((error as Error).message))) continue;
      throw error;
    }
  }
}

/**
 * Sends the planned batches not issued yet, after checkBulk. A batch issued before by this issuer
 * is skipped and reported with its block; `onProgress` hears after every batch.
 */
export async function sendBatches(
  client: PointsClient,
  batches: PlannedBatch[],
  onProgress: (done: number, total: number, batch: PlannedBatch, skipped: boolean) => void,
): Promise<BulkResult> {
  const issuer = await requireSigner(client).getAddress();
  const states = await checkBulk(client, issuer, batches);
  const result: BulkResult = { batches: batches.length, sent: 0, skipped: 0, recipients: 0, points: 0n, gasUsed: 0n, txHashes: [], outcomes: [] };
  for (const [i, batch] of batches.entries()) {
    const outcome = states[i]!.state === "new" ? await sendOnce(client, issuer, batch) : states[i]!;
    if ("state" in outcome) {
      if (outcome.state === "mismatch") throw takenError(batch, issuer, outcome.issued);
      if (outcome.state === "new") throw new PointsError(`batch ${batch.index + 1} was neither sent nor issued`, "run again");
      result.skipped += 1;
      result.outcomes.push({ index: batch.index, batchRef: batch.batchRef, skipped: true, txHash: outcome.issued.txHash, block: outcome.issued.block });
      onProgress(i + 1, batches.length, batch, true);
      continue;
    }
    result.sent += 1;
    result.recipients += batch.rows.length;
    result.points += batch.total;
    result.gasUsed += outcome.gasUsed;
    result.txHashes.push(outcome.hash);
    result.outcomes.push({ index: batch.index, batchRef: batch.batchRef, skipped: false, txHash: outcome.hash, block: outcome.blockNumber });
    onProgress(i + 1, batches.length, batch, false);
  }
  return result;
}
