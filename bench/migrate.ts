/**
 * Migration planning at scale: `npm run bench:migrate` (BENCH_HOLDERS=1000000 by default).
 *
 * The chain-independent work of `points migrate` for N holders: replaying N issuance Transfer
 * logs and N/2 transfers between holders into the balance map (the logs are made one at a time
 * and dropped, as the range reader hands them over), then planning (sort, checksum, a leaf per
 * row, a root per batch of 500). Prints time and memory per phase: a million holders must not
 * need gigabytes.
 */
import { performance } from "node:perf_hooks";
import { keccak256, toBeHex, zeroPadValue, type Log } from "ethers";
import { decodeTransfer, TRANSFER_TOPIC } from "../src/migrate/legacy.js";
import { planMigration } from "../src/migrate/plan.js";
import type { Snapshot } from "../src/migrate/snapshot.js";

const N = Number(process.env.BENCH_HOLDERS ?? "1000000");
const ZERO = zeroPadValue("0x", 32);
const holder = (i: number) => `0x${keccak256(toBeHex(i + 1, 32)).slice(26)}`;
const topic = (address: string) => zeroPadValue(address, 32);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function log(from: string, to: string, value: bigint): Log {
  return { topics: [TRANSFER_TOPIC, from, to], data: toBeHex(value, 32) } as unknown as Log;
}

const rows: string[][] = [];
function phase(name: string, started: number): void {
  const m = process.memoryUsage();
  rows.push([name, `${((performance.now() - started) / 1000).toFixed(1)} s`, mb(m.heapUsed), mb(m.rss)]);
}

let started = performance.now();
const balances = new Map<string, bigint>();
const apply = (l: Log) => {
  const t = decodeTransfer(l);
  if (t.from !== "0x0000000000000000000000000000000000000000") balances.set(t.from, (balances.get(t.from) ?? 0n) - t.value);
  balances.set(t.to, (balances.get(t.to) ?? 0n) + t.value);
};
for (let i = 0; i < N; i++) apply(log(ZERO, topic(holder(i)), BigInt(100 + (i % 1000))));
for (let i = 0; i < N / 2; i++) apply(log(topic(holder(i)), topic(holder(N - 1 - i)), 10n));
phase(`replay ${N.toLocaleString("en-US")} issues + ${(N / 2).toLocaleString("en-US")} transfers`, started);

started = performance.now();
const total = [...balances.values()].reduce((a, b) => a + b, 0n);
const snapshot: Snapshot = { block: 1_000, balances, openOrders: [], totalSupply: total, sumOfBalances: total };
const plan = planMigration(snapshot, { origin: { chainId: 31337n, token: holder(-1), block: 1_000 }, orders: "refund", batchSize: 500, exclude: new Map() });
phase(`plan ${plan.rows.length.toLocaleString("en-US")} rows in ${plan.batches.length} batches`, started);

const widths = [0, 1, 2, 3].map((c) => Math.max(...[["phase", "time", "heap used", "RSS"], ...rows].map((r) => r[c]!.length)));
for (const r of [["phase", "time", "heap used", "RSS"], ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
