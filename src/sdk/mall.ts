import type { TransactionReceipt } from "ethers";
import { BITS } from "./bounds.js";
import { send, type PointsClient } from "./client.js";
import { InvalidInputError, PointsError } from "./errors.js";
import { eventsIn, queryInChunks } from "./logs.js";
import { toPointsError } from "./reverts.js";
import { orderStatusName, type OrderStatus } from "./status.js";
import { parseTime } from "./time.js";
import { parseAddress, parseId, parseQuantity, parseRef } from "./validate.js";
import { fromIndexer } from "./indexed.js";

export type { OrderStatus };
const PAGE = 200;

export interface Category {
  id: number;
  merchantId: number;
  name: string;
  retired: boolean;
}

export interface Sku {
  id: number;
  merchantId: number;
  categoryId: number;
  price: bigint;
  stock: bigint;
  sold: bigint;
  unlimited: boolean;
  perWalletLimit: bigint;
  saleStart: bigint;
  saleEnd: bigint;
  active: boolean;
  metadataURI: string;
  /** From a `data:application/json,` metadata URI's `name`, where there is one. */
  name: string | undefined;
}

export interface Order {
  id: bigint;
  buyer: string;
  merchantId: number;
  /** An order of one SKU: its SKU and quantity. A cart's order: 0 and 0, its lines in `orderLines`. */
  skuId: number;
  qty: number;
  pointsPaid: bigint;
  status: OrderStatus;
  /** 1 for an order of one SKU, the number of lines for a cart's order. */
  lineCount: number;
}

/** One line of an order: `qty` units of SKU `skuId` for `pointsPaid` points. */
export interface OrderLine {
  skuId: number;
  qty: number;
  pointsPaid: bigint;
}

/** A SKU's terms. Times are unix seconds, or text as parseTime reads it (2026-12-01, an ISO time with zone). */
export interface SkuTerms {
  categoryId: number | bigint;
  price: bigint | string;
  perWalletLimit?: bigint | number | string;
  saleStart?: bigint | number | string;
  saleEnd?: bigint | number | string;
  metadataURI?: string;
}

const METADATA_PREFIX = "data:application/json,";

/**
 * A SKU's metadata as a `data:` URI holding its name and description (and optionally an image
 * URL, terms and whether it ships): it needs no storage service, so the catalog works offline and
 * on a private chain. A document the system serves (`/catalog/mug.json`) works too (metadata.ts).
 */
export function skuMetadataURI(
  name: string,
  description = "",
  extra: { image?: string; terms?: string; kind?: "physical" | "digital" } = {},
): string {
  const doc: Record<string, string> = { name, description };
  for (const [k, v] of Object.entries(extra)) if (typeof v === "string" && v.trim() !== "") doc[k] = v.trim();
  return `${METADATA_PREFIX}${encodeURIComponent(JSON.stringify(doc))}`;
}

/** The name in a `data:application/json,` metadata URI, where there is one. */
export function skuName(metadataURI: string): string | undefined {
  const prefix = METADATA_PREFIX;
  if (!metadataURI.startsWith(prefix)) return undefined;
  try {
    const meta = JSON.parse(decodeURIComponent(metadataURI.slice(prefix.length))) as { name?: unknown };
    return typeof meta.name === "string" ? meta.name : undefined;
  } catch {
    return undefined;
  }
}

function terms(t: SkuTerms) {
  const saleStart = parseTime(t.saleStart ?? 0, "sale start");
  const saleEnd = parseTime(t.saleEnd ?? 0, "sale end");
  if (saleEnd !== 0n && saleEnd <= saleStart) {
    throw new InvalidInputError("sale window", `it ends (${saleEnd}) before it starts (${saleStart})`, "give an end after the start, or none");
  }
  return {
    categoryId: parseId(t.categoryId, "category", BITS.category),
    price: parseQuantity(t.price, "price", BITS.price),
    perWalletLimit: parseQuantity(t.perWalletLimit ?? 0, "wallet limit", BITS.walletLimit, true),
    saleStart,
    saleEnd,
    metadataURI: t.metadataURI ?? "",
  };
}

