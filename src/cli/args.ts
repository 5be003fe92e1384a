/**
 * One parser per kind of argument, shared by every command through commander's own parsers
 * (`argument(...)`, `option(...)` below set `.argParser`). Each refuses with the field (the option
 * or argument as the user typed it), what is wrong and what to do, before any connection is made,
 * so a refused command never sends anything. The checks themselves are the SDK's.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Argument, Option } from "commander";
import { parseEther } from "ethers";
import {
  BITS,
  InvalidInputError,
  parseAddress,
  parseAmount,
  parseDuration,
  parseId,
  parsePointsOrZero,
  parseQuantity,
  parseRef,
  parseTime,
  parseUrl,
  parseWhole,
} from "../sdk/index.js";

/** Reads `text` typed as `field`, or throws InvalidInputError. */
export type Parse<T> = (text: string, field: string) => T;

/** A whole number from `min` to `max` (counts, ports, sizes, chain ids, blocks), said as `plural`. */
export function count(min: number, max: number, plural: string): Parse<number> {
  return (text, field) => Number(parseWhole(text, field, { plural, example: String(Math.max(min, 1)), min: BigInt(min), max: BigInt(max), maxWords: String(max) }));
}

/** An encrypted JSON keystore file that exists and looks like one (decrypting it comes later). */
function keystore(text: string, field: string): string {
  const file = path.resolve(text);
  if (!existsSync(file)) throw new InvalidInputError(field, `no file ${text}`, "check the path, or create a keystore with points wallet new --out <file>");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InvalidInputError(field, `${text} is not a keystore (it is not JSON)`, "give the file that points wallet new wrote", { cause: error });
  }
  const k = json as { crypto?: unknown; Crypto?: unknown; address?: unknown } | null;
  if (k === null || typeof k !== "object" || (typeof k.crypto !== "object" && typeof k.Crypto !== "object")) {
    throw new InvalidInputError(field, `${text} is not a keystore (it holds no encrypted key)`, "give the file that points wallet new wrote");
  }
  return file;
}

/** An amount of native coin (ETH on the local chain), as wei. */
function coin(text: string, field: string): bigint {
  try {
    const wei = parseEther(text.trim());
    if (wei <= 0n) throw new Error("not positive");
    return wei;
  } catch (error) {
    throw new InvalidInputError(field, `"${text}" is not an amount of native coin`, "give one like 0.01", { cause: error });
  }
}

/** A number above 0, decimals allowed (a campaign multiplier). */
function positiveDecimal(text: string, field: string): number {
  const n = Number(text.trim());
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0)) throw new InvalidInputError(field, `"${text}" is not a number above 0`, "give one like 2 or 1.5");
  return n;
}

function nonEmpty(text: string, field: string): string {
  if (text.trim() === "") throw new InvalidInputError(field, "empty", "give some text");
  return text.trim();
}

/** A reference as the user typed it, checked now (31 bytes of text, or a 0x… hash); the SDK encodes it. */
function reference(text: string, field: string): string {
  parseRef(text, field);
  return text.trim();
}

function envName(text: string, field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) throw new InvalidInputError(field, `"${text}" is not an environment variable's name`, "give a name like GK or MY_KEY");
  return text;
}

export const kinds = {
  address: parseAddress,
  sku: (t: string, f: string) => parseId(t, f, BITS.sku),
  order: (t: string, f: string) => parseId(t, f, BITS.order),
  merchant: (t: string, f: string) => parseId(t, f, BITS.merchant),
  /** A merchant id, or 0 for none. */
  merchantOrNone: (t: string, f: string) => (t.trim() === "0" ? 0n : parseId(t, f, BITS.merchant)),
  category: (t: string, f: string) => parseId(t, f, BITS.category),
  rule: (t: string, f: string) => parseId(t, f, BITS.rule),
  points: (t: string, f: string) => parseAmount(t, f),
  /** Points where 0 means "none" (a cap) or "nothing left" (a quota). */
  pointsOrZero: (t: string, f: string) => parsePointsOrZero(t, f),
  /** Points within the mall's price width. */
  price: (t: string, f: string) => parseQuantity(t, f, BITS.price),
  /** Points of a rule (pointsPerUnit, caps: 64 bits). */
  rulePoints: (t: string, f: string) => parsePointsOrZero(t, f, 64),
  quantity: (t: string, f: string) => parseQuantity(t, f, BITS.quantity),
  stock: (t: string, f: string) => parseQuantity(t, f, BITS.stock, true),
  units: (t: string, f: string) => parseQuantity(t, f, BITS.restock),
  walletLimit: (t: string, f: string) => parseQuantity(t, f, BITS.walletLimit, true),
  spend: (t: string, f: string) => parseQuantity(t, f, 64),
  spendOrZero: (t: string, f: string) => parseQuantity(t, f, 64, true),
  /** A voucher id: 0 to 2^128 - 1. */
  voucherId: (t: string, f: string) => parseWhole(t, f, { plural: "ids", example: "7", min: 0n, max: 2n ** 128n - 1n, maxWords: "2^128 - 1" }),
  time: parseTime,
  duration: parseDuration,
  url: (t: string, f: string) => parseUrl(t, f),
  keystore,
  text: nonEmpty,
  reference,
  coin,
  positiveDecimal,
  envName,
  account: count(0, 19, "accounts"),
  port: count(1, 65_535, "ports"),
  perMinute: count(1, 1_000_000, "requests"),
  batchSize: count(1, 2_000, "recipients"),
  chainId: count(1, Number.MAX_SAFE_INTEGER, "chain ids"),
  block: count(0, Number.MAX_SAFE_INTEGER, "blocks"),
  confirmations: count(1, 1_000, "blocks"),
} satisfies Record<string, Parse<unknown>>;

/** An option whose value `parse` checks; the field in errors is its long flag. */
export function option<T>(flags: string, description: string, parse: Parse<T>, fallback?: { value: T; shown: string }): Option {
  const o = new Option(flags, description);
  o.argParser((value: string) => parse(value, o.long ?? o.name()));
  if (fallback !== undefined) o.default(fallback.value, fallback.shown);
  return o;
}

/** A required argument `<name>` whose value `parse` checks; the field in errors is its name. */
export function argument<T>(name: string, description: string, parse: Parse<T>): Argument {
  const a = new Argument(`<${name}>`, description);
  a.argParser((value: string) => parse(value, name));
  return a;
}
