/**
 * What the writer needs to know of each indexed table: its columns with their SQL types (bulk
 * inserts pass one array a column through unnest), and for the mutable ones their key. `satisfies`
 * holds every list to the kysely types in schema.ts, so a column added to one is missed nowhere.
 */
import type { Row, Schema } from "./schema.js";

export type SqlType = "text" | "numeric" | "int4" | "int8" | "bool" | "jsonb";

type Columns<T extends keyof Schema> = { [C in keyof Row<T>]-?: SqlType };

/** A row as the indexer holds it in memory: JSON columns as their text. */
export type Stored<T extends keyof Schema> = { [C in keyof Row<T>]: unknown extends Row<T>[C] ? string : Row<T>[C] };

export const insertTables = {
  events: {
    block_number: "int8", log_index: "int4", block_time: "int8", tx_hash: "text", address: "text", contract: "text", name: "text", args: "jsonb",
  } satisfies Columns<"events">,
  movements: {
    account: "text", block_number: "int8", log_index: "int4", block_time: "int8", tx_hash: "text", kind: "text", points: "numeric",
    balance: "numeric", counterparty: "text", ref: "text", ref_text: "text", order_id: "numeric", batch: "bool", relayed: "bool",
  } satisfies Columns<"movements">,
  issuances: {
    block_number: "int8", log_index: "int4", block_time: "int8", tx_hash: "text", issuer: "text", merchant_id: "int4", amount: "numeric",
    recipients: "int4", recipient: "text", ref: "text", ref_text: "text", batch: "bool",
  } satisfies Columns<"issuances">,
  merchant_issuer_changes: { block_number: "int8", log_index: "int4", issuer: "text", merchant_id: "int4" } satisfies Columns<"merchant_issuer_changes">,
  order_events: {
    block_number: "int8", log_index: "int4", block_time: "int8", tx_hash: "text", order_id: "int8", merchant_id: "int4", status: "text",
    actor: "text", ref: "text", ref_text: "text", points: "numeric",
  } satisfies Columns<"order_events">,
  order_lines: {
    block_number: "int8", log_index: "int4", order_id: "int8", line: "int4", sku_id: "int4", qty: "int4", points_paid: "numeric",
  } satisfies Columns<"order_lines">,
  vouchers: {
    block_number: "int8", log_index: "int4", block_time: "int8", tx_hash: "text", issuer: "text", voucher_id: "numeric", recipient: "text",
    amount: "numeric", ref: "text", ref_text: "text", expiry: "numeric", generation: "numeric",
  } satisfies Columns<"vouchers">,
  alerts: { id: "text", kind: "text", block_number: "int8", block_time: "int8", details: "jsonb" } satisfies Columns<"alerts">,
} as const;

export type InsertTable = keyof typeof insertTables;

