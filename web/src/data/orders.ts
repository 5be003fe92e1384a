import { PointsError, getOrder, listOrders, placedOrders, readableRef, type Order, type PointsClient } from "../../../src/sdk/index.js";
import type { OrderCancelledEvent, OrderFulfilledEvent, OrderPlacedEvent } from "../../../types/ethers-contracts/contracts/PointsMall.js";
import { useWallet } from "../wallet/WalletContext.js";
import { byChainOrder, typedLogs } from "./logs.js";
import { useQuery, type Query } from "./useQuery.js";

/** An order with where it was placed (its block gives the date). */
export interface OrderRow {
  order: Order;
  block: number;
  tx: string;
}

interface Step {
  block: number;
  tx: string;
  by: string;
}

export interface OrderDetails {
  order: Order;
  /** `from`: who sent the transaction (the relay's key when the mall paid the gas). */
  placed: Step & { from: string };
  fulfilled: (Step & { deliveryRef: string }) | undefined;
  cancelled: (Step & { reason: string; refunded: bigint }) | undefined;
  /** The other orders of the same transaction: the rest of a cart. */
  together: Order[];
}

/** A buyer's orders, newest first (OrderPlaced's buyer is indexed: no scan of every order). */
export async function loadBuyerOrders(reader: PointsClient, buyer: string): Promise<OrderRow[]> {
  const placed = await typedLogs<OrderPlacedEvent.Event>(reader, reader.mall, reader.mall.filters.OrderPlaced(undefined, buyer));
  placed.sort(byChainOrder).reverse();
  const orders = await Promise.all(placed.map((e) => getOrder(reader, e.args.orderId)));
  return placed.map((e, i) => ({ order: orders[i]!, block: e.blockNumber, tx: e.transactionHash }));
}

/** A merchant's orders, newest first. */
export async function loadMerchantOrders(reader: PointsClient, merchantId: number): Promise<OrderRow[]> {
  const [orders, placed] = await Promise.all([
    listOrders(reader),
    typedLogs<OrderPlacedEvent.Event>(reader, reader.mall, reader.mall.filters.OrderPlaced()),
  ]);
  const where = new Map(placed.map((e) => [e.args.orderId, e]));
  return orders
    .filter((o) => o.merchantId === merchantId && where.has(o.id))
    .map((o) => ({ order: o, block: where.get(o.id)!.blockNumber, tx: where.get(o.id)!.transactionHash }))
    .sort((a, b) => (a.order.id < b.order.id ? 1 : -1));
}

/** Everything a receipt shows: the order, each step with its block, and the rest of its cart. */
export async function loadOrderDetails(reader: PointsClient, orderId: bigint): Promise<OrderDetails> {
  const { mall, provider } = reader;
  const order = await getOrder(reader, orderId);
  const [placed, fulfilled, cancelled] = await Promise.all([
    typedLogs<OrderPlacedEvent.Event>(reader, mall, mall.filters.OrderPlaced(orderId)),
    typedLogs<OrderFulfilledEvent.Event>(reader, mall, mall.filters.OrderFulfilled(orderId)),
    typedLogs<OrderCancelledEvent.Event>(reader, mall, mall.filters.OrderCancelled(orderId)),
  ]);
  const p = placed[0];
  if (p === undefined) {
    throw new PointsError(`order ${orderId} has no OrderPlaced event from block ${reader.fromBlock} on`, "the node may not keep old logs; ask the operator");
  }
  const [tx, receipt] = await Promise.all([provider.getTransaction(p.transactionHash), provider.getTransactionReceipt(p.transactionHash)]);
  const siblings = receipt === null ? [] : placedOrders(reader, receipt).filter((o) => o.orderId !== orderId);
  const f = fulfilled[0];
  const c = cancelled[0];
  return {
    order,
    placed: { block: p.blockNumber, tx: p.transactionHash, by: order.buyer, from: tx?.from ?? order.buyer },
    fulfilled: f === undefined ? undefined : { block: f.blockNumber, tx: f.transactionHash, by: f.args.fulfiller, deliveryRef: readableRef(f.args.deliveryRef) },
    cancelled:
      c === undefined
        ? undefined
        : { block: c.blockNumber, tx: c.transactionHash, by: c.args.canceller, reason: readableRef(c.args.reason), refunded: c.args.pointsRefunded },
    together: await Promise.all(siblings.map((o) => getOrder(reader, o.orderId))),
  };
}

// One hook per panel: each can move to the indexer's API (connectIndexer) without touching pages.
export function useBuyerOrders(): Query<OrderRow[]> {
  const { reader, account } = useWallet();
  return useQuery(account === undefined ? undefined : () => loadBuyerOrders(reader, account), [reader, account]);
}

export function useMerchantOrders(merchantId: number | undefined): Query<OrderRow[]> {
  const { reader } = useWallet();
  return useQuery(merchantId === undefined ? undefined : () => loadMerchantOrders(reader, merchantId), [reader, merchantId]);
}

export function useOrderDetails(orderId: bigint | undefined): Query<OrderDetails> {
  const { reader } = useWallet();
  return useQuery(orderId === undefined ? undefined : () => loadOrderDetails(reader, orderId), [reader, orderId?.toString()]);
}
