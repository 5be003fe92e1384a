/**
 * The configuration of `points serve`: one JSON file for everything a deployment's services need
 * (RPC URL, database, ports, allowed origins, the relay's key, the indexer's settings). Every
 * field is optional; each wrong one is refused by name before anything starts.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { IndexerConfigError } from "../indexer/errors.js";
import type { OverIssuance } from "../indexer/context.js";

export interface ServeConfig {
  rpcUrl?: string;
  /** A postgres:// URL, or a folder for PGlite (default .points/db/<deployment>). */
  database?: string;
  api: { host: string; port: number };
  /** The web app (web/dist) and its /config.json; false: not served. */
  web: { host: string; port: number } | false;
  /** The relay that pays customers' gas; false: not run. The key comes from `keystore`
   *  (password: POINTS_PASSWORD) or the environment variable `keyEnv`. */
  relay: { host: string; port: number; keystore?: string; keyEnv?: string; requestsPerMinute: number; spendCap: string } | false;
  allowOrigins: string[];
  indexer: {
    /** false: serve the API from a database another process indexes (several API processes, one PostgreSQL). */
    run: boolean;
    confirmations?: number;
    pollIntervalMs?: number;
    undoDepth?: number;
    rules: string[];
    overIssuance?: OverIssuance;
    /** Expiring tokens: warn (points.expiring) this many seconds before points expire (default 7 days). */
    expiryWarningSeconds?: number;
    maxLogBlocks?: number;
    targetLogs?: number;
  };
  webhooks: { timeoutMs?: number; maxAttempts?: number; baseDelayMs?: number };
}

type Json = Record<string, unknown>;

function object(value: unknown, field: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new IndexerConfigError(field, "is not an object", `give {"…": …} for ${field}`);
  return value as Json;
}

function port(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65_535) throw new IndexerConfigError(field, `${JSON.stringify(value)} is not a port`, "give 0 to 65535 (0: any free port)");
  return value as number;
}

function whole(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0) throw new IndexerConfigError(field, `${JSON.stringify(value)} is not a whole number`, "give 0 or more");
  return value as number;
}

function text(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw new IndexerConfigError(field, `${JSON.stringify(value)} is not text`, `give ${field} as a string`);
  return value;
}

function strings(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new IndexerConfigError(field, "is not a list of strings", `give ${field} as ["…", "…"]`);
  return value as string[];
}

function flag(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new IndexerConfigError(field, `${JSON.stringify(value)} is not true or false`, `give ${field} as true or false`);
  return value;
}

function host(value: unknown, field: string): string {
  return text(value, field) ?? "127.0.0.1";
}

export function parseServeConfig(json: unknown, baseDir = process.cwd()): ServeConfig {
  const c = json === undefined ? {} : object(json, "config");
  const known = ["rpcUrl", "database", "api", "web", "relay", "allowOrigins", "indexer", "webhooks"];
  for (const key of Object.keys(c)) if (!known.includes(key)) throw new IndexerConfigError(key, "is not a setting", `the settings are ${known.join(", ")}`);
  const api = c.api === undefined ? {} : object(c.api, "api");
  const web = c.web === false ? false : c.web === undefined ? {} : object(c.web, "web");
  const relay = c.relay === false || c.relay === undefined ? false : object(c.relay, "relay");
  const indexer = c.indexer === undefined ? {} : object(c.indexer, "indexer");
  const webhooks = c.webhooks === undefined ? {} : object(c.webhooks, "webhooks");
  let overIssuance: OverIssuance | undefined;
  if (indexer.overIssuance !== undefined) {
    const o = object(indexer.overIssuance, "indexer.overIssuance");
    const points = text(String(o.points ?? ""), "indexer.overIssuance.points") ?? "";
    if (!/^\d+$/.test(points)) throw new IndexerConfigError("indexer.overIssuance.points", `${JSON.stringify(o.points)} is not a number of points`, 'give it as a string of digits, like "100000"');
    const windowSeconds = whole(o.windowSeconds, "indexer.overIssuance.windowSeconds");
    if (windowSeconds === undefined || windowSeconds === 0) throw new IndexerConfigError("indexer.overIssuance.windowSeconds", "missing or 0", "give the window in seconds, like 3600");
    overIssuance = { points: BigInt(points), windowSeconds };
  }
  const database = text(c.database, "database");
  const resolve = (p: string | undefined) => (p === undefined || /^postgres(ql)?:\/\//.test(p) ? p : path.resolve(baseDir, p));
  const rpcUrl = text(c.rpcUrl, "rpcUrl");
  if (rpcUrl !== undefined && !/^https?:\/\//.test(rpcUrl)) throw new IndexerConfigError("rpcUrl", `"${rpcUrl}" is not an http(s) URL`, "give the node's JSON-RPC URL, like http://127.0.0.1:8545");
  return {
    rpcUrl,
    database: resolve(database),
    api: { host: host(api.host, "api.host"), port: port(api.port, "api.port", 8100) },
    web: web === false ? false : { host: host(web.host, "web.host"), port: port(web.port, "web.port", 8080) },
    relay: relay === false ? false : {
      host: host(relay.host, "relay.host"),
      port: port(relay.port, "relay.port", 8090),
      keystore: resolve(text(relay.keystore, "relay.keystore")),
      keyEnv: text(relay.keyEnv, "relay.keyEnv"),
      requestsPerMinute: whole(relay.requestsPerMinute, "relay.requestsPerMinute") ?? 10,
      spendCap: text(relay.spendCap, "relay.spendCap") ?? "0.01",
    },
    allowOrigins: strings(c.allowOrigins, "allowOrigins"),
    indexer: {
      run: flag(indexer.run, "indexer.run") ?? true,
      confirmations: whole(indexer.confirmations, "indexer.confirmations"),
      pollIntervalMs: whole(indexer.pollIntervalMs, "indexer.pollIntervalMs"),
      undoDepth: whole(indexer.undoDepth, "indexer.undoDepth"),
      rules: strings(indexer.rules, "indexer.rules"),
      overIssuance,
      expiryWarningSeconds: whole(indexer.expiryWarningSeconds, "indexer.expiryWarningSeconds"),
      maxLogBlocks: whole(indexer.maxLogBlocks, "indexer.maxLogBlocks"),
      targetLogs: whole(indexer.targetLogs, "indexer.targetLogs"),
    },
    webhooks: { timeoutMs: whole(webhooks.timeoutMs, "webhooks.timeoutMs"), maxAttempts: whole(webhooks.maxAttempts, "webhooks.maxAttempts"), baseDelayMs: whole(webhooks.baseDelayMs, "webhooks.baseDelayMs") },
  };
}

/** Reads a config file (or none: every default). */
export function readServeConfig(file: string | undefined): ServeConfig {
  if (file === undefined) return parseServeConfig(undefined);
  if (!existsSync(file)) throw new IndexerConfigError("--config", `no file ${file}`, "give the path of the JSON configuration (see README, points serve)");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new IndexerConfigError("--config", `${file} is not JSON: ${(error as Error).message}`, "fix the file's syntax");
  }
  return parseServeConfig(json, path.dirname(path.resolve(file)));
}
