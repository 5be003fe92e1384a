import type { TransactionReceipt } from "ethers";
import { send, type PointsClient } from "./client.js";
import { InvalidInputError } from "./errors.js";
import { getSku, type OrderLine } from "./mall.js";
import { parseId } from "./validate.js";

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
      const skuId = parseId(line.skuId, `line ${i + 1}: SKU`, 32);
      const qty = parseId(line.qty, `line ${i + 1}: quantity`, 16);
      const maxPricePerUnit =
        line.maxPricePerUnit === undefined ? (await getSku(client, skuId)).price : parseId(line.maxPricePerUnit, `line ${i + 1}: max price`, 40);
      return { skuId, qty, maxPricePerUnit };
    }),
  );
  for (const line of lines) {
    if (seen.has(line.skuId)) throw new InvalidInputError("cart", `SKU ${line.skuId} is in it twice`, "put it once, with the total quantity");
    seen.add(line.skuId);
  }
  const receipt = await send(client, client.mall.redeemCart, lines);
  let orderId: bigint | undefined;
  const placed: OrderLine[] = [];
  for (const log of receipt.logs) {
    const parsed = client.mall.interface.parseLog(log);
    if (parsed?.name !== "OrderPlaced") continue;
    orderId = parsed.args.orderId as bigint;
    placed.push({ skuId: Number(parsed.args.skuId), qty: Number(parsed.args.qty), pointsPaid: parsed.args.pointsPaid as bigint });
  }
  if (orderId === undefined) throw new InvalidInputError("receipt", "no OrderPlaced log in the cart's transaction");
  return { receipt, orderId, pointsPaid: placed.reduce((sum, l) => sum + l.pointsPaid, 0n), lines: placed };
}
