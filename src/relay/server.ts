/**
 * The relay's HTTP side: GET / describes it, POST /forward takes a signed request (src/relay/policy.ts
 * decides), CORS for the allowed web origins, refusals as JSON with a sentence and a hint.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ContractRevertError, PointsError, RELAYED_FUNCTIONS, RelayRefusal, jsonWithBigints, toPointsError, type ForwardRequest } from "../sdk/index.js";
import { createPolicy, type Outcome, type RelayConfig } from "./policy.js";
import { parseForwardRequest } from "./request.js";

const MAX_BODY_BYTES = 64 * 1024;

export interface Relay {
  handle(req: IncomingMessage, res: ServerResponse): void;
  info(): Promise<Record<string, unknown>>;
}

/** The custom error's name and arguments, where a contract refused. */
function revertOf(refusal: RelayRefusal): { name?: string; args?: Record<string, unknown> } {
  return refusal.cause instanceof ContractRevertError ? { name: refusal.cause.errorName, args: refusal.cause.args } : {};
}

/** The HTTP answer to an outcome: 200 mined, 202 sent with no receipt yet, 422 reverted on chain. */
function answer(outcome: Outcome): { status: number; body: Record<string, unknown> } {
  if (outcome.kind === "pending") {
    const { kind: _pending, ...sent } = outcome;
    return { status: 202, body: { ...sent, pending: true } };
  }
  const { kind, why, ...mined } = outcome;
  if (kind === "mined") return { status: 200, body: mined };
  return { status: 422, body: { error: why?.message, hint: why?.hint, ...(why === undefined ? {} : revertOf(why)), ...mined } };
}

export async function createRelay(config: RelayConfig): Promise<Relay> {
  const policy = await createPolicy(config);
  const log = config.log ?? ((line: string) => console.log(line));

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
      policy.info().then((body) => send(res, 200, body), (error: unknown) => send(res, 502, { error: toPointsError(error).message }));
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
        if (size > MAX_BODY_BYTES) throw new RelayRefusal(413, `the body is over ${MAX_BODY_BYTES} bytes`);
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          throw new RelayRefusal(400, "the body is not JSON", "send {\"request\": {...}} as JSON");
        }
        request = parseForwardRequest(body);
        return policy.forward(request);
      };
      respond().then(
        (outcome) => {
          const { status, body } = answer(outcome);
          log(`${outcome.kind === "mined" ? "relayed" : outcome.kind} ${outcome.function} for ${request?.from}: tx ${outcome.hash}${"gasUsed" in outcome ? `, gas ${outcome.gasUsed}` : ""}`);
          send(res, status, body);
        },
        (error: unknown) => {
          const refusal = error instanceof RelayRefusal ? error : new RelayRefusal(500, toPointsError(error).message, undefined, { cause: error });
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

  return { handle, info: policy.info };
}

/** Starts the relay on `host:port` (port 0: any free one) and returns its URL. */
export async function startRelay(config: RelayConfig, port: number, host = "127.0.0.1"): Promise<{ url: string; server: Server; relay: Relay }> {
  const relay = await createRelay(config);
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
