/**
 * The chain as the indexer reads it: head, block headers in bounded batches, logs by range with
 * a span that adapts to the provider, contract calls at a block, transactions' input.
 */
import { getAddress, toQuantity } from "ethers";
import { AdaptiveSpan, suggestedSpan, type SpanOptions } from "../sdk/ranges.js";
import type { RawLog } from "./decode.js";
import { RpcError } from "./errors.js";
import { RpcFailure, sendWithRetry, type RetryOptions, type RpcCall, type RpcTransport } from "./rpc.js";

export interface BlockHeader {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
}

/** Headers, calls and transactions per JSON-RPC batch. */
const BATCH = 100;

/** A block number as JSON-RPC wants it; "latest" as it is. */
const hex = (n: number | "latest") => (n === "latest" ? n : toQuantity(n));

export class Chain {
  /** Sizes getLogs requests (shared by every range, so what a provider accepts is remembered). */
  readonly span: AdaptiveSpan;
  /** getLogs requests sent and refused, for tests and logs. */
  readonly stats = { logRequests: 0, refusals: 0 };

  constructor(
    readonly transport: RpcTransport,
    readonly retry: RetryOptions,
    span: SpanOptions = {},
  ) {
    this.span = new AdaptiveSpan(span);
  }

  private async send(calls: readonly RpcCall[]): Promise<unknown[]> {
    return sendWithRetry(this.transport, calls, this.retry);
  }

  /** One call; a refusal or error answer throws RpcError. */
  async one<T>(method: string, params: unknown[]): Promise<T> {
    const [result] = await this.send([{ method, params }]);
    if (result instanceof RpcFailure) throw new RpcError(`${method} failed: ${result.message}`, undefined, { cause: result });
    return result as T;
  }

  async chainId(): Promise<number> {
    return Number(await this.one<string>("eth_chainId", []));
  }

  async head(): Promise<number> {
    return Number(await this.one<string>("eth_blockNumber", []));
  }

  async header(n: number): Promise<BlockHeader | null> {
    return (await this.headers([n])).get(n) ?? null;
  }

  /** The headers of blocks `numbers` (missing ones, beyond the head, are left out). */
  async headers(numbers: readonly number[]): Promise<Map<number, BlockHeader>> {
    const out = new Map<number, BlockHeader>();
    const unique = [...new Set(numbers)];
    for (let i = 0; i < unique.length; i += BATCH) {
      const chunk = unique.slice(i, i + BATCH);
      const answers = await this.send(chunk.map((n) => ({ method: "eth_getBlockByNumber", params: [hex(n), false] })));
      answers.forEach((a, j) => {
        if (a instanceof RpcFailure) throw new RpcError(`eth_getBlockByNumber(${chunk[j]}) failed: ${a.message}`, undefined, { cause: a });
        if (a === null || a === undefined) return;
        const b = a as { number: string; hash: string; parentHash: string; timestamp: string };
        out.set(Number(b.number), { number: Number(b.number), hash: b.hash, parentHash: b.parentHash, timestamp: Number(b.timestamp) });
      });
    }
    return out;
  }

  /**
   * The logs of `addresses` from `from` on: as many blocks up to `to` as the provider gives in one
   * request. Returns the logs, the last block they cover and that block's hash as the node saw it
   * just before answering for the logs (asked in the same batch, ahead of them).
   */
  async logs(addresses: readonly string[], from: number, to: number): Promise<{ logs: RawLog[]; end: number; endHash: string | undefined }> {
    for (;;) {
      const end = Math.min(to, from + this.span.size - 1);
      const blocks = end - from + 1;
      this.stats.logRequests += 1;
      const [header, answer] = await this.send([
        { method: "eth_getBlockByNumber", params: [hex(end), false] },
        { method: "eth_getLogs", params: [{ address: addresses, fromBlock: hex(from), toBlock: hex(end) }] },
      ]);
      if (answer instanceof RpcFailure) {
        if (answer.kind === "refused" && blocks > 1) {
          this.stats.refusals += 1;
          this.span.refused(blocks, suggestedSpan(answer.message));
          this.retry.log.debug("the node refused a log range; asking for less", { from, to: end, blocks, next: this.span.size, error: answer.message });
          continue;
        }
        if (answer.kind === "refused" && addresses.length > 1) return this.logsByAddress(addresses, from);
        throw new RpcError(`eth_getLogs(${from}..${end}) failed: ${answer.message}`, undefined, { cause: answer });
      }
      const logs = (answer as RawLog[]).filter((l) => l.removed !== true);
      this.span.succeeded(blocks, logs.length);
      const endHash = header instanceof RpcFailure || header === null ? undefined : (header as { hash: string }).hash;
      return { logs, end, endHash };
    }
  }

  /** One block whose logs the provider refuses in one answer: ask contract by contract. */
  private async logsByAddress(addresses: readonly string[], block: number): Promise<{ logs: RawLog[]; end: number; endHash: string | undefined }> {
    const logs: RawLog[] = [];
    let endHash: string | undefined;
    for (const address of addresses) {
      const part = await this.logs([address], block, block);
      logs.push(...part.logs);
      endHash = part.endHash;
    }
    logs.sort((a, b) => Number(a.logIndex) - Number(b.logIndex));
    return { logs, end: block, endHash };
  }

  /** eth_call of each `{to, data}` at `block`; a failed call gives its RpcFailure in its place. */
  async calls(list: readonly { to: string; data: string }[], block: number | "latest"): Promise<(string | RpcFailure)[]> {
    const out: (string | RpcFailure)[] = [];
    for (let i = 0; i < list.length; i += BATCH) {
      const chunk = list.slice(i, i + BATCH);
      const answers = await this.send(chunk.map((c) => ({ method: "eth_call", params: [{ to: c.to, data: c.data }, hex(block)] })));
      out.push(...answers.map((a) => (a instanceof RpcFailure ? a : String(a))));
    }
    return out;
  }

  async code(address: string, block: number | "latest"): Promise<string> {
    return this.one<string>("eth_getCode", [address, hex(block)]);
  }

  /** The `to` and input of transactions. */
  async transactions(hashes: readonly string[]): Promise<Map<string, { to: string | null; input: string }>> {
    const out = new Map<string, { to: string | null; input: string }>();
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += BATCH) {
      const chunk = unique.slice(i, i + BATCH);
      const answers = await this.send(chunk.map((h) => ({ method: "eth_getTransactionByHash", params: [h] })));
      answers.forEach((a, j) => {
        if (a instanceof RpcFailure || a === null || a === undefined) return;
        const tx = a as { to?: string | null; input?: string; data?: string };
        out.set(chunk[j]!, { to: tx.to === null || tx.to === undefined ? null : getAddress(tx.to), input: tx.input ?? tx.data ?? "0x" });
      });
    }
    return out;
  }
}
