import { ZeroAddress } from "ethers";
import { latestBlock, type PointsClient } from "./client.js";
import { expiryPolicy } from "./expiry.js";
import { ExpiryReplay } from "./expiryReplay.js";
import { fromIndexer } from "./indexed.js";
import { forEachLogRange, queryInChunks } from "./logs.js";

export interface IssuerBooks {
  issuer: string;
  /** The quota it may still use, on chain now. */
  quotaLeft: bigint;
  issued: bigint;
  /** Points redeemed by the addresses it issued to (an address issued to by two issuers counts for both). */
  redeemedByItsCustomers: bigint;
}

export interface SkuBooks {
  skuId: number;
  unlimited: boolean;
  /** Stock at creation plus every restock. */
  supplied: bigint;
  stock: bigint;
  sold: bigint;
  /** Units in Placed and Fulfilled orders, from the events. */
  soldByOrders: bigint;
}

export interface Reconciliation {
  block: number;
  totalSupply: bigint;
  /** Sum of the balances replayed from every Transfer event (expiring tokens: of their unexpired points, by the ledger's rules). */
  sumOfBalances: bigint;
  holders: number;
  issued: bigint;
  burned: bigint;
  refunded: bigint;
  /** Burned points whose refund right ended (fulfilled orders): BurnFinalized events. */
  finalized: bigint;
  /** The token's refund reserve on chain: points of open orders, which a cancel gives back. */
  refundReserve: bigint;
  /** The points of the orders still Placed, from the mall's events. */
  pointsInOpenOrders: bigint;
  /** The supply cap (0: none); supply + refund reserve may not pass it. */
  supplyCap: bigint;
  issuers: IssuerBooks[];
  skus: SkuBooks[];
  /** Expiring points (ERC-7818): what expired by the block's time; supply = issued - burned + refunded - expired. Absent when points never expire. */
  expired?: bigint;
  /** Every difference found, in words. Empty when the books balance. */
  differences: string[];
}

/**
 * Reconciles the books at one block, from the index when the client has one, else from the chain:
 * totalSupply against the sum of balances and against issued - burned + refunded (all from events);
 * on an expiring token (ERC-7818) the events are replayed by the ledger's rules (ExpiryReplay), so
 * the balances are the unexpired ones and supply = issued - burned + refunded - expired;
 * per issuer what it issued and what its customers redeemed; per SKU stock + sold against what was supplied, and sold against the orders.
 * Differences are reported, never hidden.
 */
