/**
 * Writes an applied range in one transaction: insert-only rows, changed and removed state rows,
 * the undo images of those rows (near the chain head), the blocks, and the cursor, all or nothing.
 * Rows go in as one array per column through unnest, thousands a statement: row-at-a-time
 * inserts cannot keep up with a chain's history on PGlite.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Change } from "./store.js";
import type { Schema } from "./schema.js";
import { insertTables, mutableTables, type InsertTable, type MutableTable, type SqlType } from "./tables.js";

const CHUNK = 5_000;

type Db = Kysely<Schema> | Transaction<Schema>;

function cell(value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** INSERT ... SELECT * FROM unnest(col1[], col2[], ...) for `rows`, `CHUNK` rows a statement. */
async function bulk(
  db: Db,
  table: string,
  columns: Record<string, SqlType>,
  rows: readonly Record<string, unknown>[],
  conflict: RawBuilder<unknown> = sql``,
): Promise<void> {
  const names = Object.keys(columns);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const arrays = names.map((name) => sql`${chunk.map((r) => cell(r[name]))}::${sql.raw(columns[name]!)}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))}) select * from unnest(${sql.join(arrays)}) ${conflict}`.execute(db);
  }
}

export async function insertRows<T extends InsertTable>(db: Db, table: T, rows: readonly Record<string, unknown>[]): Promise<void> {
  await bulk(db, table, insertTables[table], rows);
}

/** Upserts the changed rows and deletes the removed ones, table by table. */
export async function writeChanges(db: Db, changes: readonly Change[]): Promise<void> {
  const byTable = new Map<MutableTable, { upserts: Record<string, unknown>[]; deletes: string[] }>();
  for (const c of changes) {
    let entry = byTable.get(c.table);
    if (entry === undefined) byTable.set(c.table, (entry = { upserts: [], deletes: [] }));
    if (c.after === null) entry.deletes.push(c.key);
    else entry.upserts.push(c.after);
  }
  for (const [table, { upserts, deletes }] of byTable) {
    const spec = mutableTables[table];
    const keyType = spec.columns[spec.key as keyof typeof spec.columns] as SqlType;
    if (deletes.length > 0) {
      await sql`delete from ${sql.table(table)} where ${sql.ref(spec.key)} = any(${deletes}::${sql.raw(keyType)}[])`.execute(db);
    }
    if (upserts.length > 0) {
      const others = Object.keys(spec.columns).filter((c) => c !== spec.key);
      const conflict = sql`on conflict (${sql.ref(spec.key)}) do update set ${sql.join(others.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`;
      await bulk(db, table, spec.columns, upserts, conflict);
    }
  }
}

const json = (row: unknown) => JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/** A row's image for the undo log: JSON columns as JSON values, not as the text the indexer holds. */
function image(table: MutableTable, row: Record<string, unknown>): string {
  return json(table === "rules" ? { ...row, params: JSON.parse(String(row.params)) as unknown } : row);
}

/**
 * The undo images of a range: one row per changed state row with its value before the range
 * (null: it did not exist), plus a marker row so that a range which changed nothing still says
 * it can be undone.
 */
export async function writeUndo(db: Db, range: { start: number; end: number }, changes: readonly Change[]): Promise<void> {
  const rows: Record<string, unknown>[] = [{ range_start: range.start, range_end: range.end, tbl: "range", key: "", prev: null }];
  for (const c of changes) {
    rows.push({ range_start: range.start, range_end: range.end, tbl: c.table, key: c.key, prev: c.before === null ? null : image(c.table, c.before) });
  }
  await bulk(db, "undo_log", { range_start: "int8", range_end: "int8", tbl: "text", key: "text", prev: "jsonb" }, rows);
}

/** Records block hashes and times (event blocks and range ends), replacing what a block had. */
export async function writeBlocks(db: Db, blocks: readonly { number: number; hash: string; timestamp: number }[]): Promise<void> {
  const conflict = sql`on conflict (number) do update set hash = excluded.hash, timestamp = excluded.timestamp`;
  await bulk(db, "blocks", { number: "int8", hash: "text", timestamp: "int8" }, blocks, conflict);
}
