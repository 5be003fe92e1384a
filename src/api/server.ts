/**
 * The ledger's HTTP API on hono: the route table (routes.ts) read-only over the database, health
 * endpoints, the OpenAPI document, CORS for the configured origins, and local admin routes for
 * webhook subscribers (a bearer token, and only from this machine).
 */
import type { AddressInfo } from "node:net";
import { serve, type HttpBindings } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import type { LedgerDatabase } from "../indexer/database.js";
import type { IndexerStatus } from "../indexer/indexer.js";
import { silentLogger, type Logger } from "../indexer/log.js";
import { jsonWithBigints } from "../sdk/json.js";
import { PointsError } from "../sdk/errors.js";
import { registerAdmin } from "./admin.js";
import { registerDelivery, type DeliveryChain } from "./delivery/index.js";
import { openApiDocument } from "./openapi.js";
import { ApiError, type Params } from "./params.js";
import { health, READY_LAG } from "./queries/health.js";
import { queryContext } from "./queries/context.js";
import { routes } from "./routes.js";

export interface ApiOptions {
  database: LedgerDatabase;
  /** Web origins whose pages may call the API (CORS); none by default. */
  allowOrigins?: string[];
  /** The in-process indexer's status, when this process runs one. */
  status?: () => IndexerStatus;
  /** Enables /admin routes for this bearer token (local connections only). */
  adminToken?: string;
  log?: Logger;
  version?: string;
  /** The chain the delivery routes check orders, signatures and roles against; none: they answer 503. */
  chain?: DeliveryChain;
  /** Delivery sessions' longest life, and the clock (tests move it). */
  sessionMs?: number;
  now?: () => number;
  /** Signed delivery writes and sign-ins per client address per minute (default 30). */
  writesPerMinute?: number;
}

type Env = { Bindings: HttpBindings };

export function send(_c: Context, body: unknown, status = 200): Response {
  return new Response(jsonWithBigints(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

function params(c: Context): Params {
  return { ...c.req.query(), ...c.req.param() } as Params;
}

export function createApi(options: ApiOptions): Hono<Env> {
  const log = options.log ?? silentLogger;
  const q = queryContext(options.database.reader);
  const app = new Hono<Env>();
  const origins = options.allowOrigins ?? [];
  if (origins.length > 0) app.use("*", cors({ origin: (origin) => (origins.includes(origin) ? origin : null), allowMethods: ["GET", "POST", "DELETE"], allowHeaders: ["content-type", "authorization"], maxAge: 600 }));
  app.onError((error, c) => {
    if (error instanceof ApiError) return send(c, { error: error.message, hint: error.hint ?? null, field: error.field ?? null }, error.status);
    log.error("API request failed", { path: c.req.path, error });
    const message = error instanceof PointsError ? error.message : "the ledger could not answer";
    return send(c, { error: message, hint: "see the server's log; try again", field: null }, 500);
  });
  app.notFound((c) => send(c, { error: `no route ${c.req.method} ${c.req.path}`, hint: "the routes are listed at /openapi.json", field: null }, 404));

  const document = openApiDocument({ version: options.version ?? "1" });
  app.get("/", (c) => send(c, { name: "Points Mall ledger API", openapi: "/openapi.json", health: "/health" }));
  app.get("/openapi.json", (c) => send(c, document));
  app.get("/health", async (c) => send(c, await health(options.database, options.status?.())));
  app.get("/health/live", (c) => send(c, { ok: true }));
  app.get("/health/ready", async (c) => {
    const h = await health(options.database, options.status?.());
    const ready = h.database.answers && h.lagBlocks !== null && h.lagBlocks <= READY_LAG;
    return send(c, h, ready ? 200 : 503);
  });
  app.get("/deployment", async (c) => {
    const [state, contracts] = await Promise.all([
      q.db.selectFrom("indexer_state").selectAll().executeTakeFirst(),
      q.db.selectFrom("contracts").selectAll().orderBy("address").execute(),
    ]);
    if (state === undefined) throw new ApiError(503, "the index is starting: it follows no deployment yet", "try again in a moment");
    return send(c, {
      chainId: state.chain_id, token: state.token, mall: state.mall, forwarder: state.forwarder, fromBlock: state.from_block,
      contracts: contracts.map((x) => ({ address: x.address, kind: x.kind, foundBlock: x.found_block })),
    });
  });
  for (const r of routes) {
    app.get(r.path.replace(/\{(\w+)\}/g, ":$1"), async (c) => send(c, await r.handler(q, params(c))));
  }
  registerDelivery(app, { database: options.database, chain: options.chain, origins, sessionMs: options.sessionMs, now: options.now, writesPerMinute: options.writesPerMinute, log });
  if (options.adminToken !== undefined) registerAdmin(app, options.database, options.adminToken);
  return app;
}

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on host:port (port 0: any free one). */
export async function serveApi(app: Hono<Env>, port: number, host = "127.0.0.1"): Promise<RunningApi> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host, overrideGlobalObjects: false }, (info: AddressInfo) => {
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
      });
    });
    server.once("error", reject);
  });
}
