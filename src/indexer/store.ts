/**
 * The mutable state while one block range is applied. Small tables (merchants, SKUs, issuers,
 * roles, ...) live in memory between ranges; the large ones (holders, orders, days, issuance
 * windows) are read per range for exactly the keys its events touch. Handlers edit copies; the
 * first edit of a row keeps its image from before the range, which is what the undo log stores
 * and what a failed transaction falls back to.
 */
import { sql, type Kysely } from "kysely";
import type { Schema } from "./schema.js";
import { mutableTables, PREFETCHED, type MutableTable, type Stored } from "./tables.js";

type RowOf<T extends MutableTable> = Stored<T>;

/** One row changed by a range: its image before (null: it did not exist) and after (null: removed). */
export interface Change<T extends MutableTable = MutableTable> {
  table: T;
  key: string;
  before: RowOf<T> | null;
  after: RowOf<T> | null;
}

const JSON_COLUMNS: Partial<Record<MutableTable, string[]>> = { rules: ["params"] };

/** A row from the database with its JSON columns as text again (how the indexer holds them). */
function fromDatabase<T extends MutableTable>(table: T, row: Record<string, unknown>): RowOf<T> {
  for (const column of JSON_COLUMNS[table] ?? []) {
    if (typeof row[column] !== "string") row[column] = JSON.stringify(row[column]);
  }
  return row as RowOf<T>;
}

export function keyOf<T extends MutableTable>(table: T, row: RowOf<T>): string {
  return String((row as Record<string, unknown>)[mutableTables[table].key]);
}

/** The committed state of the tables kept in memory, shared by every range. */
export class LedgerCache {
  private readonly tables = new Map<MutableTable, Map<string, unknown>>();

  /** Reads every in-memory table from the database (at start, and after a rollback or rebuild). */
  async load(db: Kysely<Schema>): Promise<void> {
    this.tables.clear();
    for (const table of Object.keys(mutableTables) as MutableTable[]) {
      if (PREFETCHED.includes(table)) continue;
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
      const map = new Map<string, unknown>();
      for (const raw of rows.rows) {
        const row = fromDatabase(table, raw);
        map.set(keyOf(table, row), row);
      }
      this.tables.set(table, map);
    }
  }

  table<T extends MutableTable>(table: T): Map<string, RowOf<T>> {
    let map = this.tables.get(table);
    if (map === undefined) this.tables.set(table, (map = new Map()));
    return map as Map<string, RowOf<T>>;
  }

  /** Every row of an in-memory table (read-only use). */
  rows<T extends MutableTable>(table: T): Iterable<RowOf<T>> {
    return this.table(table).values();
  }
}

export class RangeStore {
  /** Rows read for this range, by table (prefetched tables only). */
  private readonly fetched = new Map<MutableTable, Map<string, unknown>>();
  /** Rows edited in this range: key -> row (null: removed). */
  private readonly staged = new Map<MutableTable, Map<string, unknown>>();
  /** The image of each edited row from before the range. */
  private readonly before = new Map<MutableTable, Map<string, unknown>>();

  constructor(private readonly cache: LedgerCache) {}

