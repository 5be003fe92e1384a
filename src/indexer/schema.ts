/**
 * The ledger database's tables as kysely types (see migrations.ts for the SQL). Amounts are
 * NUMERIC and read back as bigint; block numbers and times are BIGINT and read back as number
 * (database.ts installs both parsers, on PGlite and on PostgreSQL).
 */
import type { ColumnType, Generated, Selectable } from "kysely";
import type { RelayLimitTables } from "./schema-relay.js";
import type { DeliveryTables } from "./schema-delivery.js";
import type { ExpiryTables } from "./schema-expiry.js";
import type { MallTables } from "./schema-mall.js";
import type { WebhookTables } from "./schema-webhooks.js";

/** A NUMERIC(78,0): bigint out, bigint or decimal string in. */
export type Amount = ColumnType<bigint, bigint | string, bigint | string>;
type Json = ColumnType<unknown, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface IndexerStateTable {
  id: number;
  chain_id: number;
  token: string;
  mall: string;
  forwarder: string | null;
  from_block: number;
  genesis_hash: string;
  anchor_hash: string;
  indexed_block: number;
  indexed_hash: string;
  chain_head: number;
  /** Rows in the last this many blocks are unconfirmed. */
  confirmations: number;
  head_seen_at: Timestamp;
  rebuilds: number;
  checked_block: number | null;
  checked_ok: boolean | null;
  checked_supply: Amount | null;
  /** The token's refund reserve at the last check, where the chain was read. */
  checked_reserve: Amount | null;
  /** The token's supply cap (0: none), read at start. */
  supply_cap: Generated<bigint>;
  checked_differences: Json;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface BlocksTable {
  number: number;
  hash: string;
  timestamp: number;
}

export interface ContractsTable {
  address: string;
  kind: string;
  found_block: number | null;
}

export interface UndoLogTable {
  seq: Generated<number>;
  range_start: number;
  range_end: number;
  tbl: string;
  key: string;
  prev: Json | null;
}

export interface EventsTable {
  block_number: number;
  log_index: number;
  block_time: number;
  tx_hash: string;
  address: string;
  contract: string;
  name: string;
  args: Json;
}

export interface MovementsTable {
  account: string;
  block_number: number;
  log_index: number;
  block_time: number;
  tx_hash: string;
  kind: string;
  points: Amount;
  balance: Amount;
  counterparty: string;
  ref: string;
  ref_text: string;
  order_id: Amount | null;
  batch: boolean;
  relayed: boolean;
}

export interface HoldersTable {
  address: string;
  balance: Amount;
  movements: number;
  /** Points this holder redeemed, net of refunds. */
  redeemed: Amount;
  /** The issuers that ever issued to it, comma-separated (most have one). */
  issuers: string;
  first_block: number;
  last_block: number;
}

export interface IssuancesTable {
  block_number: number;
  log_index: number;
  block_time: number;
  tx_hash: string;
  issuer: string;
  merchant_id: number;
  amount: Amount;
  recipients: number;
  recipient: string | null;
  ref: string;
  ref_text: string;
  batch: boolean;
}

export interface IssuersTable {
  address: string;
  issued: Amount;
  issuances: number;
  quota: Amount;
  role: boolean;
  redeemed_by_customers: Amount;
  first_block: number;
  last_block: number;
}

export interface BurnersTable {
  address: string;
  burned: Amount;
  refunded: Amount;
  /** Burned points whose refund right ended (fulfilled orders). */
  finalized: Amount;
}

export interface IssuerWindowsTable {
  id: string;
  issuer: string;
  window_start: number;
  issued: Amount;
}

export interface RolesTable {
  id: string;
  contract: string;
  role: string;
  account: string;
  block_number: number;
  granted_by: string;
}

export interface RulesTable {
  id: string;
  contract: string;
  rule_id: Amount;
  /** The latest version scheduled, and when it takes effect. */
  version: Amount;
  params: Json;
  effective_at: Amount;
  retired_at: Amount | null;
  block_number: number;
  updated_block: number;
}

export interface PurchasesTable {
  id: string;
  contract: string;
  receipt: string;
  receipt_text: string;
  customer: string;
  spend: Amount;
  rule_id: Amount;
  points: Amount;
  release_at: Amount;
  released: boolean;
  returned_spend: Amount;
  cancelled: Amount;
  taken_back: Amount;
  owed: Amount;
  block_number: number;
  log_index: number;
  block_time: number;
  tx_hash: string;
  updated_block: number;
}

export interface VouchersTable {
  block_number: number;
  log_index: number;
  block_time: number;
  tx_hash: string;
  issuer: string;
  voucher_id: Amount;
  recipient: string;
  amount: Amount;
  ref: string;
  ref_text: string;
  expiry: Amount;
  generation: Amount;
}

export interface DailyTable {
  day: string;
  issued: Amount;
  burned: Amount;
  refunded: Amount;
  transfers: number;
  transferred: Amount;
  orders_placed: number;
  orders_fulfilled: number;
  orders_cancelled: number;
  events: number;
}

export interface TotalsTable {
  scope: string;
  supply: Amount;
  sum_of_balances: Amount;
  holders: number;
  negative_balances: number;
  issued: Amount;
  burned: Amount;
  refunded: Amount;
  finalized: Amount;
  transfers: number;
  events: number;
  orders: number;
  open_orders: number;
  open_order_points: Amount;
  paused: boolean;
}

export interface ChecksTable {
  block_number: number;
  checked_at: Timestamp;
  chain_supply: Amount | null;
  differences: Json;
}

export interface AlertsTable {
  id: string;
  kind: string;
  block_number: number;
  block_time: number;
  details: Json;
}

export interface Schema extends MallTables, RelayLimitTables, DeliveryTables, ExpiryTables, WebhookTables {
  indexer_state: IndexerStateTable;
  blocks: BlocksTable;
  contracts: ContractsTable;
  undo_log: UndoLogTable;
  events: EventsTable;
  movements: MovementsTable;
  holders: HoldersTable;
  issuances: IssuancesTable;
  issuers: IssuersTable;
  burners: BurnersTable;
  issuer_windows: IssuerWindowsTable;
  roles: RolesTable;
  rules: RulesTable;
  purchases: PurchasesTable;
  vouchers: VouchersTable;
  daily: DailyTable;
  totals: TotalsTable;
  checks: ChecksTable;
  alerts: AlertsTable;
}

export type Row<T extends keyof Schema> = Selectable<Schema[T]>;
