/** A whole number typed in a console form, from `min` to `max`; undefined for anything else. */
export function wholeNumber(text: string, min: bigint, max: bigint): bigint | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,30}$/.test(trimmed)) return undefined;
  const n = BigInt(trimmed);
  return n >= min && n <= max ? n : undefined;
}

/** The mall's bounds (IPointsMall's integer widths). */
export const MAX_PRICE = 2n ** 40n - 1n;
export const MAX_STOCK = 2n ** 40n - 1n;
export const MAX_LIMIT = 2n ** 24n - 1n;
