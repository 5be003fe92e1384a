/**
 * Opens the ledger database: PGlite (PostgreSQL in WebAssembly) in a data folder by default, or a
 * PostgreSQL server when a postgres:// URL is given (DATABASE_URL). Both come back as the same
 * typed kysely handle over the same schema, migrated to the latest version before use.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { DatabaseError, DatabaseLockedError } from "./errors.js";
import { lockDirectory, type DirectoryLock } from "./lock.js";
import { migrationProvider } from "./migrations.js";
import type { Schema } from "./schema.js";

export interface DatabaseConfig {
  /** A postgres:// (or postgresql://) URL: use that server. */
  url?: string;
  /** Otherwise PGlite keeps its files here ("memory" for a database that lives in the process). */
  dataDir?: string;
  /** PGlite only: start a new database from this dump (pgliteTemplate) instead of running initdb. */
  template?: Blob;
}

export interface LedgerDatabase {
  kind: "pglite" | "postgres";
  /** Where it is, for logs and /health: "PGlite at .points/db/local", "PostgreSQL at host:5432/db". */
  description: string;
  /** The handle the indexer writes with. */
  db: Kysely<Schema>;
  /** The handle readers use: on PGlite it waits for the writer's open transaction instead of
   *  reading inside it, so a reader never sees a half-written range. */
  reader: Kysely<Schema>;
  /** Takes the right to write: one indexer per database. Refuses while another process has it. */
  acquireWriter(): Promise<void>;
  close(): Promise<void>;
}

/** The configuration from the environment: DATABASE_URL when set, else PGlite in `defaultDir`. */
export function databaseFromEnv(defaultDir: string, env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL;
  return url !== undefined && url !== "" ? { url } : { dataDir: defaultDir };
}

const NUMERIC = 1700;
const INT8 = 20;
// Amounts are whole numbers up to 2^256; block numbers and counts fit a double exactly.
const parseNumeric = (text: string): bigint => BigInt(text);
const parseInt8 = (text: string): number => Number(text);

export async function openDatabase(config: DatabaseConfig): Promise<LedgerDatabase> {
  const database = config.url !== undefined ? await openPostgres(config.url) : await openPGlite(config.dataDir ?? "memory", config.template);
  try {
    await migrate(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function migrate(db: Kysely<Schema>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "a migration";
    throw new DatabaseError(`the database could not be migrated (${failed}): ${String((error as Error).message ?? error)}`, "check the database's logs and that this user may create tables", { cause: error });
  }
}

/**
 * A migrated, empty PGlite database as a dump: a new database loaded from it opens in a fraction
 * of initdb's seconds (tests open many).
 */
export async function pgliteTemplate(): Promise<Blob> {
  const pglite = new PGlite({ parsers: { [pgliteTypes.NUMERIC]: parseNumeric, [pgliteTypes.INT8]: parseInt8 } });
  const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) });
  await migrate(db);
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  return dump;
}

async function openPGlite(dataDir: string, template?: Blob): Promise<LedgerDatabase> {
  const inMemory = dataDir === "memory";
  let lock: DirectoryLock | undefined;
  if (!inMemory) {
    mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
    lock = lockDirectory(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = new PGlite({
      ...(inMemory ? {} : { dataDir }),
      ...(template === undefined || (!inMemory && existsSync(path.join(dataDir, "PG_VERSION"))) ? {} : { loadDataDir: template }),
      parsers: { [pgliteTypes.NUMERIC]: parseNumeric, [pgliteTypes.INT8]: parseInt8 },
    });
    await pglite.waitReady;
  } catch (error) {
    lock?.release();
    throw new DatabaseError(`PGlite could not open ${dataDir}: ${(error as Error).message}`, "move the folder away to start a fresh index", { cause: error });
  }
  const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) });
  const reader = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: "pglite",
    description: inMemory ? "PGlite in memory" : `PGlite at ${dataDir}`,
    db,
    reader,
    // The folder lock taken above already makes this process the only one.
    acquireWriter: async () => undefined,
    close: async () => {
      if (!pglite.closed) await pglite.close();
      lock?.release();
    },
  };
}

/** The advisory lock key of the indexer's writer session: "POINTSLG" as a number. */
const WRITER_LOCK_KEY = 0x504f494e54534c47n;

async function openPostgres(url: string): Promise<LedgerDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === NUMERIC ? parseNumeric : oid === INT8 ? parseInt8 : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  pool.on("error", () => undefined); // an idle client's lost connection; the next query reports it
  let where = url;
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    // not a URL we can shorten; keep it as it is (it may hold a password: only the host part is logged)
    where = "the configured server";
  }
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new DatabaseError(`PostgreSQL at ${where} did not answer: ${(error as Error).message}`, "check DATABASE_URL and that the server runs", { cause: error });
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  let writer: pg.Client | undefined;
  return {
    kind: "postgres",
    description: `PostgreSQL at ${where}`,
    db,
    reader: db,
    acquireWriter: async () => {
      if (writer !== undefined) return;
      // A session lock on a connection of its own, held while the indexer runs; it goes when the
      // process does, even on kill -9, because the server drops the session.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [WRITER_LOCK_KEY.toString()]);
      if (rows[0]?.locked !== true) {
        await client.end();
        throw new DatabaseLockedError(`the index in PostgreSQL at ${where}`, "another indexer", "one indexer writes a database; run further processes as readers (points serve --api-only)");
      }
      client.on("error", () => undefined);
      writer = client;
    },
    close: async () => {
      if (writer !== undefined) await writer.end().catch(() => undefined);
      await db.destroy();
    },
  };
}

/** Whether the database answers a trivial query (for /health). */
export async function databaseAnswers(database: LedgerDatabase): Promise<boolean> {
  try {
    await sql`select 1`.execute(database.reader);
    return true;
  } catch {
    return false;
  }
}
