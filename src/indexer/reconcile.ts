/**
 * Continuous reconciliation: after each range, the index's books against themselves (the supply
 * the transfers make, the sum of the balances, issued - burned + refunded, no negative balance,
 * stock + sold = supplied) and against the chain at the range's last block (totalSupply, the order
 * count, and the quota, stock, sales and refundable points of what the range touched). Every
 * difference is a sentence, stored, served and raised as a webhook.
 */
import { epochAt, type ExpiryRules } from "../sdk/expiry.js";
import type { Chain } from "./chain.js";
import { contractInterface } from "./decode.js";
import { expiryTotals, unexpiredLots } from "./expiry.js";
import { RpcFailure } from "./rpc.js";
import type { RangeStore } from "./store.js";
import type { Stored } from "./tables.js";

const token = contractInterface("token");
const mall = contractInterface("mall");

/** What the chain says at a block about the books and about what a range touched. */
export interface ChainFacts {
  block: number;
  totalSupply: bigint;
  /** Points of open orders, which a cancel gives back (the token's refundReserve). */
  refundReserve: bigint;
  supplyCap: bigint;
  orders: bigint;
  quotas: Map<string, bigint>;
  skus: Map<number, { stock: bigint; sold: bigint }>;
  refundable: Map<string, bigint>;
  /** balanceOf of the holders the range touched (expiring tokens: balances change with time). */
  balances: Map<string, bigint>;
}

export interface Touched {
  issuers: ReadonlySet<string>;
  skus: ReadonlySet<number>;
  burners: ReadonlySet<string>;
  /** Holders whose points by epoch the range changed (expiring tokens only). */
  holders?: ReadonlySet<string>;
}

/** An expiring token's rules and the time of the block the chain was read at. */
export interface ExpiryCheck {
  rules: ExpiryRules;
  time: number;
}

/** At most this many SKUs, issuers or burners are asked about per range; the rest wait for their next change. */
const MAX_PER_KIND = 200;

/**
 * Reads the chain's side at `block`; undefined when the node has no state at that block (a node
 * that keeps only recent state, backfilling old blocks): the checks against the chain then wait
 * until the index is near the head, and the index's own identities are still checked.
 */
export async function readChain(chain: Chain, addresses: { token: string; mall: string }, block: number, touched: Touched): Promise<ChainFacts | undefined> {
  const issuers = [...touched.issuers].slice(0, MAX_PER_KIND);
  const skus = [...touched.skus].slice(0, MAX_PER_KIND);
  const burners = [...touched.burners].slice(0, MAX_PER_KIND);
  const holders = [...(touched.holders ?? [])].slice(0, MAX_PER_KIND);
  const calls = [
    { to: addresses.token, data: token.encodeFunctionData("totalSupply") },
    { to: addresses.mall, data: mall.encodeFunctionData("counts") },
    { to: addresses.token, data: token.encodeFunctionData("refundReserve") },
    { to: addresses.token, data: token.encodeFunctionData("supplyCap") },
    ...issuers.map((i) => ({ to: addresses.token, data: token.encodeFunctionData("issuerQuota", [i]) })),
    ...skus.map((s) => ({ to: addresses.mall, data: mall.encodeFunctionData("sku", [s]) })),
    ...burners.map((b) => ({ to: addresses.token, data: token.encodeFunctionData("refundable", [b]) })),
    ...holders.map((h) => ({ to: addresses.token, data: token.encodeFunctionData("balanceOf", [h]) })),
  ];
  const answers = await chain.calls(calls, block);
  if (answers.some((a) => a instanceof RpcFailure)) return undefined;
  const out = answers as string[];
  const facts: ChainFacts = {
    block,
    totalSupply: token.decodeFunctionResult("totalSupply", out[0]!)[0] as bigint,
    orders: mall.decodeFunctionResult("counts", out[1]!)[3] as bigint,
    refundReserve: token.decodeFunctionResult("refundReserve", out[2]!)[0] as bigint,
    supplyCap: token.decodeFunctionResult("supplyCap", out[3]!)[0] as bigint,
    quotas: new Map(),
    skus: new Map(),
    refundable: new Map(),
    balances: new Map(),
  };
  let i = 4;
  for (const issuer of issuers) facts.quotas.set(issuer, token.decodeFunctionResult("issuerQuota", out[i++]!)[0] as bigint);
  for (const sku of skus) {
    const view = mall.decodeFunctionResult("sku", out[i++]!)[0] as { stock: bigint; sold: bigint };
    facts.skus.set(sku, { stock: view.stock, sold: view.sold });
  }
  for (const burner of burners) facts.refundable.set(burner, token.decodeFunctionResult("refundable", out[i++]!)[0] as bigint);
  for (const holder of holders) facts.balances.set(holder, token.decodeFunctionResult("balanceOf", out[i++]!)[0] as bigint);
  return facts;
}

/**
 * The differences between the index's books and themselves, and the chain where it was read. On an
 * expiring token (`expiry`), what expired by the time of the block the chain was read at comes off
 * the supply and the balances: both sides are taken at that one time, so an epoch that ends
 * between two ranges is no difference.
 */
