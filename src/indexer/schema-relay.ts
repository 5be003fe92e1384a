/**
 * The relay's tables in the ledger database (migration 0002_relay_limits): the rate limits and
 * spend caps of every relay process that shares the database (src/relay/dbLimits.ts).
 */
import type { ColumnType, Generated } from "kysely";

type Amount = ColumnType<bigint, bigint | string, bigint | string>;

/** One row per (store, key): the row a `take` locks, so that takes of one key run one at a time. */
export interface RelayLimitKeysTable {
  store: string;
  key: string;
}

/** What a key took, when (ms since 1970) and how much (requests: 1; spending: wei). */
export interface RelayLimitEntriesTable {
  id: Generated<number>;
  store: string;
  key: string;
  at_ms: number;
  amount: Amount;
}

export interface RelayLimitTables {
  relay_limit_keys: RelayLimitKeysTable;
  relay_limit_entries: RelayLimitEntriesTable;
}

export const relayLimitsMigration = `
create table relay_limit_keys (
  store text not null,
  key text not null,
  primary key (store, key)
);
create table relay_limit_entries (
  id bigserial primary key,
  store text not null,
  key text not null,
  at_ms bigint not null,
  amount numeric(78,0) not null
);
create index relay_limit_entries_key on relay_limit_entries (store, key, at_ms);
create index relay_limit_entries_at on relay_limit_entries (at_ms)
`;