export async function createCategory(
  client: PointsClient,
  input: { merchantId?: number | bigint; name: string },
): Promise<TransactionReceipt> {
  return send(client, client.mall.createCategory, parseId(input.merchantId ?? 1, "merchant", BITS.merchant), nonEmpty(input.name));
}

export async function renameCategory(client: PointsClient, input: { categoryId: number | bigint; name: string }): Promise<TransactionReceipt> {
  return send(client, client.mall.renameCategory, parseId(input.categoryId, "category", BITS.category), nonEmpty(input.name));
}

export async function retireCategory(client: PointsClient, input: { categoryId: number | bigint }): Promise<TransactionReceipt> {
  return send(client, client.mall.retireCategory, parseId(input.categoryId, "category", BITS.category));
}

/** A trimmed name, refused when empty. */
export function nonEmpty(name: string, field = "name"): string {
  if (name.trim() === "") throw new InvalidInputError(field, "empty", "give a name");
  return name.trim();
}

export async function createSku(
  client: PointsClient,
  input: SkuTerms & { stock?: bigint | number | string; unlimited?: boolean; active?: boolean },
): Promise<{ receipt: TransactionReceipt; skuId: number }> {
  const unlimited = input.unlimited === true;
  const stock = unlimited ? 0n : parseQuantity(input.stock ?? 0, "stock", BITS.stock, true);
  const receipt = await send(client, client.mall.createSku, { ...terms(input), stock, unlimited, active: input.active ?? true });
  const [created] = await eventsIn(receipt, client.mall, client.mall.getEvent("SkuCreated"));
  if (created === undefined) throw new PointsError("the transaction has no SkuCreated event", "list the catalog to see whether the SKU was created");
  return { receipt, skuId: Number(created.skuId) };
}

export async function updateSku(client: PointsClient, input: SkuTerms & { skuId: number | bigint }): Promise<TransactionReceipt> {
  return send(client, client.mall.updateSku, parseId(input.skuId, "SKU", BITS.sku), terms(input));
}

export async function restock(client: PointsClient, input: { skuId: number | bigint; added: bigint | number | string }): Promise<TransactionReceipt> {
  return send(client, client.mall.restock, parseId(input.skuId, "SKU", BITS.sku), parseQuantity(input.added, "units", BITS.restock));
}

export async function setSkuActive(client: PointsClient, input: { skuId: number | bigint; active: boolean }): Promise<TransactionReceipt> {
  return send(client, client.mall.setSkuActive, parseId(input.skuId, "SKU", BITS.sku), input.active);
}

export async function listCategories(client: PointsClient): Promise<Category[]> {
  const out: Category[] = [];
  for (let from = 1; ; from += PAGE) {
    const page = await client.mall.listCategories(from, PAGE);
    out.push(...page.map((c) => ({ id: Number(c.id), merchantId: Number(c.merchantId), name: c.name, retired: c.retired })));
    if (page.length < PAGE) return out;
  }
}

export async function getSku(client: PointsClient, skuId: number | bigint): Promise<Sku> {
  try {
    return toSku(await client.mall.sku(parseId(skuId, "SKU", BITS.sku)));
  } catch (error) {
    throw toPointsError(error);
  }
}

export async function listSkus(client: PointsClient): Promise<Sku[]> {
  const out: Sku[] = [];
  for (let from = 1; ; from += PAGE) {
    const page = await client.mall.listSkus(from, PAGE);
    out.push(...page.map(toSku));
    if (page.length < PAGE) return out;
  }
}

function toSku(s: Awaited<ReturnType<PointsClient["mall"]["sku"]>>): Sku {
  return {
    id: Number(s.id),
    merchantId: Number(s.merchantId),
    categoryId: Number(s.categoryId),
    price: s.price,
    stock: s.stock,
    sold: s.sold,
    unlimited: s.unlimited,
    perWalletLimit: s.perWalletLimit,
    saleStart: s.saleStart,
    saleEnd: s.saleEnd,
    active: s.active,
    metadataURI: s.metadataURI,
    name: skuName(s.metadataURI),
  };
}

/**
 * Redeems `qty` of a SKU for the signer. The price bound is `maxPricePerUnit`, or the price the SKU
 * has now: a price raised before the transaction lands then reverts instead of charging more.
 */
