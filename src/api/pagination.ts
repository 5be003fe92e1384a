/**
 * Cursor pagination: a page is `limit` items and the cursor of the next page (null on the last).
 * A cursor is the sort key of the page's last item, base64url JSON: opaque to clients, stable
 * while new rows arrive (keyset paging, not offsets).
 */
import { badParam, intParam, type Params } from "./params.js";

export interface Page<T> {
  items: T[];
  next: string | null;
}

export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The key in `cursor`, of `shape` ("s": string, "n": number); undefined when there is none. */
export function cursorParam(p: Params, shape: string): CursorKey | undefined {
  const text = p.cursor;
  if (text === undefined || text === "") return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return badParam("cursor", "is not a cursor of this list", "pass the `next` value of the previous page as it came");
  }
  const ok = Array.isArray(key) && key.length === shape.length && key.every((v, i) => (shape[i] === "n" ? Number.isSafeInteger(v) : typeof v === "string"));
  if (!ok) badParam("cursor", "is not a cursor of this list", "pass the `next` value of the previous page as it came");
  return key as CursorKey;
}

export function limitParam(p: Params, fallback = 50, max = 500): number {
  return intParam(p, "limit", { min: 1, max }) ?? fallback;
}

/** Rows fetched with limit + 1: the page, and the next cursor when there was one more. */
export function pageOf<R, T>(rows: R[], limit: number, key: (row: R) => CursorKey, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(map);
  return { items, next: more ? encodeCursor(key(rows[limit - 1]!)) : null };
}
