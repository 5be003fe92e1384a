-- The ledger's tables (conventions in ../migrations.ts).
create table indexer_state (
  id smallint primary key check (id = 1),
  chain_id bigint not null,
  token text not null,
  mall text not null,
  forwarder text,
  from_block bigint not null,
  genesis_hash text not null,
  anchor_hash text not null,
  indexed_block bigint not null,
  indexed_hash text not null,
  chain_head bigint not null,
  confirmations integer not null,
  head_seen_at timestamptz not null default now(),
  rebuilds integer not null default 0,
  checked_block bigint,
  checked_ok boolean,
  checked_supply numeric(78,0),
  checked_reserve numeric(78,0),
  supply_cap numeric(78,0) not null default 0,
  checked_differences jsonb not null default '[]',
  last_error text,
  updated_at timestamptz not null default now()
);

create table blocks (
  number bigint primary key,
  hash text not null,
  timestamp bigint not null
);

create table contracts (
  address text primary key,
  kind text not null,
  found_block bigint
);

create table undo_log (
  seq bigserial primary key,
  range_start bigint not null,
  range_end bigint not null,
  tbl text not null,
  key text not null,
  prev jsonb
);
create index undo_log_range on undo_log (range_end);

create table events (
  block_number bigint not null,
  log_index integer not null,
  block_time bigint not null,
  tx_hash text not null,
  address text not null,
  contract text not null,
  name text not null,
  args jsonb not null,
  primary key (block_number, log_index)
);
create index events_tx on events (tx_hash);

create table movements (
  account text not null,
  block_number bigint not null,
  log_index integer not null,
  block_time bigint not null,
  tx_hash text not null,
  kind text not null,
  points numeric(78,0) not null,
  balance numeric(78,0) not null,
  counterparty text not null,
  ref text not null,
  ref_text text not null,
  order_id numeric(78,0),
  batch boolean not null,
  relayed boolean not null,
  primary key (account, block_number, log_index)
);
create index movements_block on movements (block_number, log_index);

create table holders (
  address text primary key,
  balance numeric(78,0) not null,
  movements integer not null,
  redeemed numeric(78,0) not null,
  issuers text not null,
  first_block bigint not null,
  last_block bigint not null
);
create index holders_balance on holders (balance desc, address);

create table issuances (
  block_number bigint not null,
  log_index integer not null,
  block_time bigint not null,
  tx_hash text not null,
  issuer text not null,
  merchant_id integer not null,
  amount numeric(78,0) not null,
  recipients integer not null,
  recipient text,
  ref text not null,
  ref_text text not null,
  batch boolean not null,
  primary key (block_number, log_index)
);
create index issuances_issuer on issuances (issuer, block_number);
create index issuances_ref on issuances (lower(ref_text) text_pattern_ops);

create table issuers (
  address text primary key,
  issued numeric(78,0) not null,
  issuances integer not null,
  quota numeric(78,0) not null,
  role boolean not null,
  redeemed_by_customers numeric(78,0) not null,
  first_block bigint not null,
  last_block bigint not null
);

create table burners (
  address text primary key,
  burned numeric(78,0) not null,
  refunded numeric(78,0) not null,
  finalized numeric(78,0) not null
);

create table issuer_windows (
  id text primary key,
  issuer text not null,
  window_start bigint not null,
  issued numeric(78,0) not null
);

create table merchants (
  id integer primary key,
  name text not null,
  admin text not null,
  block_number bigint not null,
  issued numeric(78,0) not null,
  redeemed numeric(78,0) not null,
  orders integer not null
);

create table merchant_issuers (
  issuer text primary key,
  merchant_id integer not null,
  block_number bigint not null
);

create table merchant_issuer_changes (
  block_number bigint not null,
  log_index integer not null,
  issuer text not null,
  merchant_id integer not null,
  primary key (block_number, log_index)
);

create table categories (
  id integer primary key,
  merchant_id integer not null,
  name text not null,
  retired boolean not null,
  block_number bigint not null
);

create table skus (
  id integer primary key,
  merchant_id integer not null,
  category_id integer not null,
  price numeric(78,0) not null,
  stock numeric(78,0) not null,
  sold numeric(78,0) not null,
  supplied numeric(78,0) not null,
  unlimited boolean not null,
  per_wallet_limit numeric(78,0) not null,
  sale_start numeric(78,0) not null,
  sale_end numeric(78,0) not null,
  active boolean not null,
  metadata_uri text not null,
  name text,
  orders integer not null,
  points_redeemed numeric(78,0) not null,
  block_number bigint not null,
  updated_block bigint not null
);

create table orders (
  id bigint primary key,
  buyer text not null,
  merchant_id integer not null,
  sku_id integer not null,
  qty integer not null,
  points_paid numeric(78,0) not null,
  line_count integer not null,
  lines text not null,
  status text not null,
  placed_block bigint not null,
  placed_time bigint not null,
  placed_tx text not null,
  relayed boolean not null,
  updated_block bigint not null,
  updated_time bigint not null,
  delivery_ref text,
  fulfiller text,
  reason text,
  canceller text,
  refunded numeric(78,0) not null
);
create index orders_buyer on orders (buyer, id);
create index orders_merchant on orders (merchant_id, status, id);
create index orders_status on orders (status, id);

