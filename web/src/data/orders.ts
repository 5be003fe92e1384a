import { PointsError, getOrder, listOrders, orderLines, readableRef, type IndexedOrder, type IndexerClient, type Order, type OrderLine, type PointsClient } from "../../../src/sdk/index.js";
import type { OrderCancelledEvent, OrderFulfilledEvent, OrderPlacedEvent } from "../../../types/ethers-contracts/contracts/PointsMall.js";
import type { TypedEventLog } from "../../../types/ethers-contracts/common.js";
import { useWallet } from "../wallet/WalletContext.js";
import { allPages, seconds, viaLedger } from "./ledger.js";
import { byChainOrder, typedLogs } from "./logs.js";
import { useQuery, type Query } from "./useQuery.js";

/** An order with its lines (a cart's order has several) and where it was placed (its block gives the date). */
export interface OrderRow {
  order: Order;
  lines: OrderLine[];
  block: number;
  tx: string;
  /** When it was placed (unix seconds), where the ledger API dated it. */
  time?: number;
}

interface Step {
  block: number;
  tx: string;
  by: string;
}

export interface OrderDetails {
  order: Order;
  lines: OrderLine[];
  /** `from`: who sent the transaction (the relay's key when the mall paid the gas). */
  placed: Step & { from: string };
  fulfilled: (Step & { deliveryRef: string }) | undefined;
  cancelled: (Step & { reason: string; refunded: bigint }) | undefined;
}

type Placed = TypedEventLog<OrderPlacedEvent.Event>;

/** OrderPlaced events by order, newest order first: one event per line, all of an order in its transaction. */
function byOrder(placed: Placed[]): { orderId: bigint; lines: OrderLine[]; block: number; tx: string }[] {
  const orders = new Map<bigint, { orderId: bigint; lines: OrderLine[]; block: number; tx: string }>();
  for (const e of [...placed].sort(byChainOrder)) {
    const o = orders.get(e.args.orderId) ?? { orderId: e.args.orderId, lines: [], block: e.blockNumber, tx: e.transactionHash };
    o.lines.push({ skuId: Number(e.args.skuId), qty: Number(e.args.qty), pointsPaid: e.args.pointsPaid });
    orders.set(e.args.orderId, o);
  }
  return [...orders.values()].sort((a, b) => (a.orderId < b.orderId ? 1 : -1));
}

/** A buyer's orders, newest first (OrderPlaced's buyer is indexed: no scan of every order). */
export async function loadBuyerOrders(reader: PointsClient, buyer: string): Promise<OrderRow[]> {
  const placed = byOrder(await typedLogs<OrderPlacedEvent.Event>(reader, reader.mall, reader.mall.filters.OrderPlaced(undefined, buyer)));
  const orders = await Promise.all(placed.map((p) => getOrder(reader, p.orderId)));
  return placed.map((p, i) => ({ order: orders[i]!, lines: p.lines, block: p.block, tx: p.tx }));
}

/** A merchant's orders, newest first. */
export async function loadMerchantOrders(reader: PointsClient, merchantId: number): Promise<OrderRow[]> {
  const [orders, placed] = await Promise.all([listOrders(reader), typedLogs<OrderPlacedEvent.Event>(reader, reader.mall, reader.mall.filters.OrderPlaced())]);
  const mine = new Map(orders.filter((o) => o.merchantId === merchantId).map((o) => [o.id, o]));
  return byOrder(placed)
    .filter((p) => mine.has(p.orderId))
    .map((p) => ({ order: mine.get(p.orderId)!, lines: p.lines, block: p.block, tx: p.tx }));
}

/** Orders from the ledger API, newest first, each with its lines and date. */
async function apiOrders(ix: IndexerClient, filter: { buyer?: string; merchantId?: number }): Promise<OrderRow[]> {
  const orders = await allPages((cursor) => ix.ordersPage({ ...filter, order: "desc", limit: 500, cursor }));
  return orders.map((o: IndexedOrder) => ({ order: o, lines: o.lines, block: o.placedBlock, tx: o.placedTx, time: seconds(o.placedAt) }));
}

/** Everything a receipt shows: the order, its lines, and each step with its block. */
export async function loadOrderDetails(reader: PointsClient, orderId: bigint): Promise<OrderDetails> {
  const { mall, provider } = reader;
  const [order, lines, placed, fulfilled, cancelled] = await Promise.all([
    getOrder(reader, orderId),
    orderLines(reader, orderId),
    typedLogs<OrderPlacedEvent.Event>(reader, mall, mall.filters.OrderPlaced(orderId)),
    typedLogs<OrderFulfilledEvent.Event>(reader, mall, mall.filters.OrderFulfilled(orderId)),
    typedLogs<OrderCancelledEvent.Event>(reader, mall, mall.filters.OrderCancelled(orderId)),
  ]);
  const p = placed[0];
  if (p === undefined) {
    throw new PointsError(`order ${orderId} has no OrderPlaced event from block ${reader.fromBlock} on`, "the node may not keep old logs; ask the operator");
  }
  const tx = await provider.getTransaction(p.transactionHash);
  const f = fulfilled[0];
  const c = cancelled[0];
  return {
    order,
    lines,
    placed: { block: p.blockNumber, tx: p.transactionHash, by: order.buyer, from: tx?.from ?? order.buyer },
    fulfilled: f === undefined ? undefined : { block: f.blockNumber, tx: f.transactionHash, by: f.args.fulfiller, deliveryRef: readableRef(f.args.deliveryRef) },
    cancelled:
      c === undefined
        ? undefined
        : { block: c.blockNumber, tx: c.transactionHash, by: c.args.canceller, reason: readableRef(c.args.reason), refunded: c.args.pointsRefunded },
  };
}

// The lists read from the ledger API where there is one, else from the chain's logs.
export function useBuyerOrders(): Query<OrderRow[]> {
  const { reader, account } = useWallet();
  return useQuery(
    account === undefined ? undefined : () => viaLedger(reader, (ix) => apiOrders(ix, { buyer: account }), (chain) => loadBuyerOrders(chain, account)),
    [reader, account],
  );
}

export function useMerchantOrders(merchantId: number | undefined): Query<OrderRow[]> {
  const { reader } = useWallet();
  return useQuery(
    merchantId === undefined ? undefined : () => viaLedger(reader, (ix) => apiOrders(ix, { merchantId }), (chain) => loadMerchantOrders(chain, merchantId)),
    [reader, merchantId],
  );
}

export function useOrderDetails(orderId: bigint | undefined): Query<OrderDetails> {
  const { reader } = useWallet();
  return useQuery(orderId === undefined ? undefined : () => loadOrderDetails(reader, orderId), [reader, orderId?.toString()]);
}
