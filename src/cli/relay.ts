/**
 * The relayer the operator runs (`points relay`): customers with no native coin send it a signed
 * ERC-2771 ForwardRequest; it checks the request, simulates it, and submits it to PointsForwarder
 * from its own key, paying the gas. Only customers' functions on this deployment's token and mall
 * are forwarded (src/sdk/relay.ts lists them), each signer within a rate limit and a spend cap.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getAddress, isHexString, type Signer, type Provider } from "ethers";
import { PointsForwarder__factory } from "../../types/ethers-contracts/index.js";
import {
  ContractRevertError,
  PointsError,
  RelayRefusal as Refusal,
  RELAYED_FUNCTIONS,
  RELAYED_SELECTORS,
  jsonWithBigints,
  maxPricePerGas,
  simulateForwarded,
  toPointsError,
  type ForwardRequest,
} from "../sdk/index.js";

export interface RelayConfig {
  /** The relayer's key, connected to the chain; it pays the gas and needs no role. */
  signer: Signer;
  forwarder: string;
  token: string;
  mall: string;
  /** At most `requests` verified requests per signer in any `windowSeconds`. */
  rateLimit: { requests: number; windowSeconds: number };
  /** At most `wei` of the relayer's native coin spent for one signer in any `windowSeconds`. */
  spendCap: { wei: bigint; windowSeconds: number };
  /** Web origins whose pages may call the relay (CORS); none by default. */
  allowOrigins?: string[];
  /** Where a line per request goes; default stdout. */
  log?: (line: string) => void;
}

/** The most gas a request may ask its call to get: a redemption needs about 90,000. */
export const MAX_REQUEST_GAS = 1_000_000n;
const MAX_BODY_BYTES = 64 * 1024;

/** Moments (ms) and amounts within a sliding window, per signer. */
class Ledger {
  private readonly entries = new Map<string, { at: number; amount: bigint }[]>();
  constructor(private readonly windowMs: number) {}

  private live(key: string, now: number) {
    const list = (this.entries.get(key) ?? []).filter((e) => e.at > now - this.windowMs);
    this.entries.set(key, list);
    return list;
  }
  total(key: string, now: number): { sum: bigint; count: number; oldest: number | undefined } {
    const list = this.live(key, now);
    return { sum: list.reduce((s, e) => s + e.amount, 0n), count: list.length, oldest: list[0]?.at };
  }
  add(key: string, now: number, amount: bigint) {
    const entry = { at: now, amount };
    this.live(key, now).push(entry);
    return entry;
  }
  secondsUntilFree(oldest: number | undefined, now: number): number {
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }
}


function field(body: Record<string, unknown>, name: string): unknown {
  if (!(name in body)) throw new Refusal(400, `request.${name} is missing`, "send the request as signForwardRequest builds it");
  return body[name];
}

function bigintField(body: Record<string, unknown>, name: string): bigint {
  const v = field(body, name);
  if ((typeof v !== "string" && typeof v !== "number") || !/^\d+$/.test(String(v))) {
    throw new Refusal(400, `request.${name} must be a whole number, as a decimal string`);
  }
  return BigInt(v);
}

function addressField(body: Record<string, unknown>, name: string): string {
  const v = field(body, name);
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new Refusal(400, `request.${name} must be an address`);
  return getAddress(v.toLowerCase());
}

function hexField(body: Record<string, unknown>, name: string): string {
  const v = field(body, name);
  if (typeof v !== "string" || !isHexString(v)) throw new Refusal(400, `request.${name} must be 0x-prefixed hex bytes`);
  return v;
}

/** The request in a POST body, checked field by field. */
export function parseForwardRequest(body: unknown): ForwardRequest {
  const outer = body as { request?: unknown } | null;
  if (outer === null || typeof outer !== "object" || typeof outer.request !== "object" || outer.request === null) {
    throw new Refusal(400, "the body must be JSON of the form {\"request\": {...}}", "send the request as signForwardRequest builds it");
  }
  const r = outer.request as Record<string, unknown>;
  return {
    from: addressField(r, "from"),
    to: addressField(r, "to"),
    value: bigintField(r, "value"),
    gas: bigintField(r, "gas"),
    deadline: bigintField(r, "deadline"),
    data: hexField(r, "data"),
    signature: hexField(r, "signature"),
  };
}