create table order_events (
  block_number bigint not null,
  log_index integer not null,
  block_time bigint not null,
  tx_hash text not null,
  order_id bigint not null,
  merchant_id integer not null,
  status text not null,
  actor text not null,
  ref text,
  ref_text text,
  points numeric(78,0) not null,
  primary key (block_number, log_index)
);
create table order_lines (
  block_number bigint not null,
  log_index integer not null,
  order_id bigint not null,
  line integer not null,
  sku_id integer not null,
  qty integer not null,
  points_paid numeric(78,0) not null,
  primary key (block_number, log_index)
);
create index order_lines_order on order_lines (order_id, line);
create index order_lines_sku on order_lines (sku_id, block_number);

create index order_events_order on order_events (order_id, block_number, log_index);
create index order_events_merchant on order_events (block_number, merchant_id);
create index order_events_ref on order_events (lower(ref_text) text_pattern_ops);

create table roles (
  id text primary key,
  contract text not null,
  role text not null,
  account text not null,
  block_number bigint not null,
  granted_by text not null
);
create index roles_contract on roles (contract, role, account);
create index roles_account on roles (account);

create table rules (
  id text primary key,
  contract text not null,
  rule_id numeric(78,0) not null,
  version numeric(78,0) not null,
  params jsonb not null,
  effective_at numeric(78,0) not null,
  retired_at numeric(78,0),
  block_number bigint not null,
  updated_block bigint not null
);

create table purchases (
  id text primary key,
  contract text not null,
  receipt text not null,
  receipt_text text not null,
  customer text not null,
  spend numeric(78,0) not null,
  rule_id numeric(78,0) not null,
  points numeric(78,0) not null,
  release_at numeric(78,0) not null,
  released boolean not null,
  returned_spend numeric(78,0) not null,
  cancelled numeric(78,0) not null,
  taken_back numeric(78,0) not null,
  owed numeric(78,0) not null,
  block_number bigint not null,
  log_index integer not null,
  block_time bigint not null,
  tx_hash text not null,
  updated_block bigint not null
);
create index purchases_customer on purchases (customer, block_number);
create index purchases_block on purchases (block_number, log_index);

create table vouchers (
  block_number bigint not null,
  log_index integer not null,
  block_time bigint not null,
  tx_hash text not null,
  issuer text not null,
  voucher_id numeric(78,0) not null,
  recipient text not null,
  amount numeric(78,0) not null,
  ref text not null,
  ref_text text not null,
  expiry numeric(78,0) not null,
  generation numeric(78,0) not null,
  primary key (block_number, log_index)
);
create index vouchers_issuer on vouchers (issuer, voucher_id);

create table daily (
  day text primary key,
  issued numeric(78,0) not null,
  burned numeric(78,0) not null,
  refunded numeric(78,0) not null,
  transfers integer not null,
  transferred numeric(78,0) not null,
  orders_placed integer not null,
  orders_fulfilled integer not null,
  orders_cancelled integer not null,
  events integer not null
);

create table totals (
  scope text primary key,
  supply numeric(78,0) not null,
  sum_of_balances numeric(78,0) not null,
  holders integer not null,
  negative_balances integer not null,
  issued numeric(78,0) not null,
  burned numeric(78,0) not null,
  refunded numeric(78,0) not null,
  finalized numeric(78,0) not null,
  transfers bigint not null,
  events bigint not null,
  orders integer not null,
  open_orders integer not null,
  open_order_points numeric(78,0) not null,
  paused boolean not null
);

create table checks (
  block_number bigint primary key,
  checked_at timestamptz not null default now(),
  chain_supply numeric(78,0),
  differences jsonb not null
);

create table alerts (
  id text primary key,
  kind text not null,
  block_number bigint not null,
  block_time bigint not null,
  details jsonb not null
);
create index alerts_block on alerts (block_number);

create table webhook_subscriptions (
  id text primary key,
  url text not null,
  secret text not null,
  events text[] not null,
  from_block bigint not null,
  created_at timestamptz not null default now()
);

create table webhook_outbox (
  id bigserial primary key,
  subscription_id text not null,
  event text not null,
  idempotency_key text not null unique,
  payload jsonb not null,
  block_number bigint not null,
  status text not null,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index webhook_outbox_due on webhook_outbox (status, next_attempt_at);
create index webhook_outbox_block on webhook_outbox (block_number);

create table webhook_deliveries (
  id bigserial primary key,
  outbox_id bigint not null,
  subscription_id text not null,
  attempt integer not null,
  at timestamptz not null default now(),
  status_code integer,
  error text,
  duration_ms integer not null
);
create index webhook_deliveries_subscription on webhook_deliveries (subscription_id, id);
