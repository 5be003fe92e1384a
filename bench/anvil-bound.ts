/**
 * What anvil alone takes to serve the reads benchmark's chain (BENCH_EVENTS): eth_getLogs over the
 * whole history in spans of about 5,000 logs (as the indexer asks) with the block's header in the
 * same batch, one request at a time, plus the cost of an eth_call where the node keeps no state.
 * This bounds the indexer's backfill throughput from above on the same machine.
 */
import { performance } from "node:perf_hooks";
import { toQuantity } from "ethers";
import { benchChain } from "./reads-chain.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const chain = await benchChain(EVENTS, console.log);
const url = chain.anvil.url;
const post = async (body: unknown) => {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return JSON.parse(await r.text()) as { result?: unknown; error?: unknown }[];
};
const head = await chain.anvil.provider.getBlockNumber();
const d = chain.deployment;
const addresses = [d.token, d.mall, d.forwarder];
let logs = 0;
let span = 2;
const t0 = performance.now();
for (let from = d.fromBlock; from <= head; ) {
  const to = Math.min(head, from + span - 1);
  const [, answer] = await post([
    { jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: [toQuantity(to), false] },
    { jsonrpc: "2.0", id: 2, method: "eth_getLogs", params: [{ address: addresses, fromBlock: toQuantity(from), toBlock: toQuantity(to) }] },
  ]);
  const n = (answer!.result as unknown[]).length;
  logs += n;
  span = Math.max(1, Math.min(50_000, n === 0 ? span * 4 : Math.floor((span * 5_000) / n) || 1));
  from = to + 1;
}
const s = (performance.now() - t0) / 1000;
console.log(`anvil served ${logs} logs of ${head} blocks in ${s.toFixed(1)} s: ${Math.round(logs / s)} logs/s (one request at a time)`);
const call = (block: number) => ({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ to: d.token, data: "0x18160ddd" }, toQuantity(block)] });
for (const [label, block] of [["pruned block", Math.floor(head / 2)], ["head", head]] as const) {
  const t = performance.now();
  for (let i = 0; i < 20; i++) await post([call(block)]);
  console.log(`eth_call totalSupply at the ${label}: ${((performance.now() - t) / 20).toFixed(1)} ms`);
}
await chain.anvil.stop();
