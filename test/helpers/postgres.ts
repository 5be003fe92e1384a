/**
 * A real PostgreSQL server for the tests: Debian's binaries (under /usr/lib/postgresql/<v>/bin,
 * or POINTS_PG_BIN), a cluster made with initdb in a temporary folder, started with pg_ctl on a
 * free port, and stopped and removed afterwards. PostgreSQL refuses to run as root, so as root
 * it runs as the `postgres` user (runuser).
 */
import { execFile } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./processes.js";

const run = promisify(execFile);

/** The folder of initdb, pg_ctl and postgres, newest version first. */
export function postgresBin(): string {
  const fromEnv = process.env.POINTS_PG_BIN;
  if (fromEnv !== undefined && existsSync(path.join(fromEnv, "pg_ctl"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) {
    throw new Error("the PostgreSQL tests need Debian's server binaries (/usr/lib/postgresql/<version>/bin): apt-get install postgresql, or set POINTS_PG_BIN");
  }
  return path.join(root, versions[0]!, "bin");
}

export interface PostgresServer {
  port: number;
  /** A new, empty database on the server, as a postgres:// URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "points-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) {
    const { stdout: uid } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(uid.trim()), Number(gid.trim()));
    chmodSync(dir, 0o700);
  }
  const exec = async (tool: string, args: string[]) => {
    const file = path.join(bin, tool);
    return asRoot ? run("runuser", ["-u", "postgres", "--", file, ...args]) : run(file, args);
  };
  const user = asRoot ? "postgres" : userInfo().username;
  await exec("initdb", ["-D", data, "-U", user, "--auth=trust", "--encoding=UTF8", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  await exec("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  let count = 0;
  const admin = `postgres://${user}@127.0.0.1:${port}/postgres`;
  return {
    port,
    async createDatabase() {
      const name = `points_test_${process.pid}_${++count}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`create database ${name}`);
      await client.end();
      return `postgres://${user}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
