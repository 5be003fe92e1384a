/**
 * Delivery details and their readers' sessions (migration 0003_delivery). Not indexed data: the
 * buyer wrote them through the API (src/api/delivery/); they never go on chain. A rebuild of the
 * index erases the details, since the orders after it may be another chain's (rollback.ts).
 */
import type { ColumnType } from "kysely";

type Time = ColumnType<Date, Date | string | undefined, Date | string>;

/** One row per order: the latest details the buyer signed, or a tombstone after they deleted them. */
export interface DeliveryDetailsTable {
  order_id: number;
  buyer: string;
  merchant_id: number;
  /** Null after the buyer deleted them: the row stays for its issued_at (replay protection). */
  name: string | null;
  address: string | null;
  phone: string | null;
  /** The signed request's time (ms since 1970); only a later one replaces or deletes the row. */
  issued_at_ms: number;
  updated_at: Time;
  deleted_at: Date | null;
}

/** A Sign-In with Ethereum nonce the server gave out, usable once until it expires. */
export interface SiweNoncesTable {
  nonce: string;
  expires_at_ms: number;
}

/** A session of a signed-in address: only the SHA-256 of its bearer token is kept. */
export interface DeliverySessionsTable {
  token_hash: string;
  address: string;
  expires_at_ms: number;
  created_at: Time;
}

export interface DeliveryTables {
  delivery_details: DeliveryDetailsTable;
  siwe_nonces: SiweNoncesTable;
  delivery_sessions: DeliverySessionsTable;
}

export const deliveryMigration = `
create table delivery_details (
  order_id bigint primary key,
  buyer text not null,
  merchant_id integer not null,
  name text,
  address text,
  phone text,
  issued_at_ms bigint not null,
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create table siwe_nonces (
  nonce text primary key,
  expires_at_ms bigint not null
);
create index siwe_nonces_expiry on siwe_nonces (expires_at_ms);
create table delivery_sessions (
  token_hash text primary key,
  address text not null,
  expires_at_ms bigint not null,
  created_at timestamptz not null default now()
);
create index delivery_sessions_expiry on delivery_sessions (expires_at_ms)
`;
