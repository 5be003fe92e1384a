/**
 * Request parameters: parsed and checked one way for every route. A bad one is a 400 that names
 * the parameter, says what is wrong and what to give instead.
 */
import { getAddress, isHexString } from "ethers";
import { PointsError } from "../sdk/errors.js";

export class ApiError extends PointsError {
  constructor(
    readonly status: number,
    message: string,
    hint?: string,
    readonly field?: string,
  ) {
    super(message, hint);
    this.name = "ApiError";
  }
}

export type Params = Record<string, string | undefined>;

export function badParam(field: string, message: string, hint: string): never {
  throw new ApiError(400, `${field}: ${message}`, hint, field);
}

export function addressParam(p: Params, field: string): string;
export function addressParam(p: Params, field: string, optional: true): string | undefined;
export function addressParam(p: Params, field: string, optional = false): string | undefined {
  const text = p[field];
  if (text === undefined || text === "") {
    if (optional) return undefined;
    return badParam(field, "missing", "give an address, 0x and 40 hex digits");
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) badParam(field, `"${text}" is not an address`, "give 0x and 40 hex digits");
  try {
    return getAddress(text);
  } catch {
    return getAddress(text.toLowerCase()); // mixed case with a bad checksum: read it as the hex it is
  }
}

export function hashParam(p: Params, field: string): string {
  const text = p[field] ?? "";
  if (!isHexString(text, 32)) badParam(field, `"${text}" is not a 32-byte hash`, "give 0x and 64 hex digits");
  return text.toLowerCase();
}

export function intParam(p: Params, field: string, options: { min?: number; max?: number } = {}): number | undefined {
  const text = p[field];
  if (text === undefined || text === "") return undefined;
  if (!/^\d+$/.test(text)) badParam(field, `"${text}" is not a whole number`, "give digits only, like 42");
  const n = Number(text);
  const min = options.min ?? 0;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  if (n < min || n > max) badParam(field, `${text} is out of range`, `give ${min} to ${max}`);
  return n;
}

export function choiceParam<T extends string>(p: Params, field: string, choices: readonly T[]): T | undefined {
  const text = p[field];
  if (text === undefined || text === "") return undefined;
  if (!(choices as readonly string[]).includes(text)) badParam(field, `"${text}" is not one of ${choices.join(", ")}`, `give one of ${choices.join(", ")}`);
  return text as T;
}

/** A date (YYYY-MM-DD, UTC), an ISO 8601 time, or Unix seconds, as Unix seconds. */
export function timeParam(p: Params, field: string): number | undefined {
  const text = p[field];
  if (text === undefined || text === "") return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) badParam(field, `"${text}" is not a date`, "give YYYY-MM-DD (UTC), an ISO 8601 time or Unix seconds");
  return Math.floor(ms / 1000);
}
