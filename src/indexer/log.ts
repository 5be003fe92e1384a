/**
 * Structured logs: one JSON object a line ({"time","level","msg", ...fields}), which journald,
 * Docker and log shippers take as they are. Bigints are written as strings.
 */
import { jsonWithBigints } from "../sdk/json.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Writes JSON lines to `write` (default stdout) at `level` and above (env POINTS_LOG_LEVEL). */
export function jsonLogger(
  options: { level?: LogLevel; write?: (line: string) => void; fields?: LogFields } = {},
): Logger {
  const envLevel = process.env.POINTS_LOG_LEVEL as LogLevel | undefined;
  const min = order[options.level ?? (envLevel !== undefined && envLevel in order ? envLevel : "info")];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const base = options.fields ?? {};
  const at = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (order[level] < min) return;
    write(jsonWithBigints({ time: new Date().toISOString(), level, msg, ...base, ...errorFields(fields) }));
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => jsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** Errors as {error, hint} rather than {} (JSON.stringify drops an Error's own fields). */
function errorFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Error) {
      out[k] = v.message.split("\n")[0];
      const hint = (v as { hint?: unknown }).hint;
      if (typeof hint === "string") out[`${k}Hint`] = hint;
    } else out[k] = v;
  }
  return out;
}
