/**
 * Local admin routes: manage webhook subscribers while the server holds the database (PGlite is
 * one process's). Guarded twice: the caller must be on this machine, and must send the bearer
 * token the server wrote beside the database, readable by the operator only.
 */
import { timingSafeEqual } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import type { Context, Hono } from "hono";
import type { LedgerDatabase } from "../indexer/database.js";
import { addSubscription, listDeliveries, listSubscriptions, removeSubscription } from "../indexer/subscriptions.js";
import { encodeCursor } from "./pagination.js";
import { ApiError, intParam } from "./params.js";
import { send } from "./server.js";

type Env = { Bindings: HttpBindings };

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function guard(c: Context<Env>, token: string): void {
  const remote = c.env.incoming.socket.remoteAddress ?? "";
  if (!LOOPBACK.has(remote)) throw new ApiError(403, "the admin routes answer only on this machine", "run the command on the server");
  const given = (c.req.header("authorization") ?? "").replace(/^Bearer\s+/i, "");
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new ApiError(401, "no or wrong admin token", "the token is in the file <database>.admin-token");
}

export function registerAdmin(app: Hono<Env>, database: LedgerDatabase, token: string): void {
  const db = database.db;
  app.get("/admin/webhooks", async (c) => {
    guard(c, token);
    return send(c, { items: await listSubscriptions(db), next: null });
  });
  app.post("/admin/webhooks", async (c) => {
    guard(c, token);
    let body: { url?: unknown; events?: unknown; secret?: unknown };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      throw new ApiError(400, "the body is not JSON", "send {\"url\": ..., \"events\": [...]}");
    }
    if (typeof body.url !== "string") throw new ApiError(400, "url: missing", "give the receiver's URL", "url");
    const events = Array.isArray(body.events) ? body.events.map(String) : [];
    try {
      return send(c, await addSubscription(db, { url: body.url, events, secret: typeof body.secret === "string" ? body.secret : undefined }));
    } catch (error) {
      const e = error as Error & { hint?: string; field?: string };
      throw new ApiError(400, e.message, e.hint, e.field);
    }
  });
  app.get("/admin/webhooks/deliveries", async (c) => {
    guard(c, token);
    const limit = intParam(c.req.query(), "limit", { min: 1, max: 500 }) ?? 50;
    const cursor = c.req.query("cursor");
    const before = cursor === undefined ? undefined : Number((JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[])[0]);
    if (before !== undefined && !Number.isSafeInteger(before)) throw new ApiError(400, "cursor: is not a cursor of this list", "pass the `next` value of the previous page", "cursor");
    const items = await listDeliveries(db, { subscription: c.req.query("subscription"), limit: limit + 1, before });
    const more = items.length > limit;
    return send(c, { items: items.slice(0, limit), next: more ? encodeCursor([items[limit - 1]!.id]) : null });
  });
  app.delete("/admin/webhooks/:id", async (c) => {
    guard(c, token);
    if (!(await removeSubscription(db, c.req.param("id")))) throw new ApiError(404, `no webhook subscription ${c.req.param("id")}`, "list them with points webhooks list");
    return send(c, { ok: true });
  });
}
