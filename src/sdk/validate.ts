/**
 * Checks of what people type, before anything is sent: addresses, whole numbers of each kind
 * (points, units, ids) within the contracts' integer widths, references, URLs. Each refusal is an
 * InvalidInputError naming the field, saying what is wrong and what to do. Times and durations
 * are in time.ts. Browser-safe.
 */
import { decodeBytes32String, encodeBytes32String, getAddress, isHexString, toUtf8Bytes } from "ethers";
import { InvalidInputError } from "./errors.js";

/** The most points the ledger can hold: amounts above it are refused before sending. */
export const MAX_POINTS = 2n ** 248n - 1n;

/**
 * An address, checksummed. Accepts all-lowercase or all-uppercase hex; refuses mixed case with a
 * wrong checksum (a typo, most likely) and names that are not addresses.
 */
export function parseAddress(input: string, field = "address"): string {
  const text = input.trim();
  if (/\.[a-z]{2,}$/i.test(text) && !text.startsWith("0x")) {
    throw new InvalidInputError(field, `"${text}" is a name, not an address`, "give the 0x… address (ENS is not used here)");
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw new InvalidInputError(field, `"${shorten(text)}" is not an address`, "an address is 0x and 40 hex digits");
  }
  try {
    return getAddress(text);
  } catch (error) {
    throw new InvalidInputError(field, `"${text}" has a bad checksum (mixed case that does not match)`, "copy the address again; a typo is likely", {
      cause: error,
    });
  }
}

/** What a whole number counts, for messages: "points", "units", or an id ("SKU id"). */
export interface WholeKind {
  /** Plural noun: "points", "units". For ids, "ids". */
  plural: string;
  /** An example of a good value, for hints: "100", "5". */
  example: string;
  /** The least value allowed: 1 for points, quantities and ids; 0 where 0 means "none". */
  min: bigint;
  /** The most allowed, and how to say it. */
  max: bigint;
  maxWords?: string;
}

/** The largest value of an unsigned integer of `bits` bits, said as "2^bits - 1 (n)". */
export function widthWords(bits: number): string {
  const max = 2n ** BigInt(bits) - 1n;
  return max < 10n ** 15n ? `2^${bits} - 1 (${max})` : `2^${bits} - 1`;
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 12)}…(${text.length} characters)` : text;
}

/** A whole number of `kind`, as bigint. Refuses text that is not one, negatives, fractions, and values out of range. */
export function parseWhole(input: string | bigint | number, field: string, kind: WholeKind): bigint {
  const text = String(input).trim();
  const isId = kind.plural === "ids";
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    throw new InvalidInputError(field, `"${shorten(text)}" is not a whole number`, `give a whole number, like ${kind.example}`);
  }
  if (text.startsWith("-")) throw new InvalidInputError(field, `${shorten(text)} is negative`, `give ${kind.min} or more`);
  if (text.includes(".")) throw new InvalidInputError(field, `${shorten(text)} is not a whole number`, `${kind.plural} have no decimals: give a whole number`);
  const value = BigInt(text);
  if (value < kind.min) {
    if (isId) throw new InvalidInputError(field, `${value} is not an id`, "ids start at 1");
    throw new InvalidInputError(field, `${value} ${kind.plural}`, `give at least ${kind.min}`);
  }
  if (value > kind.max) {
    const said = text.length > 20 ? `a ${text.length}-digit number` : text;
    throw new InvalidInputError(field, `${said} is too large: at most ${kind.maxWords ?? kind.max}`, `give a smaller number`);
  }
  return value;
}

/** A whole number of points, 1 to MAX_POINTS (or up to `max`). Refuses 0, negatives, fractions. */
export function parseAmount(input: string | bigint | number, field = "amount", max = MAX_POINTS): bigint {
  const maxWords = max === MAX_POINTS ? "2^248 - 1 points, the most the ledger holds" : `${max} points`;
  return parseWhole(input, field, { plural: "points", example: "100", min: 1n, max, maxWords });
}

/** Points where 0 is allowed (a quota of 0, a cap of 0 meaning none). */
export function parsePointsOrZero(input: string | bigint | number, field: string, bits = 248): bigint {
  return parseWhole(input, field, { plural: "points", example: "100", min: 0n, max: 2n ** BigInt(bits) - 1n, maxWords: widthWords(bits) });
}

/** A positive id that fits `bits` bits (SKU, order, merchant, category and rule ids start at 1). */
export function parseId(input: string | bigint | number, field: string, bits: number): bigint {
  return parseWhole(input, field, { plural: "ids", example: "3", min: 1n, max: 2n ** BigInt(bits) - 1n, maxWords: widthWords(bits) });
}

/** A number of units that fits `bits` bits: 1 or more, or 0 or more where `zero` says 0 is allowed. */
export function parseQuantity(input: string | bigint | number, field: string, bits: number, zero = false): bigint {
  return parseWhole(input, field, { plural: "units", example: "5", min: zero ? 0n : 1n, max: 2n ** BigInt(bits) - 1n, maxWords: widthWords(bits) });
}

/**
 * A bytes32 reference: a 0x-prefixed 32-byte hex string as it is, or text of at most 31 bytes
 * (a receipt number, a campaign name) encoded as a bytes32 string.
 */
export function parseRef(input: string, field = "reference"): string {
  const text = input.trim();
  if (text === "") throw new InvalidInputError(field, "empty", "give a receipt, order or campaign id");
  if (isHexString(text, 32)) return text.toLowerCase();
  if (toUtf8Bytes(text).length > 31) {
    throw new InvalidInputError(field, `"${shorten(text)}" is longer than 31 bytes`, "shorten it, or give its 32-byte hash as 0x…");
  }
  return encodeBytes32String(text);
}

/** An http(s) URL, as a string without a trailing slash. */
export function parseUrl(input: string, field = "URL"): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new InvalidInputError(field, `"${shorten(text)}" is not a URL`, "give one like http://127.0.0.1:8545", { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidInputError(field, `"${shorten(text)}" is not an http or https URL`, "give one like http://127.0.0.1:8545");
  }
  return text.replace(/\/+$/, "");
}

/** A bytes32 reference as a person reads it: printable text, an order number, or hex. */
export function readableRef(ref: string): string {
  try {
    const text = decodeBytes32String(ref);
    // Printable text in any script (a reason in Chinese reads as itself), no control characters.
    if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]+$/u.test(text)) return text;
  } catch {
    // not a bytes32 string
  }
  const n = BigInt(ref);
  return n > 0n && n < 2n ** 64n ? `order #${n}` : ref;
}