export const mutableTables = {
  holders: {
    key: "address",
    columns: { address: "text", balance: "numeric", movements: "int4", redeemed: "numeric", issuers: "text", first_block: "int8", last_block: "int8" } satisfies Columns<"holders">,
  },
  orders: {
    key: "id",
    columns: {
      id: "int8", buyer: "text", merchant_id: "int4", sku_id: "int4", qty: "int4", points_paid: "numeric", line_count: "int4", lines: "text",
      status: "text", placed_block: "int8",
      placed_time: "int8", placed_tx: "text", relayed: "bool", updated_block: "int8", updated_time: "int8", delivery_ref: "text", fulfiller: "text",
      reason: "text", canceller: "text", refunded: "numeric",
    } satisfies Columns<"orders">,
  },
  daily: {
    key: "day",
    columns: {
      day: "text", issued: "numeric", burned: "numeric", refunded: "numeric", transfers: "int4", transferred: "numeric", orders_placed: "int4",
      orders_fulfilled: "int4", orders_cancelled: "int4", events: "int4",
    } satisfies Columns<"daily">,
  },
  issuer_windows: {
    key: "id",
    columns: { id: "text", issuer: "text", window_start: "int8", issued: "numeric" } satisfies Columns<"issuer_windows">,
  },
  issuers: {
    key: "address",
    columns: {
      address: "text", issued: "numeric", issuances: "int4", quota: "numeric", role: "bool", redeemed_by_customers: "numeric", first_block: "int8",
      last_block: "int8",
    } satisfies Columns<"issuers">,
  },
  burners: { key: "address", columns: { address: "text", burned: "numeric", refunded: "numeric", finalized: "numeric" } satisfies Columns<"burners"> },
  purchases: {
    key: "id",
    columns: {
      id: "text", contract: "text", receipt: "text", receipt_text: "text", customer: "text", spend: "numeric", rule_id: "numeric", points: "numeric",
      release_at: "numeric", released: "bool", returned_spend: "numeric", cancelled: "numeric", taken_back: "numeric", owed: "numeric",
      block_number: "int8", log_index: "int4", block_time: "int8", tx_hash: "text", updated_block: "int8",
    } satisfies Columns<"purchases">,
  },
  merchants: {
    key: "id",
    columns: { id: "int4", name: "text", admin: "text", block_number: "int8", issued: "numeric", redeemed: "numeric", orders: "int4" } satisfies Columns<"merchants">,
  },
  merchant_issuers: { key: "issuer", columns: { issuer: "text", merchant_id: "int4", block_number: "int8" } satisfies Columns<"merchant_issuers"> },
  categories: {
    key: "id",
    columns: { id: "int4", merchant_id: "int4", name: "text", retired: "bool", block_number: "int8" } satisfies Columns<"categories">,
  },
  skus: {
    key: "id",
    columns: {
      id: "int4", merchant_id: "int4", category_id: "int4", price: "numeric", stock: "numeric", sold: "numeric", supplied: "numeric",
      unlimited: "bool", per_wallet_limit: "numeric", sale_start: "numeric", sale_end: "numeric", active: "bool", metadata_uri: "text",
      name: "text", orders: "int4", points_redeemed: "numeric", block_number: "int8", updated_block: "int8",
    } satisfies Columns<"skus">,
  },
  roles: {
    key: "id",
    columns: { id: "text", contract: "text", role: "text", account: "text", block_number: "int8", granted_by: "text" } satisfies Columns<"roles">,
  },
  rules: {
    key: "id",
    columns: {
      id: "text", contract: "text", rule_id: "numeric", version: "numeric", params: "jsonb", effective_at: "numeric", retired_at: "numeric",
      block_number: "int8", updated_block: "int8",
    } satisfies Columns<"rules">,
  },
  contracts: { key: "address", columns: { address: "text", kind: "text", found_block: "int8" } satisfies Columns<"contracts"> },
  lots: {
    key: "id",
    columns: { id: "text", account: "text", epoch: "int8", points: "numeric", warned: "bool" } satisfies Columns<"lots">,
  },
  epochs: {
    key: "epoch",
    columns: { epoch: "int8", issued: "numeric", refunded: "numeric", burned: "numeric", held: "numeric" } satisfies Columns<"epochs">,
  },
  totals: {
    key: "scope",
    columns: {
      scope: "text", supply: "numeric", sum_of_balances: "numeric", holders: "int4", negative_balances: "int4", issued: "numeric",
      burned: "numeric", refunded: "numeric", finalized: "numeric", transfers: "int8", events: "int8", orders: "int4", open_orders: "int4",
      open_order_points: "numeric", paused: "bool",
    } satisfies Columns<"totals">,
  },
} as const;

export type MutableTable = keyof typeof mutableTables;

/** Mutable tables read per range by key (they grow with the chain); the others stay in memory. */
export const PREFETCHED: readonly MutableTable[] = ["holders", "orders", "daily", "issuer_windows", "purchases", "lots"];

export type KeyOf<T extends MutableTable> = (typeof mutableTables)[T]["key"];
