/**
 * A driver for profiling the indexer on the reads benchmark's cached chain, without re-indexing for
 * each experiment: `tsx bench/lag.ts backfill` indexes the chain (BENCH_EVENTS, default 100,000)
 * into a PGlite folder and keeps a copy of it; `tsx bench/lag.ts live` starts the indexer on a fresh
 * copy of that folder and measures live lag (a transfer mined until the API shows it). Both print
 * where the time went: per phase of processRange and per JSON-RPC method.
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { toQuantity } from "ethers";
import { createApi, serveApi } from "../src/api/server.js";
import { openDatabase } from "../src/indexer/database.js";
import { Indexer } from "../src/indexer/indexer.js";
import { jsonLogger } from "../src/indexer/log.js";
import { httpTransport, type RpcTransport } from "../src/indexer/rpc.js";
import { PointsToken__factory } from "../types/ethers-contracts/index.js";
import { benchChain } from "./reads-chain.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const mode = process.argv[2] ?? "live";
const kept = process.env.LAG_DIR ?? `/tmp/points-lag-${EVENTS}`;
const work = `${kept}-work`;
const say = (line: string) => console.log(line);

const chain = await benchChain(EVENTS, say);
const d = chain.deployment;
const rpcMs = new Map<string, { n: number; ms: number }>();
const inner = httpTransport(chain.anvil.url);
const transport: RpcTransport = {
  describe: inner.describe,
  async batch(calls) {
    const t = performance.now();
    const out = await inner.batch(calls);
    const key = [...new Set(calls.map((c) => c.method))].join("+");
    const e = rpcMs.get(key) ?? { n: 0, ms: 0 };
    e.n += 1;
    e.ms += performance.now() - t;
    rpcMs.set(key, e);
    return out;
  },
};
if (mode === "backfill") rmSync(kept, { recursive: true, force: true });
else {
  if (!existsSync(kept)) throw new Error(`run backfill first (${kept})`);
  rmSync(work, { recursive: true, force: true });
  cpSync(kept, work, { recursive: true });
}
const database = await openDatabase({ dataDir: mode === "backfill" ? kept : work });
const indexer = new Indexer({
  database, transport, deployment: { token: d.token, mall: d.mall, forwarder: d.forwarder, fromBlock: d.fromBlock },
  confirmations: 0, pollIntervalMs: 50, log: jsonLogger({ level: "warn" }),
});
const phases = new Map<string, number>();
let ranges = 0;
indexer.onRange((o) => {
  ranges += 1;
  for (const [k, v] of Object.entries((o as { phases?: Record<string, number> }).phases ?? {})) phases.set(k, (phases.get(k) ?? 0) + v);
});
const report = (label: string) => {
  say(`${label}: ${ranges} ranges; phases (ms): ${[...phases].map(([k, v]) => `${k}=${Math.round(v)}`).join(" ")}`);
  say(`  rpc: ${[...rpcMs].map(([k, v]) => `${k} x${v.n} ${Math.round(v.ms)}ms`).join("; ")}`);
  phases.clear();
  rpcMs.clear();
  ranges = 0;
};
let peakHeap = 0;
let peakGc = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined && process.env.LAG_GC !== undefined) {
    gc();
    peakGc = Math.max(peakGc, process.memoryUsage().heapUsed);
  }
}, 200);
const head = await chain.anvil.provider.getBlockNumber();
const t0 = performance.now();
await indexer.start();
await indexer.caughtUp(head, 3_600_000);
const seconds = (performance.now() - t0) / 1000;
say(`caught up: ${indexer.status.events} events in ${seconds.toFixed(1)} s (${Math.round(indexer.status.events / seconds)} events/s), heap peak ${Math.round(peakHeap / 2 ** 20)} MB (live after gc: ${Math.round(peakGc / 2 ** 20)} MB)`);
report("catch-up");

if (mode === "live") {
  const api = await serveApi(createApi({ database }), 0);
  const get = async (p: string) => (await (await fetch(`${api.url}${p}`)).json()) as Record<string, unknown>;
  const [from, to] = [chain.regulars[1]!, chain.regulars[2]!];
  const data = PointsToken__factory.createInterface().encodeFunctionData("transfer", [to, 1n]);
  const lags: number[] = [];
  const indexed: number[] = [];
  const onChain: number[] = [];
  for (let i = 0; i < Number(process.env.LAG_N ?? 11); i++) {
    const hash = (await chain.anvil.provider.send("eth_sendTransaction", [{ from, to: d.token, data, gas: toQuantity(100_000), gasPrice: "0x0" }])) as string;
    const mined = performance.now();
    const headNow = async () => Number(((await (await fetch(chain.anvil.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getTransactionReceipt", params: [hash] }) })).json()) as { result: { blockNumber: string } | null }).result?.blockNumber ?? -1);
    let block = -1;
    for (;;) {
      block = await headNow();
      if (block >= 0) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    onChain.push(performance.now() - mined);
    let seen = 0;
    for (;;) {
      if (seen === 0 && indexer.status.indexedBlock >= block) seen = performance.now() - mined;
      const page = await get(`/accounts/${to}/history?limit=1`);
      if ((page.items as { txHash: string }[])[0]?.txHash === hash) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    if (i > 0) {
      lags.push(performance.now() - mined);
      indexed.push(seen);
    }
  }
  const p50 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  say(`live lag p50 ${Math.round(p50(lags))} ms (receipt after ${Math.round(p50(onChain))} ms, indexed after ${Math.round(p50(indexed))} ms); all: ${lags.map(Math.round).join(" ")}`);
  report("live");
  await api.close();
}
clearInterval(sampler);
await indexer.stop();
await database.close();
await chain.anvil.stop();
