/** Reading a delivery request: its JSON body, fields, path, and the per-client rate limit. */
import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { Schema } from "../../indexer/schema.js";
import { databaseWindowStore } from "../../relay/dbLimits.js";
import { ApiError, badParam } from "../params.js";

export const MAX_BODY = 8 * 1024;

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  try {
    const body = (await c.req.json()) as unknown;
    if (body !== null && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // said below
  }
  throw new ApiError(400, "the body is not a JSON object", "send application/json as the API's documentation shows");
}

export function whole(value: unknown, field: string): bigint {
  if ((typeof value === "string" && /^\d{1,20}$/.test(value)) || (typeof value === "number" && Number.isSafeInteger(value) && value >= 0)) return BigInt(value);
  return badParam(field, "is not a whole number", "give it as digits, like \"7\"");
}

export function signatureOf(value: unknown): string {
  if (typeof value === "string" && /^0x[0-9a-fA-F]{130}$/.test(value)) return value;
  return badParam("signature", "is not a 65-byte signature", "send the wallet's signature as 0x and 130 hex digits");
}

export function orderIdParam(c: Context): bigint {
  const text = c.req.param("id") ?? "";
  if (!/^\d{1,19}$/.test(text) || BigInt(text) === 0n || BigInt(text) >= 2n ** 64n) badParam("id", `"${text}" is not an order id`, "give the order's number, like 7");
  return BigInt(text);
}

export function bearerToken(c: Context): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
}

/**
 * Counts writes per client address in a sliding minute, in the ledger database (the relay's
 * window store): every API process that shares the database counts against the same limit, and
 * a restart does not reset it.
 */
export function rateLimiter(db: Kysely<Schema>, perMinute: number, now: () => number) {
  const store = databaseWindowStore(db, "delivery-writes", BigInt(perMinute), 60_000);
  return async (key: string): Promise<void> => {
    const taken = await store.take(key, 1n, now());
    if (!taken.taken) throw new ApiError(429, `too many requests: at most ${perMinute} a minute`, `wait ${taken.retryAfter ?? 60} seconds and try again`);
  };
}
