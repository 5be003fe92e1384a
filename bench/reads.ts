/**
 * Reads benchmark: `npm run bench:reads`. On a local chain (anvil) of at least 1,000,000 events
 * (BENCH_EVENTS), indexes the whole history into PGlite and into a PostgreSQL server it starts,
 * and measures on each: backfill throughput, one customer's history through the API (p50, p99),
 * the books (p50), live lag (a transaction mined until the API shows it, p50) and the indexer's
 * peak heap (PGlite's WebAssembly memory apart). Then the RPC path (the SDK's reconcile and
 * history, rescanning the chain) on the same kind of history at 100,000 events (BENCH_RPC_EVENTS).
 * Prints a table, then one line; the line's figures are PGlite's. Chains are cached in .points/bench.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { toQuantity } from "ethers";
import { createApi, serveApi } from "../src/api/server.js";
import { openDatabase, type LedgerDatabase } from "../src/indexer/database.js";
import { Indexer } from "../src/indexer/indexer.js";
import { jsonLogger } from "../src/indexer/log.js";
import { httpTransport } from "../src/indexer/rpc.js";
import { connectIndexer, connectPoints, history, reconcile } from "../src/sdk/index.js";
import { PointsToken__factory } from "../types/ethers-contracts/index.js";
import { postgresBin, startPostgres } from "../test/helpers/postgres.js";
import { benchChain, type BenchChain } from "./reads-chain.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RPC_EVENTS = Number(process.env.BENCH_RPC_EVENTS ?? 100_000);
const say = (line: string) => console.log(line);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await f();
  return [value, performance.now() - t];
}

interface Figures {
  database: string;
  events: number;
  backfillSeconds: number;
  eps: number;
  historyP50: number;
  historyP99: number;
  booksP50: number;
  fullBooksP50: number;
  liveLagP50: number;
  sentLagP50: number;
  heapMb: number;
  wasmMb: number;
  rssMb: number;
}

async function measure(name: string, database: LedgerDatabase, chain: BenchChain): Promise<Figures> {
  const d = chain.deployment;
  const head = await chain.anvil.provider.getBlockNumber();
  const indexer = new Indexer({
    database, transport: httpTransport(chain.anvil.url), deployment: { token: d.token, mall: d.mall, forwarder: d.forwarder, fromBlock: d.fromBlock },
    confirmations: 0, pollIntervalMs: 50, log: jsonLogger({ level: "warn" }),
  });
  const peak = { heap: 0, wasm: 0, rss: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.wasm = Math.max(peak.wasm, m.arrayBuffers);
    peak.rss = Math.max(peak.rss, m.rss);
  };
  const sampler = setInterval(sample, 200);
  let last = Date.now();
  indexer.onRange(() => {
    if (Date.now() - last > 15_000) {
      last = Date.now();
      say(`  ${name}: ${indexer.status.events.toLocaleString("en-US")} events indexed, block ${indexer.status.indexedBlock} of ${head}`);
    }
  });
  const [, ms] = await timed(async () => {
    await indexer.start();
    await indexer.caughtUp(head, 3_600_000);
  });
  clearInterval(sampler);
  sample();
  const events = indexer.status.events;
  say(`  ${name}: backfill of ${events.toLocaleString("en-US")} events in ${(ms / 1000).toFixed(1)} s`);

  const api = await serveApi(createApi({ database }), 0);
  const get = async (p: string) => {
    const r = await fetch(`${api.url}${p}`);
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`);
    return (await r.json()) as Record<string, unknown>;
  };
  const historyTimes: number[] = [];
  for (let i = 0; i < 550; i++) {
    const account = chain.regulars[(i * 37) % chain.regulars.length]!;
    const [, t] = await timed(() => get(`/accounts/${account}/history?limit=50`));
    if (i >= 50) historyTimes.push(t); // the first 50 warm the caches
  }
  const booksTimes: number[] = [];
  for (let i = 0; i < 110; i++) {
    const [, t] = await timed(() => get("/books"));
    if (i >= 10) booksTimes.push(t);
  }
  const client = connectIndexer(api.url);
  const fullBooks: number[] = [];
  for (let i = 0; i < 12; i++) {
    const [, t] = await timed(() => client.books());
    if (i >= 2) fullBooks.push(t);
  }

  // Live: a transfer mined until the API shows it. anvil answers eth_sendTransaction before it
  // has mined the block (which at a million holders takes it a second or more, its state root
  // over the whole state): the block is mined when the node gives the transaction's receipt.
  const lags: number[] = [];
  const sentLags: number[] = [];
  const [from, to] = [chain.regulars[1]!, chain.regulars[2]!];
  const data = PointsToken__factory.createInterface().encodeFunctionData("transfer", [to, 1n]);
  for (let i = 0; i < 21; i++) {
    const hash = (await chain.anvil.provider.send("eth_sendTransaction", [{ from, to: d.token, data, gas: toQuantity(100_000), gasPrice: "0x0" }])) as string;
    const sent = performance.now();
    let mined: number | undefined;
    const watch = (async () => {
      while ((await chain.anvil.provider.send("eth_getTransactionReceipt", [hash])) === null) await new Promise((r) => setTimeout(r, 2));
      mined = performance.now();
    })();
    for (;;) {
      const page = await get(`/accounts/${to}/history?limit=1`);
      if ((page.items as { txHash: string }[])[0]?.txHash === hash) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const shown = performance.now();
    await watch;
    if (i > 0) {
      lags.push(shown - Math.min(mined!, shown));
      sentLags.push(shown - sent);
    }
  }
  await api.close();
  await indexer.stop();
  return {
    database: name, events, backfillSeconds: ms / 1000, eps: events / (ms / 1000), historyP50: quantile(historyTimes, 0.5), historyP99: quantile(historyTimes, 0.99),
    booksP50: quantile(booksTimes, 0.5), fullBooksP50: quantile(fullBooks, 0.5), liveLagP50: quantile(lags, 0.5), sentLagP50: quantile(sentLags, 0.5),
    heapMb: peak.heap / 2 ** 20, wasmMb: peak.wasm / 2 ** 20, rssMb: peak.rss / 2 ** 20,
  };
}

say(`Reads benchmark: ${EVENTS.toLocaleString("en-US")} events indexed into PGlite and PostgreSQL; the RPC path at ${RPC_EVENTS.toLocaleString("en-US")}`);
const chain = await benchChain(EVENTS, say);
const figures: Figures[] = [];
const dir = mkdtempSync(path.join(tmpdir(), "points-bench-reads-"));
try {
  const pglite = await openDatabase({ dataDir: path.join(dir, "pglite") });
  figures.push(await measure("PGlite", pglite, chain));
  await pglite.close();
  const server = await startPostgres();
  try {
    const pg = await openDatabase({ url: await server.createDatabase() });
    figures.push(await measure(`PostgreSQL ${path.basename(path.dirname(postgresBin()))}`, pg, chain));
    await pg.close();
  } finally {
    await server.stop();
  }
} finally {
  await chain.anvil.stop();
  rmSync(dir, { recursive: true, force: true });
}

// The RPC path: the SDK rescanning the chain for the books and one customer's history.
const small = await benchChain(RPC_EVENTS, say);
const provider = small.anvil.provider;
const rpcClient = connectPoints(provider, { token: small.deployment.token, mall: small.deployment.mall, fromBlock: small.deployment.fromBlock });
const [, rpcBooksMs] = await timed(() => reconcile(rpcClient));
const [, rpcHistoryMs] = await timed(() => history(rpcClient, small.regulars[3]!));
await small.anvil.stop();

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows: [string, (f: Figures) => string, string][] = [
  ["events indexed", (f) => fmt(f.events), ""],
  ["backfill time", (f) => `${fmt(f.backfillSeconds, 1)} s`, ""],
  ["backfill throughput", (f) => `${fmt(f.eps)} events/s`, ">= 10,000"],
  ["history, one customer (50 rows) p50", (f) => `${fmt(f.historyP50, 2)} ms`, "<= 10 ms"],
  ["history p99", (f) => `${fmt(f.historyP99, 2)} ms`, ""],
  ["books (GET /books) p50", (f) => `${fmt(f.booksP50, 2)} ms`, "<= 100 ms"],
  ["books with issuers and SKUs (SDK books()) p50", (f) => `${fmt(f.fullBooksP50, 2)} ms`, ""],
  ["live lag (mined to shown) p50", (f) => `${fmt(f.liveLagP50)} ms`, "<= 1,500 ms"],
  ["  sent to shown (with anvil's mining) p50", (f) => `${fmt(f.sentLagP50)} ms`, ""],
  ["indexer heap, peak", (f) => `${fmt(f.heapMb)} MB`, "<= 500 MB"],
  ["PGlite WebAssembly memory, peak", (f) => (f.database === "PGlite" ? `${fmt(f.wasmMb)} MB` : "-"), ""],
  ["process RSS, peak", (f) => `${fmt(f.rssMb)} MB`, ""],
];
const widths = [46, ...figures.map(() => 20), 12];
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
say("");
say(line(["", ...figures.map((f) => f.database), "goal"]));
for (const [label, value, goal] of rows) say(line([label, ...figures.map(value), goal]));
say("");
say(line([`RPC path at ${fmt(RPC_EVENTS)} events (no index)`, "", "", ""]));
say(line(["  books (SDK reconcile over RPC)", `${fmt(rpcBooksMs)} ms`, "", ""]));
say(line(["  one customer's history over RPC", `${fmt(rpcHistoryMs)} ms`, "", ""]));
const p = figures[0]!;
say("");
say(`reads: events=${p.events} backfill_eps=${Math.round(p.eps)} history_p50_ms=${p.historyP50.toFixed(2)} books_p50_ms=${p.booksP50.toFixed(2)} live_lag_p50_ms=${Math.round(p.liveLagP50)} rpc_events=${small.events} rpc_books_ms=${Math.round(rpcBooksMs)}`);
