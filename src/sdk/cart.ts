import type { TransactionReceipt } from "ethers";
import { send, type PointsClient } from "./client.js";
import { BITS } from "./bounds.js";
import { InvalidInputError, PointsError } from "./errors.js";
import { eventsIn } from "./logs.js";
import { getSku, type OrderLine } from "./mall.js";
import { parseId, parseQuantity } from "./validate.js";

/** The most lines one cart may have (PointsMall.MAX_CART_LINES). */
export const MAX_CART_LINES = 32;

/** One line of a cart: `qty` units of a SKU, at most `maxPricePerUnit` each (default: the price now). */
export interface CartLineInput {
  skuId: number | bigint;
  qty: number | bigint;
  maxPricePerUnit?: bigint | string;
}

/**
 * Redeems a cart in one transaction (one wallet confirmation): one order with a line per SKU, all of
 * one merchant's SKUs, each SKU once. Each line's price bound is the price the shopper saw, or the
 * price now: a price raised before the transaction lands reverts the whole cart, charging nothing.
 */
export async function redeemCart(
  client: PointsClient,
  input: CartLineInput[],
): Promise<{ receipt: TransactionReceipt; orderId: bigint; pointsPaid: bigint; lines: OrderLine[] }> {
  if (input.length === 0) throw new InvalidInputError("cart", "it is empty", "add an item first");
  if (input.length > MAX_CART_LINES) {
    throw new InvalidInputError("cart", `it has ${input.length} lines; at most ${MAX_CART_LINES} fit one order`, "check out in two orders");
  }
  const seen = new Set<bigint>();
  const lines = await Promise.all(
    input.map(async (line, i) => {
      const skuId = parseId(line.skuId, `line ${i + 1}: SKU`, BITS.sku);
      const qty = parseQuantity(line.qty, `line ${i + 1}: quantity`, BITS.quantity);
      const maxPricePerUnit =
        line.maxPricePerUnit === undefined ? (await getSku(client, skuId)).price : parseQuantity(line.maxPricePerUnit, `line ${i + 1}: max price`, BITS.price);
      return { skuId, qty, maxPricePerUnit };
    }),
  );
  for (const line of lines) {
    if (seen.has(line.skuId)) throw new InvalidInputError("cart", `SKU ${line.skuId} is in it twice`, "put it once, with the total quantity");
    seen.add(line.skuId);
  }
  const receipt = await send(client, client.mall.redeemCart, lines);
  // A cart's order logs one OrderPlaced per line, all with its id.
  const events = await eventsIn(receipt, client.mall, client.mall.getEvent("OrderPlaced"));
  const placed: OrderLine[] = events.map((e) => ({ skuId: Number(e.skuId), qty: Number(e.qty), pointsPaid: e.pointsPaid }));
  const orderId = events[0]?.orderId;
  if (orderId === undefined) throw new PointsError("the cart's transaction has no OrderPlaced event", "list your orders to see whether it was placed");
  return { receipt, orderId, pointsPaid: placed.reduce((sum, l) => sum + l.pointsPaid, 0n), lines: placed };
}