  /** Reads the rows of prefetched tables with these keys (missing keys are remembered as absent). */
  async prefetch(db: Kysely<Schema>, keys: Partial<Record<MutableTable, Iterable<string>>>): Promise<void> {
    for (const table of PREFETCHED) {
      const wanted = [...new Set(keys[table] ?? [])];
      const map = this.fetchedTable(table);
      const missing = wanted.filter((k) => !map.has(k));
      const spec = mutableTables[table];
      const cast = spec.columns[spec.key as keyof typeof spec.columns] === "int8" ? "int8" : "text";
      for (let i = 0; i < missing.length; i += 5_000) {
        const chunk = missing.slice(i, i + 5_000);
        for (const k of chunk) map.set(k, null);
        const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${sql.ref(spec.key)} = any(${chunk}::${sql.raw(cast)}[])`.execute(db);
        for (const raw of rows) {
          const row = fromDatabase(table, raw);
          map.set(keyOf(table, row), row);
        }
      }
    }
  }

  private fetchedTable(table: MutableTable): Map<string, unknown> {
    let map = this.fetched.get(table);
    if (map === undefined) this.fetched.set(table, (map = new Map()));
    return map;
  }

  private stagedTable(table: MutableTable): Map<string, unknown> {
    let map = this.staged.get(table);
    if (map === undefined) this.staged.set(table, (map = new Map()));
    return map;
  }

  /** The row as it stands now in this range (undefined: none). Do not modify it: use edit(). */
  peek<T extends MutableTable>(table: T, key: string): RowOf<T> | undefined {
    const staged = this.staged.get(table);
    if (staged?.has(key)) return (staged.get(key) as RowOf<T> | null) ?? undefined;
    return this.base(table, key) ?? undefined;
  }

  private base<T extends MutableTable>(table: T, key: string): RowOf<T> | null {
    if (!PREFETCHED.includes(table)) return this.cache.table(table).get(key) ?? null;
    const fetched = this.fetched.get(table);
    if (fetched === undefined || !fetched.has(key)) {
      throw new Error(`indexer bug: ${table} ${key} was used without being read first (add it to the range's keys)`);
    }
    return (fetched.get(key) as RowOf<T> | null) ?? null;
  }

  /**
   * The row to change, as a copy staged in this range; created with `create()` when it does not
   * exist (undefined without `create`).
   */
  edit<T extends MutableTable>(table: T, key: string, create?: () => RowOf<T>): RowOf<T> | undefined {
    const staged = this.stagedTable(table);
    if (staged.has(key)) {
      const row = staged.get(key) as RowOf<T> | null;
      if (row !== null) return row;
      if (create === undefined) return undefined;
      const fresh = create();
      staged.set(key, fresh);
      return fresh;
    }
    const current = this.base(table, key);
    this.beforeTable(table).set(key, current);
    if (current === null) {
      if (create === undefined) {
        this.before.get(table)!.delete(key);
        return undefined;
      }
      const fresh = create();
      staged.set(key, fresh);
      return fresh;
    }
    const copy = { ...current };
    staged.set(key, copy);
    return copy;
  }

  /** Removes the row (a no-op when there is none). */
  remove(table: MutableTable, key: string): void {
    const staged = this.stagedTable(table);
    if (!staged.has(key)) {
      const current = this.base(table, key);
      if (current === null) return;
      this.beforeTable(table).set(key, current);
    }
    staged.set(key, null);
  }

  private beforeTable(table: MutableTable): Map<string, unknown> {
    let map = this.before.get(table);
    if (map === undefined) this.before.set(table, (map = new Map()));
    return map;
  }

  /** Every row of an in-memory table as the range stands (read-only use). */
  *current<T extends MutableTable>(table: T): Iterable<RowOf<T>> {
    const staged = this.staged.get(table);
    for (const [key, row] of this.cache.table(table)) if (staged === undefined || !staged.has(key)) yield row;
    if (staged !== undefined) for (const row of staged.values()) if (row !== null) yield row as RowOf<T>;
  }

  /** Every row of a table this range staged (read-only use). */
  *stagedRows<T extends MutableTable>(table: T): Iterable<RowOf<T>> {
    for (const row of this.staged.get(table)?.values() ?? []) if (row !== null) yield row as RowOf<T>;
  }

  /** Every row the range changed, with its image before; rows edited back to nothing are skipped. */
  *changes(): Iterable<Change> {
    for (const [table, staged] of this.staged) {
      const before = this.before.get(table)!;
      for (const [key, after] of staged) {
        const was = before.get(key) as Change["before"];
        if (was === null && after === null) continue;
        yield { table, key, before: was ?? null, after: after as Change["after"] };
      }
    }
  }

  /** After the range committed: the in-memory tables take its changes. */
  commit(): void {
    for (const [table, staged] of this.staged) {
      if (PREFETCHED.includes(table)) continue;
      const map = this.cache.table(table);
      for (const [key, row] of staged) {
        if (row === null) map.delete(key);
        else map.set(key, row as RowOf<typeof table>);
      }
    }
  }
}
