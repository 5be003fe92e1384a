import type { TransactionReceipt } from "ethers";
import { send, type PointsClient } from "./client.js";
import { InvalidInputError, toPointsError } from "./errors.js";
import { MERCHANT_ROLES, merchantRoleId, type MerchantRole } from "./roles.js";
import { orderStatusName, type OrderStatus } from "./status.js";
import { parseAddress, parseId, parseRef } from "./validate.js";

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

export interface SkuTerms {
  categoryId: number;
  price: bigint | string;
  perWalletLimit?: bigint | number;
  saleStart?: bigint | number;
  saleEnd?: bigint | number;
  metadataURI?: string;
}

const METADATA_PREFIX = "data:application/json,";

/**
 * A SKU's metadata as a `data:` URI holding its name and description: it needs no storage
 * service, so the catalog works offline and on a private chain.
 */
export function skuMetadataURI(name: string, description = ""): string {
  return `${METADATA_PREFIX}${encodeURIComponent(JSON.stringify({ name, description }))}`;
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
  const saleStart = BigInt(t.saleStart ?? 0);
  const saleEnd = BigInt(t.saleEnd ?? 0);
  if (saleEnd !== 0n && saleEnd <= saleStart) {
    throw new InvalidInputError("sale window", `it ends (${saleEnd}) before it starts (${saleStart})`);
  }
  return {
    categoryId: parseId(t.categoryId, "category", 32),
    price: parseId(t.price, "price", 40),
    perWalletLimit: t.perWalletLimit === undefined || BigInt(t.perWalletLimit) === 0n ? 0n : parseId(t.perWalletLimit, "wallet limit", 24),
    saleStart,
    saleEnd,
    metadataURI: t.metadataURI ?? "",
  };
}

export async function createCategory(
  client: PointsClient,
  input: { merchantId?: number; name: string },
): Promise<TransactionReceipt> {
  if (input.name.trim() === "") throw new InvalidInputError("name", "empty");
  return send(client, client.mall.createCategory, parseId(input.merchantId ?? 1, "merchant", 16), input.name.trim());
}

export async function renameCategory(client: PointsClient, input: { categoryId: number; name: string }): Promise<TransactionReceipt> {
  if (input.name.trim() === "") throw new InvalidInputError("name", "empty");
  return send(client, client.mall.renameCategory, parseId(input.categoryId, "category", 32), input.name.trim());
}

export async function retireCategory(client: PointsClient, input: { categoryId: number }): Promise<TransactionReceipt> {
  return send(client, client.mall.retireCategory, parseId(input.categoryId, "category", 32));
}

export async function createSku(
  client: PointsClient,
  input: SkuTerms & { stock?: bigint | number; unlimited?: boolean; active?: boolean },
): Promise<TransactionReceipt> {
  const unlimited = input.unlimited === true;
  const stock = unlimited || input.stock === undefined || BigInt(input.stock) === 0n ? 0n : parseId(input.stock, "stock", 40);
  return send(client, client.mall.createSku, { ...terms(input), stock, unlimited, active: input.active ?? true });
}

export async function updateSku(client: PointsClient, input: SkuTerms & { skuId: number }): Promise<TransactionReceipt> {
  return send(client, client.mall.updateSku, parseId(input.skuId, "SKU", 32), terms(input));
}

export async function restock(client: PointsClient, input: { skuId: number; added: bigint | number }): Promise<TransactionReceipt> {
  return send(client, client.mall.restock, parseId(input.skuId, "SKU", 32), parseId(input.added, "added", 40));
}

export async function setSkuActive(client: PointsClient, input: { skuId: number; active: boolean }): Promise<TransactionReceipt> {
  return send(client, client.mall.setSkuActive, parseId(input.skuId, "SKU", 32), input.active);
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
    return toSku(await client.mall.sku(parseId(skuId, "SKU", 32)));
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
  input: { skuId: number | bigint; qty: number | bigint; maxPricePerUnit?: bigint | string },
): Promise<{ receipt: TransactionReceipt; orderId: bigint; pointsPaid: bigint }> {
  const skuId = parseId(input.skuId, "SKU", 32);
  const qty = parseId(input.qty, "quantity", 16);
  const maxPrice =
    input.maxPricePerUnit === undefined ? (await getSku(client, skuId)).price : parseId(input.maxPricePerUnit, "max price", 40);
  const receipt = await send(client, client.mall.redeem, skuId, qty, maxPrice);
  for (const log of receipt.logs) {
    const parsed = client.mall.interface.parseLog(log);
    if (parsed?.name === "OrderPlaced") {
      return { receipt, orderId: parsed.args.orderId as bigint, pointsPaid: parsed.args.pointsPaid as bigint };
    }
  }
  throw new InvalidInputError("receipt", "no OrderPlaced log in the redeem transaction");
}

