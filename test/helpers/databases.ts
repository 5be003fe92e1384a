/**
 * Runs a suite against both databases: PGlite (in memory, or in a folder) and a real PostgreSQL
 * server that the suite starts itself (postgres.ts) and stops afterwards. The database's name is
 * in every test's title.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, pgliteTemplate, type DatabaseConfig, type LedgerDatabase } from "../../src/indexer/database.js";
import { postgresBin, startPostgres, type PostgresServer } from "./postgres.js";

let template: Promise<Blob> | undefined;
/** A migrated empty PGlite, made once per test process: a test's database loads it in half a second. */
export function testTemplate(): Promise<Blob> {
  return (template ??= pgliteTemplate());
}

export interface DatabaseKind {
  name: string;
  /** A fresh, empty database's configuration. */
  fresh(): Promise<DatabaseConfig>;
  open(config?: DatabaseConfig): Promise<LedgerDatabase>;
}

const pgVersion = () => {
  try {
    return path.basename(path.dirname(postgresBin()));
  } catch {
    return "";
  }
};

/** Calls `suite` once per database, inside a describe named for it. */
export function eachDatabase(suite: (kind: DatabaseKind) => void): void {
  const folders: string[] = [];
  describe("on PGlite", function () {
    const kind: DatabaseKind = {
      name: "PGlite",
      fresh: async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "points-pglite-"));
        folders.push(dir);
        return { dataDir: path.join(dir, "db"), template: await testTemplate() };
      },
      open: async (config) => openDatabase(config ?? (await kind.fresh())),
    };
    after(() => {
      for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
    });
    suite(kind);
  });
  describe(`on PostgreSQL ${pgVersion()}`, function () {
    let server: PostgresServer | undefined;
    before(async function () {
      this.timeout(120_000);
      server = await startPostgres();
    });
    after(async () => server?.stop());
    const kind: DatabaseKind = {
      name: `PostgreSQL ${pgVersion()}`,
      fresh: async () => ({ url: await server!.createDatabase() }),
      open: async (config) => openDatabase(config ?? (await kind.fresh())),
    };
    suite(kind);
  });
}
