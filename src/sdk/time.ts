/**
 * Times and durations as people type them, in one format everywhere (the catalog's sale window,
 * the rules' window, settlement periods, voucher lifetimes). Browser-safe.
 */
import { InvalidInputError } from "./errors.js";

const TIME_HINT = "give a date (2026-12-01, midnight UTC), a time with its zone (2026-12-01T09:30:00Z or 2026-12-01T09:30:00+02:00), or unix seconds";
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** Whether year-month-day names a real day (no 2026-02-30). */
function realDay(year: string, month: string, day: string): boolean {
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return d.getUTCFullYear() === Number(year) && d.getUTCMonth() === Number(month) - 1 && d.getUTCDate() === Number(day);
}

/**
 * A moment as unix seconds: YYYY-MM-DD (midnight UTC), a full ISO 8601 time with its zone
 * (Z or ±HH:MM), or unix seconds. A time without a zone is refused: it would mean different
 * moments on different machines.
 */
export function parseTime(input: string | number | bigint, field: string): bigint {
  const text = String(input).trim();
  if (/^\d+$/.test(text)) {
    const seconds = BigInt(text);
    if (seconds >= 2n ** 40n) throw new InvalidInputError(field, `${text} is too large for unix seconds`, TIME_HINT);
    return seconds;
  }
  const date = DATE.exec(text);
  if (date !== null) {
    if (!realDay(date[1]!, date[2]!, date[3]!)) throw new InvalidInputError(field, `${text} is not a day of the calendar`, TIME_HINT);
    return BigInt(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) / 1000);
  }
  const full = DATE_TIME.exec(text);
  if (full === null) throw new InvalidInputError(field, `"${text}" is not a date or a time`, TIME_HINT);
  if (full[7] === undefined) {
    throw new InvalidInputError(field, `${text} has no time zone`, "add Z for UTC (2026-12-01T09:30:00Z) or an offset (+02:00)");
  }
  const ms = Date.parse(text.toUpperCase());
  if (!realDay(full[1]!, full[2]!, full[3]!) || Number(full[4]) > 23 || Number(full[5]) > 59 || Number(full[6] ?? 0) > 59 || Number.isNaN(ms)) {
    throw new InvalidInputError(field, `${text} is not a time of the calendar`, TIME_HINT);
  }
  if (ms < 0) throw new InvalidInputError(field, `${text} is before 1970`, TIME_HINT);
  return BigInt(Math.floor(ms / 1000));
}

const UNITS = { s: 1n, m: 60n, h: 3600n, d: 86_400n } as const;

/** A duration as seconds: a whole number with a unit, 30s, 15m, 12h or 7d. */
export function parseDuration(input: string, field: string): bigint {
  const text = input.trim();
  const m = /^(\d+)\s*([smhd])$/i.exec(text);
  if (m === null) {
    const hint = /^\d+$/.test(text) ? `add a unit: ${text}s, ${text}m, ${text}h or ${text}d` : "give a number and a unit: 30s, 15m, 12h or 7d";
    throw new InvalidInputError(field, `"${text}" is not a duration`, hint);
  }
  const seconds = BigInt(m[1]!) * UNITS[m[2]!.toLowerCase() as keyof typeof UNITS];
  if (seconds === 0n) throw new InvalidInputError(field, "a duration of 0", "give at least 1s");
  if (seconds >= 2n ** 40n) throw new InvalidInputError(field, `${text} is too long`, "give at most a few years, like 3650d");
  return seconds;
}

/** A unix time as people read it, in UTC. */
export function formatTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}
