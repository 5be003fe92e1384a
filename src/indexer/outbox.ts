/**
 * The webhook outbox: a row per (subscriber, occurrence), written in the same transaction as the
 * rows that caused it, with an idempotency key unique per subscriber and occurrence. Indexing a
 * range again (after a crash, or a reorg that kept the transaction) adds nothing twice.
 */
import type { Transaction } from "kysely";
import type { Notification } from "./context.js";
import type { Schema } from "./schema.js";

export interface Subscription {
  id: string;
  url: string;
  secret: string;
  events: string[];
  from_block: number;
}

const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/** The body a subscriber receives for a notification. */
export function payloadOf(n: Notification, key: string, deployment: { chainId: number; token: string; mall: string }): Record<string, unknown> {
  return {
    id: key,
    event: n.event,
    chainId: deployment.chainId,
    token: deployment.token,
    mall: deployment.mall,
    block: n.block,
    blockTime: n.time,
    txHash: n.txHash,
    data: n.data,
  };
}

export async function writeOutbox(
  tx: Transaction<Schema>,
  notifications: readonly Notification[],
  subscriptions: readonly Subscription[],
  deployment: { chainId: number; token: string; mall: string },
): Promise<number> {
  const rows = [];
  for (const n of notifications) {
    for (const s of subscriptions) {
      if (!s.events.includes(n.event) || n.block < s.from_block) continue;
      const key = `${n.event}:${deployment.chainId}:${n.key}:${s.id}`;
      rows.push({ subscription_id: s.id, event: n.event, idempotency_key: key, payload: json(payloadOf(n, key, deployment)), block_number: n.block, status: "pending" });
    }
  }
  for (let i = 0; i < rows.length; i += 1_000) {
    await tx.insertInto("webhook_outbox").values(rows.slice(i, i + 1_000)).onConflict((c) => c.column("idempotency_key").doNothing()).execute();
  }
  return rows.length;
}