export async function reconcile(client: PointsClient, options: { chunk?: number } = {}): Promise<Reconciliation> {
  const indexed = await fromIndexer(client, (ix) => ix.books());
  if (indexed !== undefined) return indexed;
  const { token, mall } = client;
  const block = await latestBlock(client);
  const range = { toBlock: block, chunk: options.chunk };
  // The policy is read alongside the events, so a plain token's books take no longer.
  const [policy, issuedEvents, batchEvents, burnedEvents, refundedEvents, finalizedEvents, created, restocked, placed, cancelled, fulfilled] =
    await Promise.all([
      expiryPolicy(client),
      queryInChunks(client, token, token.filters.Issued(), range),
      queryInChunks(client, token, token.filters.BatchIssued(), range),
      queryInChunks(client, token, token.filters.Burned(), range),
      queryInChunks(client, token, token.filters.Refunded(), range),
      queryInChunks(client, token, token.filters.BurnFinalized(), range),
      queryInChunks(client, mall, mall.filters.SkuCreated(), range),
      queryInChunks(client, mall, mall.filters.SkuRestocked(), range),
      queryInChunks(client, mall, mall.filters.OrderPlaced(), range),
      queryInChunks(client, mall, mall.filters.OrderCancelled(), range),
      queryInChunks(client, mall, mall.filters.OrderFulfilled(), range),
    ]);
  const differences: string[] = [];
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

  // Issuers: who they issued to (a batch's recipients are its transaction's mints, seen below).
  const byIssuer = new Map<string, { issued: bigint; customers: Set<string> }>();
  const entry = (issuer: string) => {
    let e = byIssuer.get(issuer);
    if (e === undefined) byIssuer.set(issuer, (e = { issued: 0n, customers: new Set() }));
    return e;
  };
  for (const e of issuedEvents) {
    const x = entry(e.args.issuer);
    x.issued += e.args.amount;
    x.customers.add(e.args.to);
  }
  const batchTx = new Map(batchEvents.map((e) => [e.transactionHash, e.args.issuer]));
  for (const e of batchEvents) entry(e.args.issuer).issued += e.args.total;

  // Balances replayed from the transfers, a range at a time: the transfers are the chain's bulk,
  // so they are folded as they come and never held all at once.
  const balances = new Map<string, bigint>();
  const replay = policy === undefined ? undefined : new ExpiryReplay(client, policy);
  await forEachLogRange(client, token, token.filters.Transfer(), range, (logs) => {
    for (const e of logs) {
      const { from, to, value } = e.args;
      if (from !== ZeroAddress) balances.set(from, (balances.get(from) ?? 0n) - value);
      if (to !== ZeroAddress) balances.set(to, (balances.get(to) ?? 0n) + value);
      const issuer = batchTx.get(e.transactionHash);
      if (issuer !== undefined && from === ZeroAddress) entry(issuer).customers.add(to);
    }
    return replay?.add(logs);
  });
  const expiry = await replay?.at(block);
  const expired = expiry?.expired ?? 0n;
  const sumOfBalances = expiry?.sumOfBalances ?? sum([...balances.values()]);
  const totalSupply = await token.totalSupply({ blockTag: block });
  const issued = sum(issuedEvents.map((e) => e.args.amount)) + sum(batchEvents.map((e) => e.args.total));
  const burned = sum(burnedEvents.map((e) => e.args.amount));
  const refunded = sum(refundedEvents.map((e) => e.args.amount));
  const finalized = sum(finalizedEvents.map((e) => e.args.amount));
  const [refundReserve, supplyCap] = await Promise.all([token.refundReserve({ blockTag: block }), token.supplyCap({ blockTag: block })]);
  // A cart's order logs one OrderPlaced per line, all with its id.
  const closed = new Set([...cancelled, ...fulfilled].map((e) => e.args.orderId));
  const pointsInOpenOrders = sum(placed.filter((p) => !closed.has(p.args.orderId)).map((p) => p.args.pointsPaid));
  if (refundReserve !== burned - refunded - finalized) {
    differences.push(`refund reserve ${refundReserve} but burned ${burned} - refunded ${refunded} - finalized ${finalized} = ${burned - refunded - finalized}`);
  }
  if (refundReserve !== pointsInOpenOrders) {
    differences.push(`refund reserve ${refundReserve} but the open orders hold ${pointsInOpenOrders} points`);
  }
  if (supplyCap !== 0n && totalSupply + refundReserve > supplyCap) {
    differences.push(`supply ${totalSupply} + refund reserve ${refundReserve} is above the cap ${supplyCap}`);
  }
  if (sumOfBalances !== totalSupply) {
    differences.push(`totalSupply ${totalSupply} but the ${expiry === undefined ? "" : "unexpired "}balances add up to ${sumOfBalances} (difference ${totalSupply - sumOfBalances})`);
  }
  if (issued - burned + refunded - expired !== totalSupply) {
    differences.push(
      expiry === undefined
        ? `totalSupply ${totalSupply} but issued ${issued} - burned ${burned} + refunded ${refunded} = ${issued - burned + refunded}`
        : `totalSupply ${totalSupply} but issued ${issued} - burned ${burned} + refunded ${refunded} - expired ${expired} = ${issued - burned + refunded - expired}`,
    );
  }
  if (expiry !== undefined) differences.push(...expiry.differences);
  for (const [holder, balance] of balances) {
    if (balance < 0n) differences.push(`${holder} replays to a negative balance, ${balance}`);
  }

  // What the addresses each issuer issued to redeemed.
  const burnedBy = new Map<string, bigint>();
  for (const e of burnedEvents) burnedBy.set(e.args.from, (burnedBy.get(e.args.from) ?? 0n) + e.args.amount);
  for (const e of refundedEvents) burnedBy.set(e.args.to, (burnedBy.get(e.args.to) ?? 0n) - e.args.amount);
  const issuers: IssuerBooks[] = [];
  for (const [issuer, x] of byIssuer) {
    issuers.push({
      issuer,
      quotaLeft: await token.issuerQuota(issuer, { blockTag: block }),
      issued: x.issued,
      redeemedByItsCustomers: sum([...x.customers].map((c) => burnedBy.get(c) ?? 0n)),
    });
  }

  // SKUs: supplied = created stock + restocks; sold against the orders that stand.
  const cancelledIds = new Set(cancelled.map((e) => e.args.orderId));
  const skus: SkuBooks[] = [];
  for (const e of created) {
    const skuId = Number(e.args.skuId);
    const input = e.args.input;
    const supplied = (input.unlimited ? 0n : input.stock) + sum(restocked.filter((r) => Number(r.args.skuId) === skuId).map((r) => r.args.added));
    const soldByOrders = sum(placed.filter((p) => Number(p.args.skuId) === skuId && !cancelledIds.has(p.args.orderId)).map((p) => p.args.qty));
    const now = await mall.sku(skuId, { blockTag: block });
    const books: SkuBooks = { skuId, unlimited: input.unlimited, supplied, stock: now.stock, sold: now.sold, soldByOrders };
    if (!input.unlimited && now.stock + now.sold !== supplied) {
      differences.push(`SKU ${skuId}: stock ${now.stock} + sold ${now.sold} = ${now.stock + now.sold}, but ${supplied} were supplied`);
    }
    if (now.sold !== soldByOrders) differences.push(`SKU ${skuId}: sold ${now.sold}, but the standing orders hold ${soldByOrders}`);
    skus.push(books);
  }
  return {
    block, totalSupply, sumOfBalances, holders: expiry?.holders ?? [...balances.values()].filter((b) => b !== 0n).length,
    issued, burned, refunded, finalized, refundReserve, pointsInOpenOrders, supplyCap, issuers, skus,
    ...(expiry === undefined ? {} : { expired }),
    differences,
  };
}
