/**
 * Bulk issuance benchmark: `npm run bench:bulk`.
 *
 * Issues to 10,000 and 100,000 fresh recipients from a CSV file through the same code as
 * `points bulk issue` (parse and check every row, plan batches, send), on Hardhat's in-process
 * chain, and, on another 10,000 fresh recipients, one `issue` transaction per recipient through
 * the SDK. Prints transactions, gas per recipient, wall time and throughput. Set BENCH_LARGE=0 to
 * skip the 100,000 run.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { network } from "hardhat";
import { getAddress, keccak256, toBeHex } from "ethers";
import { connectPoints, issue, parseBulkCsv, planBatches, sendBatches } from "../src/sdk/index.js";
import { deployForBench } from "./deploy.js";
import { median } from "./stats.js";

const BATCH_SIZE = 500;
const FLOOR = 24_424;
const GASLITE = 25_542;

const { ethers } = await network.getOrCreate();
const [deployer, admin, issuer, staff] = await ethers.getSigners();
if (deployer === undefined || admin === undefined || issuer === undefined || staff === undefined) throw new Error("needs 4 accounts");
const { token, mall } = await deployForBench({ deployer, admin, issuer, staff });
const client = connectPoints(issuer, { token: await token.getAddress(), mall: await mall.getAddress() });

let next = 1_000_000;
const fresh = (n: number) =>
  Array.from({ length: n }, () => getAddress(`0x${keccak256(toBeHex(++next, 32)).slice(26)}`));
const dir = await mkdtemp(path.join(tmpdir(), "points-bench-"));

interface Row {
  set: string;
  mode: string;
  recipients: number;
  txs: number;
  gas: bigint;
  seconds: number;
}
const rows: Row[] = [];

async function bulk(n: number): Promise<void> {
  const file = path.join(dir, `bulk-${n}.csv`);
  await writeFile(file, fresh(n).map((a, i) => `${a},${(i % 90) + 10},bench-${n}`).join("\n"));
  const started = performance.now();
  const { rows: parsed, problems } = parseBulkCsv(await readFile(file, "utf8"));
  if (problems.length > 0) throw new Error(`bad rows: ${problems.length}`);
  const batches = planBatches(parsed, BATCH_SIZE);
  const perBatch: number[] = [];
  const result = await sendBatches(client, batches, () => undefined);
  const seconds = (performance.now() - started) / 1000;
  for (const hash of result.txHashes) {
    const receipt = await ethers.provider.getTransactionReceipt(hash);
    perBatch.push(Number(receipt!.gasUsed) / BATCH_SIZE);
  }
  rows.push({ set: `${n.toLocaleString("en-US")} fresh`, mode: `CSV, batches of ${BATCH_SIZE}`, recipients: n, txs: result.sent, gas: result.gasUsed, seconds });
  console.log(`  ${n} recipients: median gas per recipient in a full batch ${Math.round(median(perBatch))}`);
}

async function oneByOne(n: number): Promise<void> {
  const recipients = fresh(n);
  const started = performance.now();
  let gas = 0n;
  for (const [i, to] of recipients.entries()) {
    const receipt = await issue(client, { to, amount: BigInt((i % 90) + 10), ref: "bench-single", allowRepeat: true });
    gas += receipt.gasUsed;
  }
  rows.push({ set: `${n.toLocaleString("en-US")} fresh`, mode: "one issue tx per recipient", recipients: n, txs: n, gas, seconds: (performance.now() - started) / 1000 });
}

console.log("Bulk issuance on Hardhat's in-process chain (EDR), through the points CLI's code:");
await bulk(10_000);
await oneByOne(10_000);
if (process.env.BENCH_LARGE !== "0") await bulk(100_000);
await rm(dir, { recursive: true, force: true });

const fmt = (n: number | bigint) => n.toLocaleString("en-US");
const single = rows.find((r) => r.mode.startsWith("one"))!;
console.log("");
console.log(
  ["set", "mode", "txs", "gas per recipient", "vs floor 24,424", "wall time", "recipients/s", "gas vs one-by-one", "time vs one-by-one"]
    .map((h, i) => (i < 2 ? h.padEnd(i === 0 ? 14 : 27) : h.padStart(i === 2 ? 6 : h.length)))
    .join("  "),
);
for (const r of rows) {
  const perRecipient = Number(r.gas) / r.recipients;
  const singlePer = Number(single.gas) / single.recipients;
  console.log(
    [
      r.set.padEnd(14),
      r.mode.padEnd(27),
      fmt(r.txs).padStart(6),
      fmt(Math.round(perRecipient)).padStart(17),
      (perRecipient / FLOOR).toFixed(3).padStart(15),
      `${r.seconds.toFixed(1)} s`.padStart(9),
      fmt(Math.round(r.recipients / r.seconds)).padStart(12),
      (perRecipient / singlePer).toFixed(3).padStart(17),
      ((r.seconds / r.recipients) / (single.seconds / single.recipients)).toFixed(3).padStart(18),
    ].join("  "),
  );
}
console.log(`\nFloor per fresh recipient: ${fmt(FLOOR)}; GasliteDrop (quoted in the gas issue): ${fmt(GASLITE)}.`);
