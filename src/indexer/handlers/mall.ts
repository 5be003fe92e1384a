/**
 * The mall's events: merchants, the issuer-to-merchant map, categories, SKUs with their stock and
 * sales, and orders with their status history.
 */
import { readableRef } from "../../sdk/validate.js";
import { skuName } from "../../sdk/mall.js";
import type { ApplyContext } from "../context.js";
import type { LogPosition } from "../decode.js";
import type { Stored } from "../tables.js";
import { roleGranted, roleRevoked } from "./roles.js";
import type { HandlerTable } from "./types.js";

function sku(ctx: ApplyContext, skuId: bigint | number, block: number): Stored<"skus"> | undefined {
  const row = ctx.store.edit("skus", String(skuId));
  if (row !== undefined) {
    row.updated_block = block;
    ctx.touched.skus.add(Number(skuId));
  }
  return row;
}

function orderEvent(ctx: ApplyContext, pos: LogPosition, order: Stored<"orders">, status: string, actor: string, ref: string | null, points: bigint): void {
  ctx.insert.order_events.push({
    block_number: pos.block, log_index: pos.logIndex, block_time: pos.time, tx_hash: pos.txHash, order_id: order.id, merchant_id: order.merchant_id,
    status, actor, ref, ref_text: ref === null ? null : readableRef(ref), points,
  });
}

/** A Placed order leaves the open orders (fulfilled or cancelled). */
function closeOrder(ctx: ApplyContext, order: Stored<"orders">, pos: LogPosition, status: string): void {
  order.status = status;
  order.updated_block = pos.block;
  order.updated_time = pos.time;
  const t = ctx.totals();
  t.open_orders -= 1;
  t.open_order_points -= order.points_paid;
}

function orderData(order: Stored<"orders">): Record<string, unknown> {
  const lines = order.lines.split(";").map((l) => l.split(":")).map(([skuId, qty, pointsPaid]) => ({ skuId: Number(skuId), qty: Number(qty), pointsPaid: BigInt(pointsPaid!) }));
  return { orderId: BigInt(order.id), buyer: order.buyer, merchantId: order.merchant_id, skuId: order.sku_id, qty: order.qty, pointsPaid: order.points_paid, status: order.status, lineCount: order.line_count, lines };
}