export function differences(store: RangeStore, touched: Touched, facts: ChainFacts | undefined, expiry?: ExpiryCheck): string[] {
  const out: string[] = [];
  const t = store.peek("totals", "all");
  if (t === undefined) return out;
  if (t.supply !== t.sum_of_balances) {
    out.push(`the transfers make a supply of ${t.supply}, but the balances add up to ${t.sum_of_balances} (difference ${t.supply - t.sum_of_balances})`);
  }
  const books = expiry === undefined ? undefined : expiryTotals(expiry.rules, store.current("epochs"), expiry.time);
  const expired = books?.expired ?? 0n;
  const supply = facts?.totalSupply ?? t.supply - expired;
  const balances = t.sum_of_balances - expired;
  if (facts !== undefined && facts.totalSupply !== balances) {
    out.push(books === undefined
      ? `totalSupply ${facts.totalSupply} but the balances add up to ${t.sum_of_balances} (difference ${facts.totalSupply - t.sum_of_balances})`
      : `totalSupply ${facts.totalSupply} but the balances add up to ${t.sum_of_balances} - expired ${expired} = ${balances} (difference ${facts.totalSupply - balances})`);
  }
  const net = t.issued - t.burned + t.refunded - expired;
  if (net !== supply) {
    out.push(books === undefined
      ? `totalSupply ${supply} but issued ${t.issued} - burned ${t.burned} + refunded ${t.refunded} = ${net}`
      : `totalSupply ${supply} but issued ${t.issued} - burned ${t.burned} + refunded ${t.refunded} - expired ${expired} = ${net}`);
  }
  if (books !== undefined && expiry !== undefined) out.push(...expiryDifferences(store, touched, facts, expiry, books, supply));
  const reserve = facts?.refundReserve ?? t.burned - t.refunded - t.finalized;
  if (reserve !== t.burned - t.refunded - t.finalized) {
    out.push(`refund reserve ${reserve} but burned ${t.burned} - refunded ${t.refunded} - finalized ${t.finalized} = ${t.burned - t.refunded - t.finalized}`);
  }
  if (reserve !== t.open_order_points) out.push(`refund reserve ${reserve} but the open orders hold ${t.open_order_points} points`);
  if (facts !== undefined && facts.supplyCap !== 0n && facts.totalSupply + reserve > facts.supplyCap) {
    out.push(`supply ${facts.totalSupply} + refund reserve ${reserve} is above the cap ${facts.supplyCap}`);
  }
  if (t.negative_balances > 0) out.push(`${t.negative_balances} holder(s) replay to a negative balance`);
  if (facts !== undefined && facts.orders !== BigInt(t.orders)) out.push(`the mall has ${facts.orders} orders, the index ${t.orders}`);
  for (const id of touched.skus) {
    const s = store.peek("skus", String(id));
    if (s === undefined) continue;
    out.push(...skuDifferences(s, facts?.skus.get(id)));
  }
  for (const address of touched.issuers) {
    const chainQuota = facts?.quotas.get(address);
    const i = store.peek("issuers", address);
    if (chainQuota !== undefined && i !== undefined && chainQuota !== i.quota) {
      out.push(`issuer ${address}: ${chainQuota} points of quota left on chain, ${i.quota} in the index`);
    }
  }
  for (const address of touched.burners) {
    const chainRefundable = facts?.refundable.get(address);
    const b = store.peek("burners", address);
    const open = b === undefined ? undefined : b.burned - b.refunded - b.finalized;
    if (chainRefundable !== undefined && open !== undefined && chainRefundable !== open) {
      out.push(`burner ${address}: may refund ${chainRefundable} on chain; the index has burned ${b!.burned} - refunded ${b!.refunded} - finalized ${b!.finalized} = ${open}`);
    }
  }
  return out;
}

/** An expiring token's own checks: the lots against the epochs and the supply, and touched holders against balanceOf. */
function expiryDifferences(
  store: RangeStore,
  touched: Touched,
  facts: ChainFacts | undefined,
  expiry: ExpiryCheck,
  books: { unexpired: bigint; unexpiredHeld: bigint },
  supply: bigint,
): string[] {
  const out: string[] = [];
  if (books.unexpiredHeld !== supply) out.push(`totalSupply ${supply} but the unexpired lots add up to ${books.unexpiredHeld} (at epoch ${epochAt(expiry.rules, BigInt(expiry.time))})`);
  for (const row of store.current("epochs")) {
    const points = row.issued + row.refunded - row.burned;
    if (points !== row.held) out.push(`epoch ${row.epoch}: issued ${row.issued} + refunded ${row.refunded} - burned ${row.burned} = ${points}, but the lots hold ${row.held}`);
  }
  for (const holder of touched.holders ?? []) {
    const onChain = facts?.balances.get(holder);
    if (onChain === undefined) continue;
    const lots = unexpiredLots(store, expiry.rules, holder, expiry.time);
    const indexed = [...lots.values()].reduce((a, b) => a + b, 0n);
    if (onChain !== indexed) out.push(`${holder}: balanceOf ${onChain} on chain, ${indexed} in unexpired lots in the index`);
  }
  return out;
}

export function skuDifferences(s: Stored<"skus">, onChain: { stock: bigint; sold: bigint } | undefined): string[] {
  const out: string[] = [];
  if (!s.unlimited && s.stock + s.sold !== s.supplied) {
    out.push(`SKU ${s.id}: stock ${s.stock} + sold ${s.sold} = ${s.stock + s.sold}, but ${s.supplied} were supplied`);
  }
  if (onChain !== undefined && (onChain.stock !== s.stock || onChain.sold !== s.sold)) {
    out.push(`SKU ${s.id}: stock ${onChain.stock} and sold ${onChain.sold} on chain; the orders make stock ${s.stock} and sold ${s.sold}`);
  }
  return out;
}
