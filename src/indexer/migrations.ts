/**
 * The ledger database's schema, as versioned migrations kept in code and applied at start
 * (kysely's Migrator). Plain SQL that PostgreSQL 15 and PGlite (PostgreSQL 18) both run.
 *
 * Conventions: amounts are NUMERIC(78,0) (any uint256) and come back as bigint; block numbers
 * and times are BIGINT and come back as number; addresses are checksummed text; bytes32 values
 * are 0x-hex text, with a readable form beside them where people search by it.
 *
 * Tables with a `block_number` and no primary key of their own are insert-only: a rollback deletes
 * their rows above a block. The others are the mutable state; the indexer snapshots their rows
 * into `undo_log` before a range near the chain head changes them, so a reorg restores them
 * exactly (src/indexer/rollback.ts).
 */
import { readFileSync } from "node:fs";
import { sql, type Kysely } from "kysely";
import type { Migration, MigrationProvider } from "kysely/migration";
import { deliveryMigration } from "./schema-delivery.js";
import { relayLimitsMigration } from "./schema-relay.js";

/** A script kept beside this module as plain SQL (sql/NNNN_name.sql), so SQL tools can read it. */
const script = (name: string) => readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), "utf8");

/** Runs a script of statements separated by semicolons at line ends (no semicolons inside). */
async function run(db: Kysely<unknown>, text: string): Promise<void> {
  const withoutComments = text.replace(/^--.*$/gm, "");
  for (const statement of withoutComments.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s !== "")) {
    await sql.raw(statement).execute(db);
  }
}

/** Every migration, by name; names sort in the order they apply. Never edit one that shipped. */
export const migrations: Record<string, Migration> = {
  "0001_ledger": { up: (db) => run(db, script("0001_ledger")) },
  "0002_relay_limits": { up: (db) => run(db, relayLimitsMigration) },
  "0003_delivery": { up: (db) => run(db, deliveryMigration) },
  "0004_expiry": { up: (db) => run(db, script("0004_expiry")) },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** The tables that hold indexed data, in an order that a rebuild may empty them in. */
export const INDEXED_TABLES = [
  "events",
  "movements",
  "holders",
  "issuances",
  "issuers",
  "burners",
  "issuer_windows",
  "merchants",
  "merchant_issuers",
  "merchant_issuer_changes",
  "categories",
  "skus",
  "orders",
  "order_events",
  "order_lines",
  "roles",
  "rules",
  "purchases",
  "vouchers",
  "daily",
  "totals",
  "checks",
  "alerts",
  "blocks",
  "undo_log",
  "contracts",
  "lots",
  "epochs",
] as const;