export const mallHandlers: HandlerTable["mall"] = {
  MerchantRegistered: {
    apply: ({ args, pos }, ctx) => {
      const id = Number(args.merchantId);
      ctx.store.edit("merchants", String(id), () => ({ id, name: args.name, admin: args.admin, block_number: pos.block, issued: 0n, redeemed: 0n, orders: 0 }));
    },
  },
  MerchantIssuerSet: {
    apply: ({ args, pos }, ctx) => {
      const merchantId = Number(args.merchantId);
      const row = ctx.store.edit("merchant_issuers", args.issuer, () => ({ issuer: args.issuer, merchant_id: merchantId, block_number: pos.block }))!;
      row.merchant_id = merchantId;
      row.block_number = pos.block;
      ctx.insert.merchant_issuer_changes.push({ block_number: pos.block, log_index: pos.logIndex, issuer: args.issuer, merchant_id: merchantId });
    },
  },
  CategoryCreated: {
    apply: ({ args, pos }, ctx) => {
      const id = Number(args.categoryId);
      ctx.store.edit("categories", String(id), () => ({ id, merchant_id: Number(args.merchantId), name: args.name, retired: false, block_number: pos.block }));
    },
  },
  CategoryRenamed: {
    apply: ({ args }, ctx) => {
      const row = ctx.store.edit("categories", String(args.categoryId));
      if (row !== undefined) row.name = args.name;
    },
  },
  CategoryRetired: {
    apply: ({ args }, ctx) => {
      const row = ctx.store.edit("categories", String(args.categoryId));
      if (row !== undefined) row.retired = true;
    },
  },
  SkuCreated: {
    apply: ({ args: { skuId, merchantId, categoryId, input }, pos }, ctx) => {
      const id = Number(skuId);
      const stock = input.unlimited ? 0n : input.stock;
      ctx.store.edit("skus", String(id), () => ({
        id, merchant_id: Number(merchantId), category_id: Number(categoryId), price: input.price, stock, sold: 0n, supplied: stock,
        unlimited: input.unlimited, per_wallet_limit: input.perWalletLimit, sale_start: input.saleStart, sale_end: input.saleEnd,
        active: input.active, metadata_uri: input.metadataURI, name: skuName(input.metadataURI) ?? null, orders: 0, points_redeemed: 0n,
        block_number: pos.block, updated_block: pos.block,
      }));
      ctx.touched.skus.add(id);
    },
  },
  SkuUpdated: {
    apply: ({ args: { skuId, update }, pos }, ctx) => {
      const row = sku(ctx, skuId, pos.block);
      if (row === undefined) return;
      row.category_id = Number(update.categoryId);
      row.price = update.price;
      row.per_wallet_limit = update.perWalletLimit;
      row.sale_start = update.saleStart;
      row.sale_end = update.saleEnd;
      row.metadata_uri = update.metadataURI;
      row.name = skuName(update.metadataURI) ?? null;
    },
  },
  SkuActiveSet: {
    apply: ({ args, pos }, ctx) => {
      const row = sku(ctx, args.skuId, pos.block);
      if (row !== undefined) row.active = args.active;
    },
  },
  SkuRestocked: {
    apply: ({ args, pos }, ctx) => {
      const row = sku(ctx, args.skuId, pos.block);
      if (row === undefined) return;
      row.supplied += args.added;
      row.stock = args.stock;
    },
  },
  OrderPlaced: {
    keys: (e, k) => void k.orders.add(String(e.args.orderId)),
    apply: ({ args, pos }, ctx) => {
      // One OrderPlaced per line: a cart's order logs one for each of its SKUs, all with its id.
      const id = Number(args.orderId);
      const line = `${args.skuId}:${args.qty}:${args.pointsPaid}`;
      let first = false;
      const order = ctx.store.edit("orders", String(id), () => {
        first = true;
        return {
          id, buyer: args.buyer, merchant_id: Number(args.merchantId), sku_id: Number(args.skuId), qty: Number(args.qty), points_paid: 0n, line_count: 0, lines: "",
          status: "Placed", placed_block: pos.block, placed_time: pos.time, placed_tx: pos.txHash, relayed: ctx.tx.relayedBy.has(pos.logIndex),
          updated_block: pos.block, updated_time: pos.time, delivery_ref: null, fulfiller: null, reason: null, canceller: null, refunded: 0n,
        };
      })!;
      order.points_paid += args.pointsPaid;
      order.line_count += 1;
      order.lines = order.lines === "" ? line : `${order.lines};${line}`;
      if (order.line_count > 1) [order.sku_id, order.qty] = [0, 0]; // as the mall shows a cart's order
      ctx.insert.order_lines.push({ block_number: pos.block, log_index: pos.logIndex, order_id: id, line: order.line_count - 1, sku_id: Number(args.skuId), qty: Number(args.qty), points_paid: args.pointsPaid });
      const s = sku(ctx, args.skuId, pos.block);
      if (s !== undefined) {
        s.sold += args.qty;
        if (!s.unlimited) s.stock -= args.qty;
        s.orders += 1;
        s.points_redeemed += args.pointsPaid;
      }
      const merchant = ctx.store.edit("merchants", String(order.merchant_id));
      if (merchant !== undefined) {
        merchant.redeemed += args.pointsPaid;
        if (first) merchant.orders += 1;
      }
      const t = ctx.totals();
      t.open_order_points += args.pointsPaid;
      if (first) {
        t.orders += 1;
        t.open_orders += 1;
        ctx.day(pos.time).orders_placed += 1;
      }
      orderEvent(ctx, pos, order, "Placed", args.buyer, null, args.pointsPaid);
      // One notification per order, carrying all its lines.
      const key = `${pos.txHash}:order:${id}`;
      const existing = ctx.notifications.find((n) => n.key === key);
      if (existing !== undefined) existing.data = orderData(order);
      else ctx.notify("order.placed", pos, orderData(order), key);
    },
  },
  OrderFulfilled: {
    keys: (e, k) => void k.orders.add(String(e.args.orderId)),
    apply: ({ args, pos }, ctx) => {
      const order = ctx.store.edit("orders", String(args.orderId));
      if (order === undefined) return;
      closeOrder(ctx, order, pos, "Fulfilled");
      order.fulfiller = args.fulfiller;
      order.delivery_ref = args.deliveryRef;
      ctx.day(pos.time).orders_fulfilled += 1;
      orderEvent(ctx, pos, order, "Fulfilled", args.fulfiller, args.deliveryRef, 0n);
      ctx.notify("order.fulfilled", pos, { ...orderData(order), deliveryRef: args.deliveryRef, deliveryRefText: readableRef(args.deliveryRef), fulfiller: args.fulfiller });
    },
  },
  OrderCancelled: {
    keys: (e, k) => void k.orders.add(String(e.args.orderId)),
    apply: ({ args, pos }, ctx) => {
      const order = ctx.store.edit("orders", String(args.orderId));
      if (order === undefined) return;
      closeOrder(ctx, order, pos, "Cancelled");
      order.canceller = args.canceller;
      order.reason = args.reason;
      order.refunded = args.pointsRefunded;
      for (const line of order.lines.split(";")) {
        const [skuId, qty, points] = line.split(":");
        const s = sku(ctx, Number(skuId), pos.block);
        if (s === undefined) continue;
        s.sold -= BigInt(qty!);
        if (!s.unlimited) s.stock += BigInt(qty!);
        s.points_redeemed -= BigInt(points!);
      }
      const merchant = ctx.store.edit("merchants", String(order.merchant_id));
      if (merchant !== undefined) merchant.redeemed -= args.pointsRefunded;
      ctx.day(pos.time).orders_cancelled += 1;
      orderEvent(ctx, pos, order, "Cancelled", args.canceller, args.reason, args.pointsRefunded);
      ctx.notify("order.cancelled", pos, { ...orderData(order), reason: args.reason, reasonText: readableRef(args.reason), canceller: args.canceller, pointsRefunded: args.pointsRefunded });
    },
  },
  RoleGranted: { apply: ({ args, pos }, ctx) => roleGranted(ctx, args, pos) },
  RoleRevoked: { apply: ({ args, pos }, ctx) => roleRevoked(ctx, args, pos) },
};
