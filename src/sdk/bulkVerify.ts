/**
 * Showing and verifying each row of a bulk issuance: the file's batches are planned again (same
 * rows, same batch size, same roots), each root is looked up among the chain's BatchIssued events
 * of the issuer, and each row's credit is found in that transaction. The manifest written when
 * sending holds the same facts with each row's Merkle proof, for the indexer or an auditor.
 */
import { ZeroAddress } from "ethers";
import { BULK_LEAF_TAG, BULK_LEAF_TYPES, batchesIssued, rowLeaf, type BatchOutcome, type IssuedBatch, type PlannedBatch } from "./bulk.js";
import type { PointsClient } from "./client.js";
import { eventsIn } from "./logs.js";
import { verifyProof } from "./merkle.js";

/** A row's status on chain: credited in its batch's transaction, not issued, or issued otherwise than the file says. */
export type RowStatus = "issued" | "not issued" | "mismatch";

export interface RowVerdict {
  line: number;
  address: string;
  amount: bigint;
  reference: string;
  batch: number;
  /** The row's leaf and its proof against the batch reference. */
  leaf: string;
  proof: string[];
  status: RowStatus;
  detail: string;
  block?: number;
  txHash?: string;
}

export interface BatchVerdict {
  index: number;
  batchRef: string;
  rows: number;
  total: bigint;
  status: RowStatus;
  detail: string;
  issued?: IssuedBatch;
}

/**
 * Verifies planned batches against the chain: for each, the BatchIssued event with its root (by
 * `issuer` where given, else by anyone, which the verdict then names), the same number of
 * recipients and total, and in that transaction a credit of each row's amount to its address.
 */
export async function verifyBatches(
  client: PointsClient,
  batches: readonly PlannedBatch[],
  issuer?: string,
): Promise<{ batches: BatchVerdict[]; rows: RowVerdict[] }> {
  const outBatches: BatchVerdict[] = [];
  const outRows: RowVerdict[] = [];
  for (const batch of batches) {
    const events = await batchesIssued(client, batch.batchRef, issuer);
    const match = events.find((e) => e.recipients === BigInt(batch.rows.length) && e.total === batch.total);
    const row = (i: number, status: RowStatus, detail: string, at?: { block: number; txHash: string }): RowVerdict => ({
      ...batch.rows[i]!,
      batch: batch.index,
      leaf: batch.leaves[i]!,
      proof: batch.proofs[i]!,
      status,
      detail,
      ...(at === undefined ? {} : { block: at.block, txHash: at.txHash }),
    });
    const base = { index: batch.index, batchRef: batch.batchRef, rows: batch.rows.length, total: batch.total };
    if (match === undefined) {
      const other = events[0];
      const detail =
        other === undefined
          ? `not issued${issuer === undefined ? "" : ` by ${issuer}`}`
          : `issued by ${other.issuer} for ${other.recipients} recipients and ${other.total} points, not ${batch.rows.length} and ${batch.total}`;
      const status: RowStatus = other === undefined ? "not issued" : "mismatch";
      outBatches.push({ ...base, status, detail, ...(other === undefined ? {} : { issued: other }) });
      batch.rows.forEach((_, i) => outRows.push(row(i, status, detail)));
      continue;
    }
    // The rows credited in that transaction: each must find its own Transfer from the zero address.
    const receipt = await client.provider.getTransactionReceipt(match.txHash);
    const credits = receipt === null ? [] : await eventsIn(receipt, client.token, client.token.getEvent("Transfer"));
    const left = new Map<string, number>();
    for (const c of credits) if (c.from === ZeroAddress) left.set(`${c.to}|${c.value}`, (left.get(`${c.to}|${c.value}`) ?? 0) + 1);
    let missing = 0;
    batch.rows.forEach((r, i) => {
      const key = `${r.address}|${r.amount}`;
      const n = left.get(key) ?? 0;
      if (n > 0) {
        left.set(key, n - 1);
        outRows.push(row(i, "issued", `credited by ${match.issuer}`, match));
      } else {
        missing += 1;
        outRows.push(row(i, "mismatch", "no such credit in the batch's transaction", match));
      }
    });
    outBatches.push({
      ...base,
      status: missing === 0 ? "issued" : "mismatch",
      detail: missing === 0 ? `issued by ${match.issuer} in block ${match.block}` : `${missing} row(s) not credited as the file says`,
      issued: match,
    });
  }
  return { batches: outBatches, rows: outRows };
}

/** What a sending run leaves next to its file: every batch and row, with each row's proof. */
export interface BulkManifest {
  kind: "points-mall/bulk-manifest";
  version: 1;
  chainId: bigint;
  token: string;
  issuer: string;
  file: string;
  batchSize: number;
  /** How a leaf is made from a row; the batch reference is the OpenZeppelin-style Merkle root of its leaves. */
  leaf: { tag: string; types: readonly string[]; encoding: string };
  batches: {
    index: number;
    batchRef: string;
    recipients: number;
    total: bigint;
    txHash: string | undefined;
    block: number | undefined;
    rows: { line: number; address: string; amount: bigint; reference: string; leaf: string; proof: string[] }[];
  }[];
}

export function bulkManifest(input: {
  chainId: bigint;
  token: string;
  issuer: string;
  file: string;
  batchSize: number;
  batches: readonly PlannedBatch[];
  outcomes: readonly BatchOutcome[];
}): BulkManifest {
  const byIndex = new Map(input.outcomes.map((o) => [o.index, o]));
  return {
    kind: "points-mall/bulk-manifest",
    version: 1,
    chainId: input.chainId,
    token: input.token,
    issuer: input.issuer,
    file: input.file,
    batchSize: input.batchSize,
    leaf: { tag: BULK_LEAF_TAG, types: BULK_LEAF_TYPES, encoding: "keccak256(keccak256(abi.encode(tag, address, amount, keccak256(utf8(reference)))))" },
    batches: input.batches.map((b) => ({
      index: b.index,
      batchRef: b.batchRef,
      recipients: b.rows.length,
      total: b.total,
      txHash: byIndex.get(b.index)?.txHash,
      block: byIndex.get(b.index)?.block,
      rows: b.rows.map((r, i) => ({ ...r, leaf: b.leaves[i]!, proof: b.proofs[i]! })),
    })),
  };
}

/** Whether a row (from a manifest, or told by its recipient) is in the batch `batchRef`: its leaf, recomputed, and its proof lead to the root. */
export function verifyRowProof(batchRef: string, row: { address: string; amount: bigint; reference: string; proof: readonly string[] }): boolean {
  return verifyProof(batchRef, rowLeaf(row), row.proof);
}
