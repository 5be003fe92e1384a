import type { Sku } from "../../../src/sdk/index.js";
import { MAX_LINE_QTY } from "./quantity.js";

/** Whether a customer can take an item now, and how many at most. */
export type Availability =
  | { kind: "available"; max: number }
  | { kind: "soldOut" }
  | { kind: "limitReached"; limit: number }
  | { kind: "notStarted"; at: bigint }
  | { kind: "ended" }
  | { kind: "withdrawn" };

export const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));

/** `purchased`: units the customer holds against the item's limit (undefined: not known, no account). */
export function availability(sku: Sku, purchased: bigint | undefined, now = nowSeconds()): Availability {
  if (!sku.active) return { kind: "withdrawn" };
  if (now < sku.saleStart) return { kind: "notStarted", at: sku.saleStart };
  if (sku.saleEnd !== 0n && now >= sku.saleEnd) return { kind: "ended" };
  if (!sku.unlimited && sku.stock === 0n) return { kind: "soldOut" };
  let max = BigInt(MAX_LINE_QTY);
  if (!sku.unlimited && sku.stock < max) max = sku.stock;
  if (sku.perWalletLimit > 0n) {
    const left = sku.perWalletLimit - (purchased ?? 0n);
    if (left <= 0n) return { kind: "limitReached", limit: Number(sku.perWalletLimit) };
    if (left < max) max = left;
  }
  return { kind: "available", max: Number(max) };
}

/** Items a shopper can see in the shop: on sale, or sold out (said on the item), not withdrawn or over. */
export function listed(sku: Sku, now = nowSeconds()): boolean {
  return sku.active && (sku.saleEnd === 0n || now < sku.saleEnd);
}