export async function redeem(
  client: PointsClient,
  input: { skuId: number | bigint | string; qty: number | bigint | string; maxPricePerUnit?: bigint | string },
): Promise<{ receipt: TransactionReceipt; orderId: bigint; pointsPaid: bigint }> {
  const skuId = parseId(input.skuId, "SKU", BITS.sku);
  const qty = parseQuantity(input.qty, "quantity", BITS.quantity);
  const maxPrice =
    input.maxPricePerUnit === undefined ? (await getSku(client, skuId)).price : parseQuantity(input.maxPricePerUnit, "max price", BITS.price);
  const receipt = await send(client, client.mall.redeem, skuId, qty, maxPrice);
  const [placed] = await eventsIn(receipt, client.mall, client.mall.getEvent("OrderPlaced"));
  if (placed === undefined) throw new PointsError("the redeem transaction has no OrderPlaced event", "list your orders to see whether it was placed");
  return { receipt, orderId: placed.orderId, pointsPaid: placed.pointsPaid };
}

export async function fulfil(client: PointsClient, input: { orderId: bigint | number | string; deliveryRef: string }): Promise<TransactionReceipt> {
  return send(client, client.mall.fulfil, parseId(input.orderId, "order", BITS.order), parseRef(input.deliveryRef, "delivery reference"));
}

export async function cancel(client: PointsClient, input: { orderId: bigint | number | string; reason: string }): Promise<TransactionReceipt> {
  return send(client, client.mall.cancel, parseId(input.orderId, "order", BITS.order), parseRef(input.reason, "reason"));
}

function toOrder(o: Awaited<ReturnType<PointsClient["mall"]["order"]>>): Order {
  return {
    id: o.id,
    buyer: o.buyer,
    merchantId: Number(o.merchantId),
    skuId: Number(o.skuId),
    qty: Number(o.qty),
    pointsPaid: o.pointsPaid,
    status: orderStatusName(o.status) as OrderStatus,
    lineCount: Number(o.lineCount),
  };
}

/** One order; an id never used is refused as UnknownOrder. */
export async function getOrder(client: PointsClient, orderId: bigint | number): Promise<Order> {
  try {
    return toOrder(await client.mall.order(parseId(orderId, "order", 64)));
  } catch (error) {
    throw toPointsError(error);
  }
}

/**
 * Orders, all or by buyer and status: from the index when the client has one; else a buyer's from
 * the OrderPlaced events that name it (its buyer is indexed), read a few at a time, and all orders
 * page by page from the mall.
 */
export async function listOrders(
  client: PointsClient,
  filter: { buyer?: string; status?: OrderStatus } = {},
): Promise<Order[]> {
  const buyer = filter.buyer === undefined ? undefined : parseAddress(filter.buyer, "buyer");
  const indexed = await fromIndexer(client, (ix) => ix.orders({ buyer, status: filter.status }));
  if (indexed !== undefined) return indexed;
  const wanted = (o: Order) => filter.status === undefined || o.status === filter.status;
  if (buyer !== undefined) {
    const placed = await queryInChunks(client, client.mall, client.mall.filters.OrderPlaced(undefined, buyer));
    // A cart's order logs an OrderPlaced per line: each id once.
    const ids = [...new Set(placed.map((e) => e.args.orderId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out: Order[] = [];
    for (let i = 0; i < ids.length; i += PAGE / 10) {
      out.push(...(await Promise.all(ids.slice(i, i + PAGE / 10).map(async (id) => toOrder(await client.mall.order(id))))));
    }
    return out.filter(wanted);
  }
  const out: Order[] = [];
  for (let from = 1n; ; from += BigInt(PAGE)) {
    const page = await client.mall.listOrders(from, PAGE);
    out.push(...page.map(toOrder).filter(wanted));
    if (page.length < PAGE) return out;
  }
}

/** The lines of order `orderId`: one for an order of one SKU, each line for a cart's order. */
export async function orderLines(client: PointsClient, orderId: bigint | number): Promise<OrderLine[]> {
  try {
    const lines = await client.mall.orderLines(parseId(orderId, "order", 64));
    return lines.map((l) => ({ skuId: Number(l.skuId), qty: Number(l.qty), pointsPaid: l.pointsPaid }));
  } catch (error) {
    throw toPointsError(error);
  }
}
