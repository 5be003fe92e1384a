/** The most units one order line can carry (the mall's quantity is a uint16). */
export const MAX_LINE_QTY = 65_535;

export type QuantityCheck = { ok: true; qty: number } | { ok: false };

/**
 * A quantity typed by a customer: a whole number from 1 to `max`. Anything else (empty, 0, -1,
 * 1.5, 1e2, letters) is refused, never converted: the page says "a whole number from 1 to N".
 */
export function parseQuantity(text: string, max: number): QuantityCheck {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return { ok: false };
  const qty = Number(trimmed);
  return qty >= 1 && qty <= max ? { ok: true, qty } : { ok: false };
}
