import { AbiCoder, keccak256, toUtf8Bytes, type TransactionReceipt } from "ethers";
import { InvalidInputError, issueBatch, parseAddress, parseAmount, PointsError, type PointsClient } from "../sdk/index.js";

/** One row of a bulk issuance file: `address,amount,reference`. */
export interface BulkRow {
  line: number;
  address: string;
  amount: bigint;
  reference: string;
}

export interface RowProblem {
  line: number;
  problem: string;
}

/**
 * Parses and checks every row: address (checksum), whole positive amount, a reference, no row twice
 * (same address and reference). Returns all problems at once, with line numbers.
 */
export function parseBulkCsv(text: string): { rows: BulkRow[]; problems: RowProblem[] } {
  const rows: BulkRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.trim();
    if (content === "" || content.startsWith("#")) return;
    if (line === 1 && /^address\s*,/i.test(content)) return; // a header
    const cells = content.split(",").map((c) => c.trim());
    if (cells.length !== 3) {
      problems.push({ line, problem: `expected address,amount,reference; found ${cells.length} field(s)` });
      return;
    }
    const [addressText, amountText, reference] = cells as [string, string, string];
    let address: string | undefined;
    let amount: bigint | undefined;
    try {
      address = parseAddress(addressText);
    } catch (error) {
      problems.push({ line, problem: (error as Error).message });
    }
    try {
      amount = parseAmount(amountText);
    } catch (error) {
      problems.push({ line, problem: (error as Error).message });
    }
    if (reference === "") problems.push({ line, problem: "reference: empty" });
    if (address === undefined || amount === undefined || reference === "") return;
    const key = `${address}|${reference}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, problem: `duplicate of line ${first} (same address and reference)` });
      return;
    }
    seen.set(key, line);
    rows.push({ line, address, amount, reference });
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 0, problem: "the file has no rows" });
  return { rows, problems };
}

export interface PlannedBatch {
  index: number;
  batchRef: string;
  rows: BulkRow[];
  total: bigint;
}

/**
 * Splits the rows into batches whose references derive from the file's content and the batch's
 * position: the same file always gives the same references, so a run that is stopped and started
 * again sends only the batches not yet issued, and the token refuses any batch twice.
 */
export function planBatches(rows: BulkRow[], batchSize: number): PlannedBatch[] {
  const digest = keccak256(toUtf8Bytes(rows.map((r) => `${r.address},${r.amount},${r.reference}`).join("\n")));
  const coder = AbiCoder.defaultAbiCoder();
  const batches: PlannedBatch[] = [];
  for (let i = 0; i * batchSize < rows.length; i++) {
    const slice = rows.slice(i * batchSize, (i + 1) * batchSize);
    batches.push({
      index: i,
      batchRef: keccak256(coder.encode(["string", "bytes32", "uint256"], ["points-bulk", digest, i])),
      rows: slice,
      total: slice.reduce((sum, r) => sum + r.amount, 0n),
    });
  }
  return batches;
}

/**
 * Sends one batch; undefined if it turns out to be issued already (by an earlier run whose last
 * transaction landed late). A nonce taken by such a transaction is retried once with a fresh one.
 */
async function sendOnce(client: PointsClient, issuer: string, batch: PlannedBatch): Promise<TransactionReceipt | undefined> {
  const input = { recipients: batch.rows.map((r) => r.address), amounts: batch.rows.map((r) => r.amount), batchRef: batch.batchRef };
  for (let attempt = 0; ; attempt++) {
    try {
      return await issueBatch(client, input);
    } catch (error) {
      if (await client.token.batchIssued(issuer, batch.batchRef)) return undefined;
      if (attempt === 0 && /nonce/i.test(String((error as Error).message))) continue;
      throw error;
    }
  }
}

export interface BulkResult {
  batches: number;
  sent: number;
  skipped: number;
  recipients: number;
  points: bigint;
  gasUsed: bigint;
  txHashes: string[];
}

/**
 * Sends the planned batches that are not issued yet, checking the issuer's quota against what is
 * left to send before the first one. `onProgress` hears after every batch.
 */
export async function sendBatches(
  client: PointsClient,
  batches: PlannedBatch[],
  onProgress: (done: number, total: number, batch: PlannedBatch, skipped: boolean) => void,
): Promise<BulkResult> {
  const signer = client.signer;
  if (signer === undefined) throw new PointsError("bulk issuance needs a key");
  const issuer = await signer.getAddress();
  // Batch references are the issuer's own: another issuer's batches never count as these.
  const issued = await Promise.all(batches.map((b) => client.token.batchIssued(issuer, b.batchRef)));
  const pending = batches.filter((_, i) => !issued[i]);
  const needed = pending.reduce((sum, b) => sum + b.total, 0n);
  const quota = await client.token.issuerQuota(issuer);
  if (needed > quota) {
    throw new InvalidInputError(
      "quota",
      `the file needs ${needed} points and ${issuer} may issue ${quota}`,
      "ask the admin to raise the quota, or split the file",
    );
  }
  const result: BulkResult = { batches: batches.length, sent: 0, skipped: 0, recipients: 0, points: 0n, gasUsed: 0n, txHashes: [] };
  let done = 0;
  for (const [i, batch] of batches.entries()) {
    if (issued[i]) {
      result.skipped += 1;
      onProgress(++done, batches.length, batch, true);
      continue;
    }
    const receipt = await sendOnce(client, issuer, batch);
    if (receipt === undefined) {
      // A run stopped midway had sent this batch, and it landed while this run started.
      result.skipped += 1;
      onProgress(++done, batches.length, batch, true);
      continue;
    }
    result.sent += 1;
    result.recipients += batch.rows.length;
    result.points += batch.total;
    result.gasUsed += receipt.gasUsed;
    result.txHashes.push(receipt.hash);
    onProgress(++done, batches.length, batch, false);
  }
  return result;
}
