/**
 * Webhook subscribers: a URL, a secret to sign with, the events wanted. Managed from the CLI
 * (`points webhooks add|list|remove|deliveries`), directly in the database or through a running
 * server's local admin routes. A new subscriber gets what happens after it subscribed.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { WEBHOOK_EVENTS, type WebhookEvent } from "./context.js";
import { IndexerConfigError } from "./errors.js";
import type { Schema } from "./schema.js";

export interface SubscriptionView {
  id: string;
  url: string;
  events: string[];
  fromBlock: number;
  createdAt: Date;
  /** Only when it is made. */
  secret?: string;
}

export function checkSubscription(input: { url: string; events: string[]; secret?: string }): { url: string; events: WebhookEvent[]; secret: string } {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new IndexerConfigError("url", `"${input.url}" is not a URL`, "give the receiver's full URL, like https://shop.example/points-hook");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new IndexerConfigError("url", `${url.protocol} is not http or https`, "give an http(s) URL");
  const events = input.events.length === 0 ? [...WEBHOOK_EVENTS] : input.events;
  for (const e of events) {
    if (!(WEBHOOK_EVENTS as readonly string[]).includes(e)) throw new IndexerConfigError("events", `"${e}" is not an event`, `give some of ${WEBHOOK_EVENTS.join(", ")}`);
  }
  const secret = input.secret ?? `whsec_${randomBytes(24).toString("base64url")}`;
  if (secret.length < 16) throw new IndexerConfigError("secret", "shorter than 16 characters", "give a longer secret, or none to have one made");
  return { url: url.toString(), events: events as WebhookEvent[], secret };
}

export async function addSubscription(db: Kysely<Schema>, input: { url: string; events: string[]; secret?: string }): Promise<SubscriptionView> {
  const checked = checkSubscription(input);
  const state = await db.selectFrom("indexer_state").select("indexed_block").executeTakeFirst();
  const row = {
    id: `wh_${randomBytes(6).toString("hex")}`,
    url: checked.url,
    secret: checked.secret,
    events: checked.events,
    from_block: (state?.indexed_block ?? -1) + 1,
  };
  await db.insertInto("webhook_subscriptions").values(row).execute();
  const saved = await db.selectFrom("webhook_subscriptions").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
  return { id: saved.id, url: saved.url, events: saved.events, fromBlock: saved.from_block, createdAt: saved.created_at, secret: saved.secret };
}

export async function listSubscriptions(db: Kysely<Schema>): Promise<SubscriptionView[]> {
  const rows = await db.selectFrom("webhook_subscriptions").selectAll().orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, url: r.url, events: r.events, fromBlock: r.from_block, createdAt: r.created_at }));
}

/** Removes a subscriber and what it had not received yet; its delivery log stays. False: no such id. */
export async function removeSubscription(db: Kysely<Schema>, id: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom("webhook_subscriptions").where("id", "=", id).executeTakeFirst();
    await tx.deleteFrom("webhook_outbox").where("subscription_id", "=", id).where("status", "=", "pending").execute();
    return Number(gone.numDeletedRows) > 0;
  });
}

export interface DeliveryView {
  id: number;
  outboxId: number;
  subscriptionId: string;
  event: string;
  idempotencyKey: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  status: string;
}

/** The delivery log, newest first. */
export async function listDeliveries(db: Kysely<Schema>, options: { subscription?: string; limit?: number; before?: number } = {}): Promise<DeliveryView[]> {
  let query = db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_outbox as o", "o.id", "d.outbox_id")
    .select(["d.id", "d.outbox_id", "d.subscription_id", "o.event", "o.idempotency_key", "d.attempt", "d.at", "d.status_code", "d.error", "d.duration_ms", "o.status"]);
  if (options.subscription !== undefined) query = query.where("d.subscription_id", "=", options.subscription);
  if (options.before !== undefined) query = query.where("d.id", "<", options.before);
  const rows = await query.orderBy("d.id", "desc").limit(options.limit ?? 50).execute();
  return rows.map((r) => ({
    id: r.id, outboxId: r.outbox_id, subscriptionId: r.subscription_id, event: r.event, idempotencyKey: r.idempotency_key, attempt: r.attempt, at: r.at,
    statusCode: r.status_code, error: r.error, durationMs: r.duration_ms, status: r.status,
  }));
}

/** Outbox counts by status, for logs and tests. */
export async function outboxCounts(db: Kysely<Schema>): Promise<Record<string, number>> {
  const rows = await db.selectFrom("webhook_outbox").select(["status", sql<number>`count(*)`.as("n")]).groupBy("status").execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
