/**
 * JSON with bigints as decimal strings: how the relay's requests and answers travel, and how the
 * CLI prints --json. One replacer, so both sides of the wire agree.
 */
export function jsonWithBigints(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), space);
}
