/** The mall as the ledger keeps it: merchants and their issuers, categories, SKUs, orders and their lines and events. */
import type { Amount } from "./schema.js";

export interface MerchantsTable {
  id: number;
  name: string;
  admin: string;
  block_number: number;
  issued: Amount;
  redeemed: Amount;
  orders: number;
}

export interface MerchantIssuersTable {
  issuer: string;
  merchant_id: number;
  block_number: number;
}

export interface MerchantIssuerChangesTable {
  block_number: number;
  log_index: number;
  issuer: string;
  merchant_id: number;
}

export interface CategoriesTable {
  id: number;
  merchant_id: number;
  name: string;
  retired: boolean;
  block_number: number;
}

export interface SkusTable {
  id: number;
  merchant_id: number;
  category_id: number;
  price: Amount;
  stock: Amount;
  sold: Amount;
  supplied: Amount;
  unlimited: boolean;
  per_wallet_limit: Amount;
  sale_start: Amount;
  sale_end: Amount;
  active: boolean;
  metadata_uri: string;
  name: string | null;
  orders: number;
  points_redeemed: Amount;
  block_number: number;
  updated_block: number;
}

export interface OrdersTable {
  id: number;
  buyer: string;
  merchant_id: number;
  /** An order of one SKU: its SKU and quantity; a cart's order: 0 and 0 (its lines in `lines`). */
  sku_id: number;
  qty: number;
  points_paid: Amount;
  line_count: number;
  /** Its lines, "sku:qty:points" joined by ";" (what a cancellation gives back). */
  lines: string;
  status: string;
  placed_block: number;
  placed_time: number;
  placed_tx: string;
  relayed: boolean;
  updated_block: number;
  updated_time: number;
  delivery_ref: string | null;
  fulfiller: string | null;
  reason: string | null;
  canceller: string | null;
  refunded: Amount;
}

export interface OrderEventsTable {
  block_number: number;
  log_index: number;
  block_time: number;
  tx_hash: string;
  order_id: number;
  merchant_id: number;
  status: string;
  actor: string;
  ref: string | null;
  ref_text: string | null;
  points: Amount;
}

export interface OrderLinesTable {
  block_number: number;
  log_index: number;
  order_id: number;
  line: number;
  sku_id: number;
  qty: number;
  points_paid: Amount;
}

export interface MallTables {
  merchants: MerchantsTable;
  merchant_issuers: MerchantIssuersTable;
  merchant_issuer_changes: MerchantIssuerChangesTable;
  categories: CategoriesTable;
  skus: SkusTable;
  orders: OrdersTable;
  order_events: OrderEventsTable;
  order_lines: OrderLinesTable;
}
