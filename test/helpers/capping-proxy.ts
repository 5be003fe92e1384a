/**
 * A JSON-RPC proxy in front of a real node that behaves like a public provider: it refuses
 * eth_getLogs over `maxBlocks` blocks or with more than `maxResults` results (with the messages
 * providers send), and drops a share of connections outright. It counts what it saw.
 * The drops are spread evenly rather than drawn at random, so a short run still meets some
 * (the ledger-faults test sends about 45, and a random 10% of 45 misses them all about one time in a hundred).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface CappingProxy {
  url: string;
  stats: { getLogs: number; refusedRange: number; refusedResults: number; dropped: number; requests: number };
  /** Drop this share (0 to 1) of the next requests, the first within the first few; also settable while running. */
  dropRate: number;
  close(): Promise<void>;
}

interface Call {
  jsonrpc: string;
  id: unknown;
  method: string;
  params?: unknown[];
}

export async function startCappingProxy(target: string, caps: { maxBlocks: number; maxResults: number; dropRate?: number }): Promise<CappingProxy> {
  const stats = { getLogs: 0, refusedRange: 0, refusedResults: 0, dropped: 0, requests: 0 };
  const forward = async (body: string) => (await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body })).text();
  const proxy: CappingProxy = { url: "", stats, dropRate: caps.dropRate ?? 0, close: async () => undefined };
  // Credit towards the next drop: starting at 0.75 puts the first drop early (the third request at 10%).
  let owed = 0.75;
  const dropNow = () => {
    if (proxy.dropRate <= 0) return false;
    owed += proxy.dropRate;
    if (owed < 1) return false;
    owed -= 1;
    return true;
  };
  const answer = async (call: Call): Promise<unknown> => {
    if (call.method === "eth_getLogs") {
      stats.getLogs += 1;
      const filter = (call.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
      const span = Number(filter.toBlock ?? 0) - Number(filter.fromBlock ?? 0) + 1;
      if (span > caps.maxBlocks) {
        stats.refusedRange += 1;
        return { jsonrpc: "2.0", id: call.id, error: { code: -32600, message: `exceed maximum block range: ${caps.maxBlocks}` } };
      }
    }
    const reply = JSON.parse(await forward(JSON.stringify(call))) as { result?: unknown };
    if (call.method === "eth_getLogs" && Array.isArray(reply.result) && reply.result.length > caps.maxResults) {
      stats.refusedResults += 1;
      const from = Number(((call.params?.[0] ?? {}) as { fromBlock?: string }).fromBlock ?? 0);
      const to = from + Math.max(0, Math.floor(caps.maxBlocks / 4) - 1);
      return { jsonrpc: "2.0", id: call.id, error: { code: -32005, message: `query returned more than ${caps.maxResults} results. Try with this block range [0x${from.toString(16)}, 0x${to.toString(16)}].` } };
    }
    return reply;
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        stats.requests += 1;
        if (dropNow()) {
          stats.dropped += 1;
          req.socket.destroy(); // as a provider behind a flaky network: no answer at all
          return;
        }
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Call | Call[];
          const out = Array.isArray(parsed) ? await Promise.all(parsed.map(answer)) : await answer(parsed);
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
        } catch {
          res.writeHead(502).end("bad gateway");
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
  return proxy;
}
