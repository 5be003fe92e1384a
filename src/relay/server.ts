/**
 * The relay's HTTP side (Hono on Node's http server): GET / describes it, POST /forward takes a
 * signed request (src/relay/policy.ts decides), CORS for the allowed web origins only, and every
 * refusal as JSON with a sentence, a hint, the custom error where a contract refused, and a
 * Retry-After header where waiting helps.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ContractRevertError, NetworkError, PointsError, RELAYED_FUNCTIONS, RelayRefusal, jsonWithBigints, toPointsError } from "../sdk/index.js";
import { createPolicy, type Outcome, type RelayConfig } from "./policy.js";
import { parseForwardRequest } from "./request.js";

const MAX_BODY_BYTES = 64 * 1024;

export interface Relay {
  /** Answers one HTTP request (what the server calls; tests may call it too). */
  fetch(request: Request): Response | Promise<Response>;
  info(): Promise<Record<string, unknown>>;
}

/** The custom error's name and arguments, where a contract refused. */
function revertOf(refusal: RelayRefusal): { name?: string; args?: Record<string, unknown> } {
  return refusal.cause instanceof ContractRevertError ? { name: refusal.cause.errorName, args: refusal.cause.args } : {};
}

/** Anything thrown, as the refusal the client gets: the chain not answering is the relay's upstream failing. */
function asRefusal(error: unknown): RelayRefusal {
  if (error instanceof RelayRefusal) return error;
  const e = toPointsError(error);
  return new RelayRefusal(e instanceof NetworkError ? 502 : 500, e.message, e.hint, { cause: e });
}

/** The HTTP answer to an outcome: 200 mined, 202 sent with no receipt yet, 422 reverted on chain. */
function answer(outcome: Outcome): { status: ContentfulStatusCode; body: Record<string, unknown> } {
  if (outcome.kind === "pending") {
    const { kind: _pending, ...sent } = outcome;
    return { status: 202, body: { ...sent, pending: true } };
  }
  if (outcome.kind === "mined") {
    const { kind: _mined, ...mined } = outcome;
    return { status: 200, body: mined };
  }
  const { kind: _reverted, why, ...mined } = outcome;
  return { status: 422, body: { error: why.message, hint: why.hint, ...revertOf(why), ...mined } };
}

function json(c: Context, status: ContentfulStatusCode, body: unknown, headers: Record<string, string> = {}): Response {
  return c.body(jsonWithBigints(body), status, { "content-type": "application/json", ...headers });
}

function refuse(c: Context, refusal: RelayRefusal): Response {
  const body = { error: refusal.message, hint: refusal.hint, ...revertOf(refusal) };
  return json(c, refusal.status as ContentfulStatusCode, body, refusal.retryAfter === undefined ? {} : { "retry-after": String(refusal.retryAfter) });
}

export async function createRelay(config: RelayConfig): Promise<Relay> {
  const policy = await createPolicy(config);
  const log = config.log ?? ((line: string) => console.log(line));
  const app = new Hono();

  app.use("*", cors({ origin: config.allowOrigins ?? [], allowMethods: ["GET", "POST"], allowHeaders: ["content-type"], exposeHeaders: ["retry-after"] }));
  app.get("/", async (c) => json(c, 200, await policy.info()));
  app.post(
    "/forward",
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => refuse(c, new RelayRefusal(413, `the body is over ${MAX_BODY_BYTES} bytes`)) }),
    async (c) => {
      let from = "?";
      try {
        let body: unknown;
        try {
          body = JSON.parse(await c.req.text());
        } catch {
          throw new RelayRefusal(400, "the body is not JSON", "send {\"request\": {...}} as JSON");
        }
        const request = parseForwardRequest(body);
        from = request.from;
        const outcome = await policy.forward(request);
        log(`${outcome.kind === "mined" ? "relayed" : outcome.kind} ${outcome.function} for ${from}: tx ${outcome.hash}${"gasUsed" in outcome ? `, gas ${outcome.gasUsed}` : ""}`);
        const { status, body: sent } = answer(outcome);
        return json(c, status, sent);
      } catch (error) {
        const refusal = asRefusal(error);
        log(`refused ${refusal.status} for ${from}: ${refusal.message}`);
        return refuse(c, refusal);
      }
    },
  );
  app.notFound((c) => json(c, 404, { error: `no ${c.req.method} ${c.req.path} here`, hint: "GET / describes the relay; POST /forward takes a signed request" }));
  app.onError((error, c) => refuse(c, asRefusal(error)));

  return { fetch: app.fetch, info: policy.info };
}

/** Starts the relay on `host:port` (port 0: any free one) and returns its URL. */
export async function startRelay(config: RelayConfig, port: number, host = "127.0.0.1"): Promise<{ url: string; server: Server; relay: Relay }> {
  const relay = await createRelay(config);
  // Node's own Request and Response stay global: the relay shares its process with other code.
  const server = createAdaptorServer({ fetch: relay.fetch, overrideGlobalObjects: false }) as Server;
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
