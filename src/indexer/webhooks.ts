/**
 * Delivers the webhook outbox: each due row (confirmed: buried under the chain's confirmations)
 * is POSTed to its subscriber, signed with HMAC-SHA256 of "<timestamp>.<body>" under the
 * subscriber's secret (header x-points-signature: t=<unix seconds>,v1=<hex>), with its
 * idempotency key. A 2xx marks it delivered; anything else is logged and retried with exponential
 * backoff, up to `maxAttempts`, then marked failed. Receivers should drop a key seen before: a
 * crash between their answer and our write can repeat a delivery, never skip one.
 */
import { createHmac } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Logger } from "./log.js";
import { sleep } from "./rpc.js";
import type { Schema } from "./schema.js";

export interface DelivererOptions {
  db: Kysely<Schema>;
  log: Logger;
  timeoutMs?: number;
  maxAttempts?: number;
  /** The first retry waits this long; each next one twice as long, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
}

/** The signature header of `body` sent at `timestamp` under `secret`. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Checks a signature header as a receiver does; `toleranceSeconds` bounds replays. */
export function verifySignature(secret: string, header: string, body: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || typeof parts.v1 !== "string") return false;
  return signatureHeader(secret, t, body) === header;
}

export class WebhookDeliverer {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  constructor(private readonly o: DelivererOptions) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const sent = await this.deliverDue();
        if (sent === 0) await sleep(this.o.pollMs ?? 500, this.abort.signal);
      } catch (error) {
        this.o.log.error("webhook delivery failed; trying again", { error: error as Error });
        await sleep(5_000, this.abort.signal);
      }
    }
  }

  /** Sends the rows due now; returns how many were tried. */
  async deliverDue(limit = 20): Promise<number> {
    const { db } = this.o;
    const state = await db.selectFrom("indexer_state").select(["chain_head", "confirmations"]).executeTakeFirst();
    if (state === undefined) return 0;
    const due = await db
      .selectFrom("webhook_outbox as o")
      .innerJoin("webhook_subscriptions as s", "s.id", "o.subscription_id")
      .select(["o.id", "o.event", "o.idempotency_key", "o.payload", "o.attempts", "o.subscription_id", "s.url", "s.secret"])
      .where("o.status", "=", "pending")
      .where("o.next_attempt_at", "<=", sql<Date>`now()`)
      .where("o.block_number", "<=", state.chain_head - state.confirmations)
      .orderBy("o.id")
      .limit(limit)
      .execute();
    for (const row of due) {
      if (this.abort.signal.aborted) break;
      await this.deliver(row);
    }
    return due.length;
  }

  private async deliver(row: { id: number; event: string; idempotency_key: string; payload: unknown; attempts: number; subscription_id: string; url: string; secret: string }): Promise<void> {
    const body = JSON.stringify(row.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const attempt = row.attempts + 1;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(row.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "points-mall-webhooks/1",
          "idempotency-key": row.idempotency_key,
          "x-points-event": row.event,
          "x-points-delivery": String(row.id),
          "x-points-attempt": String(attempt),
          "x-points-signature": signatureHeader(row.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      statusCode = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      error = err.cause?.code ?? err.message;
    }
    const ms = Date.now() - started;
    const ok = error === null;
    const max = this.o.maxAttempts ?? 12;
    const delay = Math.min((this.o.baseDelayMs ?? 1_000) * 2 ** (attempt - 1), this.o.maxDelayMs ?? 3_600_000);
    await this.o.db.transaction().execute(async (tx) => {
      await tx.insertInto("webhook_deliveries").values({ outbox_id: row.id, subscription_id: row.subscription_id, attempt, status_code: statusCode, error, duration_ms: ms }).execute();
      await tx
        .updateTable("webhook_outbox")
        .set({
          attempts: attempt,
          status: ok ? "delivered" : attempt >= max ? "failed" : "pending",
          last_error: error,
          delivered_at: ok ? sql<Date>`now()` : null,
          next_attempt_at: sql<Date>`now() + ${`${delay} milliseconds`}::interval`,
        })
        .where("id", "=", row.id)
        .execute();
    });
    if (ok) this.o.log.debug("webhook delivered", { id: row.id, event: row.event, url: row.url, attempt, ms });
    else this.o.log.warn(attempt >= max ? "webhook failed for good" : "webhook delivery failed; will retry", { id: row.id, event: row.event, url: row.url, attempt, error, retryInMs: attempt >= max ? null : delay });
  }
}
