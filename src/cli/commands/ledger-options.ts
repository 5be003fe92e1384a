/** Options shared by the ledger's commands: the database, and parsing of numbers and thresholds. */
import path from "node:path";
import type { DatabaseConfig } from "../../indexer/database.js";
import { IndexerConfigError } from "../../indexer/errors.js";
import type { OverIssuance } from "../../indexer/context.js";
import { deploymentKey } from "../remember.js";

/** --database (a postgres:// URL or a folder), else DATABASE_URL, else PGlite in .points/db/<deployment>. */
export function databaseOption(database: string | undefined, deployment: string | undefined, cwd = process.cwd()): DatabaseConfig {
  if (database !== undefined) return /^postgres(ql)?:\/\//.test(database) ? { url: database } : { dataDir: path.resolve(cwd, database) };
  const url = process.env.DATABASE_URL;
  return url !== undefined && url !== "" ? { url } : { dataDir: path.join(cwd, ".points", "db", deploymentKey(deployment)) };
}

export function wholeOption(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim())) throw new IndexerConfigError(option, `"${text}" is not a whole number`, "give digits only, like 12");
  return Number(text.trim());
}

/** "100000/3600": at most 100,000 points per issuer per 3,600 s window. */
export function overIssuanceOption(text: string | undefined): OverIssuance | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)([smhd]?)$/.exec(text.trim());
  if (m === null || Number(m[2]) === 0) throw new IndexerConfigError("--over-issuance", `"${text}" is not <points>/<window>`, "give e.g. 100000/1h (points per issuer per window; window in s, m, h or d)");
  const unit = { "": 1, s: 1, m: 60, h: 3_600, d: 86_400 }[m[3] as "" | "s" | "m" | "h" | "d"];
  return { points: BigInt(m[1]!), windowSeconds: Number(m[2]) * unit };
}
