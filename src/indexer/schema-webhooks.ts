/** Webhook subscribers, the outbox of what each is owed, and the log of every delivery attempt. */
import type { ColumnType, Generated } from "kysely";

type Json = ColumnType<unknown, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  secret: string;
  events: string[];
  from_block: number;
  created_at: Timestamp;
}

export interface WebhookOutboxTable {
  id: Generated<number>;
  subscription_id: string;
  event: string;
  idempotency_key: string;
  payload: Json;
  block_number: number;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Date | null;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  outbox_id: number;
  subscription_id: string;
  attempt: number;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface WebhookTables {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_outbox: WebhookOutboxTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
