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
    throw new InvalidInputError(field, `"${text}" is not an address`, "an address is 0x and 40 hex digits");
  }
  try {
    return getAddress(text);
  } catch {
    throw new InvalidInputError(
      field,
      `"${text}" has a bad checksum (mixed case that does not match)`,
      "copy the address again; a typo is likely",
    );
  }
}

/** A whole number of points, 1 to MAX_POINTS (or up to `max`). Refuses 0, negatives, fractions. */
export function parseAmount(input: string | bigint | number, field = "amount", max = MAX_POINTS): bigint {
  const text = String(input).trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    throw new InvalidInputError(field, `"${text}" is not a number`, "points are whole numbers, like 100");
  }
  if (text.startsWith("-")) throw new InvalidInputError(field, `${text} is negative`, "give a positive number of points");
  if (text.includes(".")) {
    throw new InvalidInputError(field, `${text} is not a whole number`, "points have no decimals: give a whole number");
  }
  const value = BigInt(text);
  if (value === 0n) throw new InvalidInputError(field, "0 points", "give at least 1");
  if (value > max) throw new InvalidInputError(field, `${text} is above the most allowed, ${max}`);
  return value;
}

/** A positive id or count that fits `bits` bits (SKU ids, quantities, order ids). */
export function parseId(input: string | bigint | number, field: string, bits: number): bigint {
  return parseAmount(input, field, 2n ** BigInt(bits) - 1n);
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
    throw new InvalidInputError(field, `"${text}" is longer than 31 bytes`, "shorten it, or give its 32-byte hash as 0x…");
  }
  return encodeBytes32String(text);
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
