import { Contract, type TransactionReceipt } from "ethers";
import type { OrderPlacedEvent } from "../../types/ethers-contracts/contracts/PointsMall.js";
import { send, type PointsClient } from "./client.js";
import { InvalidInputError } from "./errors.js";
import { getSku, redeem } from "./mall.js";
import { parseId } from "./validate.js";

/** One line of a cart: a SKU, how many, and the most the buyer pays a unit (default: its price now). */
export interface CartLineInput {
  skuId: number | bigint;
  qty: number | bigint;
  maxPricePerUnit?: bigint | string;
}

/** An order that a redemption placed. */
export interface PlacedOrder {
  orderId: bigint;
  skuId: number;
  qty: number;
  pointsPaid: bigint;
}

// PointsMall.redeemCart(CartLine[]) as the lead specified it; the typed factory takes over once
// the contract is on main (see the report).
const CART_ABI = ["function redeemCart((uint32 skuId, uint16 qty, uint40 maxPricePerUnit)[] lines) returns (uint64 firstOrderId)"];

/** The cart's lines, checked: at least one, each SKU once, whole quantities that fit. */
export function parseCart(lines: CartLineInput[]): { skuId: bigint; qty: bigint; maxPricePerUnit: bigint | undefined }[] {
  if (lines.length === 0) throw new InvalidInputError("cart", "empty", "add an item to the cart first");
  const seen = new Set<bigint>();
  return lines.map((line, i) => {
    const skuId = parseId(line.skuId, `SKU of line ${i + 1}`, 32);
    if (seen.has(skuId)) throw new InvalidInputError("cart", `SKU ${skuId} is on two lines`, "put each item on one line with its quantity");
    seen.add(skuId);
    return {
      skuId,
      qty: parseId(line.qty, `quantity of line ${i + 1}`, 16),
      maxPricePerUnit: line.maxPricePerUnit === undefined ? undefined : parseId(line.maxPricePerUnit, `max price of line ${i + 1}`, 40),
    };
  });
}

/**
 * Redeems every line of a cart for the signer in one transaction: one order per line, in the
 * lines' order. Each line's price bound is its `maxPricePerUnit`, or the price the SKU has now.
 * A bad line reverts the whole cart with that line's error. One line is a plain `redeem`.
 */
export async function redeemCart(
  client: PointsClient,
  input: CartLineInput[],
): Promise<{ receipt: TransactionReceipt; orders: PlacedOrder[]; pointsPaid: bigint }> {
  const lines = parseCart(input);
  if (lines.length === 1) {
    const [line] = lines as [(typeof lines)[number]];
    const r = await redeem(client, { skuId: line.skuId, qty: line.qty, maxPricePerUnit: line.maxPricePerUnit });
    return { receipt: r.receipt, orders: [{ orderId: r.orderId, skuId: Number(line.skuId), qty: Number(line.qty), pointsPaid: r.pointsPaid }], pointsPaid: r.pointsPaid };
  }
  const bounded = await Promise.all(
    lines.map(async (l) => ({ skuId: l.skuId, qty: l.qty, maxPricePerUnit: l.maxPricePerUnit ?? (await getSku(client, l.skuId)).price })),
  );
  const mall = new Contract(await client.mall.getAddress(), CART_ABI, client.signer ?? client.provider);
  const receipt = await send(client, mall.getFunction("redeemCart"), bounded);
  const orders = placedOrders(client, receipt);
  return { receipt, orders, pointsPaid: orders.reduce((sum, o) => sum + o.pointsPaid, 0n) };
}

/** The orders a transaction placed, from its OrderPlaced logs, in log order. */
export function placedOrders(client: PointsClient, receipt: TransactionReceipt): PlacedOrder[] {
  const out: PlacedOrder[] = [];
  for (const log of receipt.logs) {
    const parsed = client.mall.interface.parseLog(log);
    if (parsed?.name !== "OrderPlaced") continue;
    // parseLog types args loosely; by its name this log is OrderPlaced, so its args are that event's.
    const { args } = parsed as unknown as OrderPlacedEvent.LogDescription;
    out.push({ orderId: args.orderId, skuId: Number(args.skuId), qty: Number(args.qty), pointsPaid: args.pointsPaid });
  }
  if (out.length === 0) throw new InvalidInputError("receipt", "no OrderPlaced log in the transaction");
  return out;
}
