/**
 * What anvil alone takes to serve the reads benchmark's chain (BENCH_EVENTS): eth_getLogs over the
 * whole history in spans of about 5,000 logs (as the indexer asks) with the block's header in the
 * same batch, one request at a time, plus the cost of an eth_call where the node keeps no state.
 * This bounds the indexer's backfill throughput from above on the same machine.
 */
import { performance } from "node:perf_hooks";
import { toQuantity } from "ethers";
import { AdaptiveSpan } from "../src/sdk/ranges.js";
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
const span = new AdaptiveSpan({ initial: 1, max: 50_000, targetLogs: 5_000 });
const t0 = performance.now();
for (let from = d.fromBlock; from <= head; ) {
  const to = Math.min(head, from + span.size - 1);
  const [, answer] = await post([
    { jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: [toQuantity(to), false] },
    { jsonrpc: "2.0", id: 2, method: "eth_getLogs", params: [{ address: addresses, fromBlock: toQuantity(from), toBlock: toQuantity(to) }] },
  ]);
  const n = (answer!.result as unknown[]).length;
  logs += n;
  span.succeeded(to - from + 1, n);
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
// A one-transfer block: from eth_sendTransaction's answer to the receipt, with no indexer running.
const [from, to] = [chain.regulars[1]!, chain.regulars[2]!];
const transfer = `0xa9059cbb${to.slice(2).toLowerCase().padStart(64, "0")}${"1".padStart(64, "0")}`;
const mining: number[] = [];
for (let i = 0; i < 11; i++) {
  const [sent] = await post([{ jsonrpc: "2.0", id: 1, method: "eth_sendTransaction", params: [{ from, to: d.token, data: transfer, gas: toQuantity(100_000), gasPrice: "0x0" }] }]);
  const t = performance.now();
  for (;;) {
    const [r] = await post([{ jsonrpc: "2.0", id: 1, method: "eth_getTransactionReceipt", params: [sent!.result] }]);
    if (r!.result !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  mining.push(performance.now() - t);
}
mining.sort((a, b) => a - b);
console.log(`anvil mines a one-transfer block in ${Math.round(mining[5]!)} ms (p50 of 11, from eth_sendTransaction's answer to the receipt)`);
await chain.anvil.stop();
