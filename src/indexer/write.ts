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

/**
 * One column of `rows` as a PostgreSQL array literal ({1,"a",NULL}), sent as one text parameter
 * and cast to the column's array type. The drivers' own array serializers escape element by
 * element through generic code: at a million rows a column that was a visible share of the backfill.
 */
function arrayLiteral(rows: readonly Record<string, unknown>[], name: string): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![name];
    if (v === null || v === undefined) parts[i] = "NULL";
    else if (typeof v === "bigint" || typeof v === "number") parts[i] = String(v);
    else if (typeof v === "boolean") parts[i] = v ? "t" : "f";
    else {
      const text = typeof v === "string" ? v : JSON.stringify(v);
      parts[i] = NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPED, "\\$&")}"` : `"${text}"`;
    }
  }
  return `{${parts.join(",")}}`;
}
const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

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
    const arrays = names.map((name) => sql`${arrayLiteral(chunk, name)}::${sql.raw(columns[name]!)}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))}) select * from unnest(${sql.join(arrays)}) ${conflict}`.execute(db);
  }
}

export async function insertRows<T extends InsertTable>(db: Db, table: T, rows: readonly Record<string, unknown>[]): Promise<void> {
  await bulk(db, table, insertTables[table], rows);
}

/**
 * Writes the changed rows and deletes the removed ones, table by table: rows that did not exist
 * before the range (the range read them, or holds the table, so it knows) are plain inserts, the
 * others upserts. A bulk issuance makes thousands of new holders a range, and an insert that may
 * conflict costs PostgreSQL a speculative insertion per row.
 */
export async function writeChanges(db: Db, changes: readonly Change[]): Promise<void> {
  const byTable = new Map<MutableTable, { inserts: Record<string, unknown>[]; upserts: Record<string, unknown>[]; deletes: string[] }>();
  for (const c of changes) {
    let entry = byTable.get(c.table);
    if (entry === undefined) byTable.set(c.table, (entry = { inserts: [], upserts: [], deletes: [] }));
    if (c.after === null) entry.deletes.push(c.key);
    else if (c.before === null) entry.inserts.push(c.after);
    else entry.upserts.push(c.after);
  }
  for (const [table, { inserts, upserts, deletes }] of byTable) {
    const spec = mutableTables[table];
    const keyType = spec.columns[spec.key as keyof typeof spec.columns] as SqlType;
    if (deletes.length > 0) {
      await sql`delete from ${sql.table(table)} where ${sql.ref(spec.key)} = any(${deletes}::${sql.raw(keyType)}[])`.execute(db);
    }
    if (inserts.length > 0) await bulk(db, table, spec.columns, inserts);
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
