/**
 * The indexer's side of JSON-RPC: batched requests over HTTP (or any EIP-1193 provider, such as
 * Hardhat's in-process chain), failures sorted into "the node did not answer" (retried with
 * backoff, forever by default: a node restart must not stop the indexer), "the node refused this
 * request's size" (the caller shrinks it) and the rest, which are errors.
 */
import type { Logger } from "./log.js";
import { isRangeRefusal } from "../sdk/ranges.js";
import { RpcError } from "./errors.js";

export interface RpcCall {
  method: string;
  params: unknown[];
}

export interface RpcTransport {
  /** Where it goes, for logs. */
  describe: string;
  /** The calls' results in order; a call that failed gives its RpcFailure in its place. */
  batch(calls: readonly RpcCall[]): Promise<unknown[]>;
}

/** Why a call failed: the node did not answer, refused the request's size, or answered an error. */
export class RpcFailure extends Error {
  constructor(
    readonly kind: "network" | "refused" | "error",
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = "RpcFailure";
  }
}

const TRANSIENT_CODES = new Set([429, 502, 503, 504]);

function failureOf(error: { code?: unknown; message?: unknown }, method: string): RpcFailure {
  const message = String(error.message ?? error);
  const code = typeof error.code === "number" ? error.code : undefined;
  if (method === "eth_getLogs" && (code === -32005 || isRangeRefusal(message))) return new RpcFailure("refused", message, code);
  if (code === -32005 || /rate limit|too many requests|busy|overloaded|temporarily/i.test(message)) return new RpcFailure("network", message, code);
  return new RpcFailure("error", message, code);
}

/** JSON-RPC over HTTP with Node's fetch; a batch is one POST of an array. */
export function httpTransport(url: string, options: { timeoutMs?: number } = {}): RpcTransport {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let nextId = 1;
  return {
    describe: url,
    async batch(calls) {
      if (calls.length === 0) return [];
      const ids = calls.map(() => nextId++);
      const body = JSON.stringify(calls.map((c, i) => ({ jsonrpc: "2.0", id: ids[i], method: c.method, params: c.params })));
      let response: Response;
      try {
        response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        const refusedBySize = calls.some((c) => c.method === "eth_getLogs") && e.name === "TimeoutError";
        return calls.map(() => new RpcFailure(refusedBySize ? "refused" : "network", `${e.cause?.code ?? e.name}: ${e.message}`));
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        return calls.map(() => new RpcFailure("network", `the answer broke off: ${(error as Error).message}`));
      }
      if (!response.ok && (TRANSIENT_CODES.has(response.status) || response.status >= 500) && !text.trimStart().startsWith("{") && !text.trimStart().startsWith("[")) {
        return calls.map(() => new RpcFailure("network", `HTTP ${response.status}`, response.status));
      }
      if (response.status === 413) return calls.map((c) => new RpcFailure(c.method === "eth_getLogs" ? "refused" : "error", "HTTP 413: request or answer too large", 413));
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // A node that cannot send a huge answer whole sends a broken one: too large for it.
        return calls.map((c) => new RpcFailure(c.method === "eth_getLogs" ? "refused" : "network", `the answer (HTTP ${response.status}, ${text.length} bytes) is not JSON`));
      }
      const answers = Array.isArray(parsed) ? parsed : [parsed];
      const byId = new Map<unknown, { result?: unknown; error?: { code?: unknown; message?: unknown } }>();
      for (const a of answers as { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } }[]) byId.set(a?.id, a);
      return calls.map((c, i) => {
        const a = byId.get(ids[i]) ?? (answers.length === 1 && calls.length === 1 ? (answers[0] as typeof byId extends Map<unknown, infer V> ? V : never) : undefined);
        if (a === undefined) return new RpcFailure(TRANSIENT_CODES.has(response.status) ? "network" : "error", `no answer to ${c.method} (HTTP ${response.status})`, response.status);
        if (a.error !== undefined && a.error !== null) return failureOf(a.error, c.method);
        return a.result;
      });
    },
  };
}

/** Any EIP-1193 provider (Hardhat's in-process network); calls go one by one, concurrently. */
export function eip1193Transport(provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> }, describe = "in-process chain"): RpcTransport {
  return {
    describe,
    batch: (calls) =>
      Promise.all(
        calls.map((c) =>
          provider.request({ method: c.method, params: c.params }).catch((error: unknown) => {
            const e = error as { code?: unknown; message?: unknown; data?: unknown };
            return failureOf(e, c.method);
          }),
        ),
      ),
  };
}

export interface RetryOptions {
  log: Logger;
  /** Attempts before giving up on a node that does not answer (default: never give up). */
  maxAttempts?: number;
  /** First wait, doubled each time up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Stops waiting when aborted (shutdown). */
  signal?: AbortSignal;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/** Sends `calls`, retrying those the node did not answer with backoff; refusals and errors come back in place. */
export async function sendWithRetry(transport: RpcTransport, calls: readonly RpcCall[], retry: RetryOptions): Promise<unknown[]> {
  const results: unknown[] = new Array(calls.length);
  let pending = calls.map((_, i) => i);
  let delay = retry.baseDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    const answers = await transport.batch(pending.map((i) => calls[i]!));
    const again: number[] = [];
    answers.forEach((a, j) => {
      const i = pending[j]!;
      if (a instanceof RpcFailure && a.kind === "network") again.push(i);
      results[i] = a;
    });
    if (again.length === 0) return results;
    const first = results[again[0]!] as RpcFailure;
    if (retry.signal?.aborted === true || (retry.maxAttempts !== undefined && attempt >= retry.maxAttempts)) {
      throw new RpcError(`the node at ${transport.describe} did not answer ${calls[again[0]!]!.method} (${first.message})`, undefined, { cause: first });
    }
    retry.log.warn("the node did not answer; retrying", { rpc: transport.describe, method: calls[again[0]!]!.method, error: first.message, attempt, retryInMs: delay });
    await sleep(delay + Math.floor(Math.random() * delay * 0.2), retry.signal);
    delay = Math.min(delay * 2, retry.maxDelayMs ?? 30_000);
    pending = again;
  }
}
