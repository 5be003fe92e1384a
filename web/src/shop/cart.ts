import { useSyncExternalStore } from "react";
import { MAX_LINE_QTY } from "./quantity.js";

/** A line of the cart. Prices are read again at checkout; the cart keeps only what and how many. */
export interface CartLine {
  skuId: number;
  qty: number;
}

// Kept in localStorage: it is no secret, survives reloads and is shared by this browser's tabs.
const STORAGE_KEY = "points.cart.v1";
const listeners = new Set<() => void>();

function read(): CartLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (l): l is CartLine =>
        Number.isSafeInteger((l as CartLine)?.skuId) && Number.isSafeInteger((l as CartLine)?.qty) && (l as CartLine).qty >= 1,
    );
  } catch {
    return [];
  }
}

let lines = read();

function write(next: CartLine[]): void {
  lines = next;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  for (const l of listeners) l();
}

window.addEventListener("storage", (event) => {
  if (event.key !== STORAGE_KEY) return;
  lines = read();
  for (const l of listeners) l();
});

export const cart = {
  /** Adds `qty` of a SKU (to its line if there is one), at most `max` in all. */
  add(skuId: number, qty: number, max = MAX_LINE_QTY): void {
    const current = lines.find((l) => l.skuId === skuId)?.qty ?? 0;
    const next = Math.min(max, current + qty);
    write(current === 0 ? [...lines, { skuId, qty: next }] : lines.map((l) => (l.skuId === skuId ? { skuId, qty: next } : l)));
  },
  setQty(skuId: number, qty: number): void {
    write(lines.map((l) => (l.skuId === skuId ? { skuId, qty } : l)));
  },
  remove(skuIds: number[]): void {
    write(lines.filter((l) => !skuIds.includes(l.skuId)));
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCart(): CartLine[] {
  return useSyncExternalStore(subscribe, () => lines);
}