/** Serializes sends from the relayer's key, so each gets the next nonce. */
function mutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

export interface Relay {
  handle(req: IncomingMessage, res: ServerResponse): void;
  info(): Promise<Record<string, unknown>>;
}

export function createRelay(config: RelayConfig): Relay {
  const provider: Provider = config.signer.provider ?? (() => {
    throw new PointsError("the relayer's signer has no provider", "connect it to the chain");
  })();
  const forwarder = PointsForwarder__factory.connect(config.forwarder, config.signer);
  const targets = new Map([
    [getAddress(config.token), "token"],
    [getAddress(config.mall), "mall"],
  ] as const);
  const requests = new Ledger(config.rateLimit.windowSeconds * 1000);
  const spending = new Ledger(config.spendCap.windowSeconds * 1000);
  const exclusive = mutex();
  const log = config.log ?? ((line: string) => console.log(line));
  const allowed = [...RELAYED_SELECTORS.values()].map((f) => `${f.target}.${f.name}`);

  async function info() {
    const [network, relayer] = await Promise.all([provider.getNetwork(), config.signer.getAddress()]);
    return {
      chainId: network.chainId,
      forwarder: config.forwarder,
      relayer,
      targets: { token: config.token, mall: config.mall },
      functions: allowed,
      rateLimit: config.rateLimit,
      spendCap: config.spendCap,
    };
  }

  /** The forwarder's own verdict on a request that did not verify, as a custom error. */
  async function whyInvalid(request: ForwardRequest): Promise<Refusal> {
    try {
      await forwarder.execute.staticCall(request);
    } catch (error) {
      const e = toPointsError(error);
      if (e instanceof ContractRevertError) return new Refusal(400, e.message, e.hint, { cause: e });
    }
    return new Refusal(400, "the request does not verify", "sign it again");
  }

  async function forward(request: ForwardRequest) {
    const now = Date.now();
    if (request.value !== 0n) throw new Refusal(403, "the relay forwards no native coin (value must be 0)");
    const kind = targets.get(request.to);
    const fn = RELAYED_SELECTORS.get(request.data.slice(0, 10).toLowerCase());
    if (kind === undefined) {
      throw new Refusal(403, `${request.to} is not this deployment's token or mall`, `this relay forwards to ${config.token} and ${config.mall}`);
    }
    if (fn === undefined || fn.target !== kind) {
      throw new Refusal(403, `the relay does not forward this function (selector ${request.data.slice(0, 10)}) to the ${kind}`, `it forwards ${allowed.join(", ")}`);
    }
    if (request.gas > MAX_REQUEST_GAS) throw new Refusal(400, `request.gas ${request.gas} is above the relay's limit of ${MAX_REQUEST_GAS}`);
    // The signature first: nothing below may be charged to an address whose key did not sign.
    if (!(await forwarder.verify(request))) throw await whyInvalid(request);

    const seen = requests.total(request.from, now);
    if (seen.count >= config.rateLimit.requests) {
      const wait = requests.secondsUntilFree(seen.oldest, now);
      throw new Refusal(
        429,
        `${request.from} sent ${seen.count} requests in the last ${config.rateLimit.windowSeconds} s, the most this relay takes`,
        `try again in ${wait} s`,
        { retryAfter: wait },
      );
    }
    requests.add(request.from, now, 1n);

    // The call as the forwarder will make it: a revert is named here and nothing is sent.
    try {
      await simulateForwarded(provider, { forwarder: config.forwarder, from: request.from, to: request.to, data: request.data });
    } catch (error) {
      const e = toPointsError(error);
      throw new Refusal(422, e.message, e.hint, { cause: e });
    }
    let gasLimit: bigint;
    try {
      gasLimit = await forwarder.execute.estimateGas(request);
    } catch (error) {
      throw await whyInvalid(request);
    }
    const fee = gasLimit * (await maxPricePerGas(provider));
    const spent = spending.total(request.from, now);
    if (spent.sum + fee > config.spendCap.wei) {
      const wait = spending.secondsUntilFree(spent.oldest, now);
      throw new Refusal(
        429,
        `${request.from} has used ${spent.sum} of its ${config.spendCap.wei} wei of relayed gas in the last ${config.spendCap.windowSeconds} s; this call needs up to ${fee}`,
        `try again in ${wait} s, or pay the gas from the wallet`,
        { retryAfter: wait },
      );
    }
    const relayer = await config.signer.getAddress();
    if ((await provider.getBalance(relayer)) < fee) {
      throw new Refusal(503, `the relayer ${relayer} has too little native coin to pay for this call`, "the operator must fund the relayer");
    }
    const reserved = spending.add(request.from, now, fee);
    let tx;
    try {
      tx = await exclusive(async () =>
        forwarder.execute(request, { gasLimit, nonce: await provider.getTransactionCount(relayer, "pending") }),
      );
    } catch (error) {
      reserved.amount = 0n;
      const e = toPointsError(error);
      throw new Refusal(502, `the relayer could not send: ${e.message}`, e.hint, { cause: e });
    }
    const receipt = await tx.wait();
    if (receipt !== null) reserved.amount = receipt.gasUsed * receipt.gasPrice;
    return { hash: tx.hash, blockNumber: receipt?.blockNumber, gasUsed: receipt?.gasUsed, fee: reserved.amount, function: `${fn.target}.${fn.name}` };
  }

  /** The custom error's name and arguments, where a contract refused. */
  function revertOf(refusal: Refusal): { name?: string; args?: Record<string, unknown> } {
    return refusal.cause instanceof ContractRevertError ? { name: refusal.cause.errorName, args: refusal.cause.args } : {};
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(jsonWithBigints(body));
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (origin !== undefined && (config.allowOrigins ?? []).includes(origin)) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-headers", "content-type");
      res.setHeader("access-control-expose-headers", "retry-after");
      res.setHeader("vary", "origin");
    }
    const route = new URL(req.url ?? "/", "http://relay").pathname;
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (req.method === "GET" && route === "/") {
      info().then((body) => send(res, 200, body), (error: unknown) => send(res, 502, { error: toPointsError(error).message }));
      return;
    }
    if (req.method !== "POST" || route !== "/forward") {
      send(res, 404, { error: `no ${req.method} ${route} here`, hint: "GET / describes the relay; POST /forward takes a signed request" });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      let request: ForwardRequest | undefined;
      const respond = async () => {
        if (size > MAX_BODY_BYTES) throw new Refusal(413, `the body is over ${MAX_BODY_BYTES} bytes`);
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          throw new Refusal(400, "the body is not JSON", "send {\"request\": {...}} as JSON");
        }
        request = parseForwardRequest(body);
        return forward(request);
      };
      respond().then(
        (result) => {
          log(`relayed ${result.function} for ${request?.from}: tx ${result.hash}, gas ${result.gasUsed}`);
          send(res, 200, result);
        },
        (error: unknown) => {
          const refusal = error instanceof Refusal ? error : new Refusal(500, toPointsError(error).message, undefined, { cause: error });
          log(`refused ${refusal.status} for ${request?.from ?? "?"}: ${refusal.message}`);
          send(
            res,
            refusal.status,
            { error: refusal.message, hint: refusal.hint, ...revertOf(refusal) },
            refusal.retryAfter === undefined ? {} : { "retry-after": String(refusal.retryAfter) },
          );
        },
      );
    });
  }

  return { handle, info };
}

/** Starts the relay on `host:port` (port 0: any free one) and returns its URL. */
export async function startRelay(config: RelayConfig, port: number, host = "127.0.0.1"): Promise<{ url: string; server: Server; relay: Relay }> {
  const relay = createRelay(config);
  const server = createServer((req, res) => relay.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new PointsError(`port ${port} is in use`, "stop what uses it or pass another --port") : error),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { url: `http://${host}:${address.port}`, server, relay };
}

/** The forwarded functions, for help texts. */
export const RELAYED_SUMMARY = Object.entries(RELAYED_FUNCTIONS)
  .map(([target, names]) => `${target}: ${names.join(", ")}`)
  .join("; ");