export async function fulfil(client: PointsClient, input: { orderId: bigint | number; deliveryRef: string }): Promise<TransactionReceipt> {
  return send(client, client.mall.fulfil, parseId(input.orderId, "order", 64), parseRef(input.deliveryRef, "delivery reference"));
}

export async function cancel(client: PointsClient, input: { orderId: bigint | number; reason: string }): Promise<TransactionReceipt> {
  return send(client, client.mall.cancel, parseId(input.orderId, "order", 64), parseRef(input.reason, "reason"));
}

/** Orders, all or by buyer and status. */
export async function listOrders(
  client: PointsClient,
  filter: { buyer?: string; status?: OrderStatus } = {},
): Promise<Order[]> {
  const buyer = filter.buyer === undefined ? undefined : parseAddress(filter.buyer, "buyer");
  const out: Order[] = [];
  for (let from = 1n; ; from += BigInt(PAGE)) {
    const page = await client.mall.listOrders(from, PAGE);
    for (const o of page) {
      const order: Order = {
        id: o.id,
        buyer: o.buyer,
        merchantId: Number(o.merchantId),
        skuId: Number(o.skuId),
        qty: Number(o.qty),
        pointsPaid: o.pointsPaid,
        status: orderStatusName(o.status) as OrderStatus,
        lineCount: Number(o.lineCount),
      };
      if ((buyer === undefined || order.buyer === buyer) && (filter.status === undefined || order.status === filter.status)) {
        out.push(order);
      }
    }
    if (page.length < PAGE) return out;
  }
}

function roleAt(role: MerchantRole, merchantId: number): string {
  return merchantRoleId(role, Number(parseId(merchantId, "merchant", 16)));
}

/** Grants a merchant role: by the merchant's admin (catalog managers, fulfillers) or the platform admin. */
export async function grantMerchantRole(
  client: PointsClient,
  input: { role: MerchantRole; merchantId: number; account: string },
): Promise<TransactionReceipt> {
  return send(client, client.mall.grantRole, roleAt(input.role, input.merchantId), parseAddress(input.account, "account"));
}

export async function revokeMerchantRole(
  client: PointsClient,
  input: { role: MerchantRole; merchantId: number; account: string },
): Promise<TransactionReceipt> {
  return send(client, client.mall.revokeRole, roleAt(input.role, input.merchantId), parseAddress(input.account, "account"));
}

/** The roles `account` holds at merchant `merchantId`. */
export async function merchantRoles(client: PointsClient, account: string, merchantId: number): Promise<MerchantRole[]> {
  const address = parseAddress(account, "account");
  const held = await Promise.all(
    MERCHANT_ROLES.map((r) => client.mall.hasRole(roleAt(r, merchantId), address)),
  );
  return MERCHANT_ROLES.filter((_, i) => held[i]);
}

/** Registers a merchant whose roles `admin` manages (platform admin only). */
export async function registerMerchant(
  client: PointsClient,
  input: { name: string; admin: string },
): Promise<{ receipt: TransactionReceipt; merchantId: number }> {
  if (input.name.trim() === "") throw new InvalidInputError("name", "empty");
  const receipt = await send(client, client.mall.registerMerchant, input.name.trim(), parseAddress(input.admin, "admin"));
  const [merchants] = await client.mall.counts();
  return { receipt, merchantId: Number(merchants) };
}

/** Says that points issued by `issuer` are merchant `merchantId`'s, for settlement (platform admin). */
export async function setMerchantIssuer(
  client: PointsClient,
  input: { issuer: string; merchantId: number },
): Promise<TransactionReceipt> {
  const merchantId = input.merchantId === 0 ? 0n : parseId(input.merchantId, "merchant", 16);
  return send(client, client.mall.setMerchantIssuer, parseAddress(input.issuer, "issuer"), merchantId);
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
