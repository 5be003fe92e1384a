import { latestBlock, type PointsClient } from "./client.js";
import { fromIndexer } from "./indexed.js";
import { queryInChunks } from "./logs.js";

/** A merchant's books for a settlement period. Merchant 0 stands for issuers of no merchant. */
export interface MerchantPosition {
  merchantId: number;
  name: string;
  /** Points its issuers issued in the period. */
  issued: bigint;
  /** Points redeemed at its catalog in the period, net of refunds. */
  redeemed: bigint;
  /** Its share of the period's redemptions: pro rata to all it has issued up to the period's end. */
  liability: bigint;
  /** redeemed - liability: positive, the others owe it; negative, it owes them. */
  net: bigint;
}

/** `from` owes `to` the value of `points` points. */
export interface Obligation {
  from: number;
  to: number;
  points: bigint;
}

export interface Settlement {
  fromBlock: number;
  toBlock: number;
  merchants: MerchantPosition[];
  obligations: Obligation[];
}

/** The first block at or after `timestamp` (seconds), by binary search over the chain. */
export async function blockAtTime(client: PointsClient, timestamp: number): Promise<number> {
  let low = 0;
  let high = await latestBlock(client);
  if ((await client.provider.getBlock(high))!.timestamp < timestamp) return high + 1;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if ((await client.provider.getBlock(mid))!.timestamp < timestamp) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Settlement between the merchants sharing the token, over blocks [fromBlock, toBlock]. Points are
 * fungible, so a redemption cannot be traced to the merchant that issued those very points: the
 * period's redemptions are shared among merchants pro rata to all they have issued up to the end
 * of the period, and each merchant's net position is what was redeemed at its catalog less its
 * share. The positions sum to zero; the obligations pay them off, largest first.
 */
export async function settle(client: PointsClient, range: { fromBlock?: number; toBlock?: number } = {}): Promise<Settlement> {
  const indexed = await fromIndexer(client, (ix) => ix.settlement({ fromBlock: range.fromBlock, toBlock: range.toBlock }));
  if (indexed !== undefined) return indexed;
  const { token, mall } = client;
  const toBlock = range.toBlock ?? (await latestBlock(client));
  const fromBlock = range.fromBlock ?? client.fromBlock;
  const all = { toBlock };
  const [issuerSets, issued, batches, placed, cancelled] = await Promise.all([
    queryInChunks(client, mall, mall.filters.MerchantIssuerSet(), all),
    queryInChunks(client, token, token.filters.Issued(), all),
    queryInChunks(client, token, token.filters.BatchIssued(), all),
    queryInChunks(client, mall, mall.filters.OrderPlaced(), { fromBlock, toBlock }),
    queryInChunks(client, mall, mall.filters.OrderCancelled(), { fromBlock, toBlock }),
  ]);

  // Each issuance counts for the merchant its issuer belonged to at the time.
  const mapping = [...issuerSets].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const merchantAt = (issuer: string, block: number, index: number): number => {
    let merchant = 0;
    for (const e of mapping) {
      if (e.blockNumber > block || (e.blockNumber === block && e.index > index)) break;
      if (e.args.issuer === issuer) merchant = Number(e.args.merchantId);
    }
    return merchant;
  };
  const [merchantCount] = await mall.counts({ blockTag: toBlock });
  const positions = new Map<number, MerchantPosition>();
  const position = (id: number) => {
    let p = positions.get(id);
    if (p === undefined) positions.set(id, (p = { merchantId: id, name: "", issued: 0n, redeemed: 0n, liability: 0n, net: 0n }));
    return p;
  };
  for (let id = 1; id <= Number(merchantCount); id++) position(id).name = (await mall.merchant(id, { blockTag: toBlock })).name;

  const issuedToDate = new Map<number, bigint>();
  const issuances = [
    ...issued.map((e) => ({ e, issuer: e.args.issuer, amount: e.args.amount })),
    ...batches.map((e) => ({ e, issuer: e.args.issuer, amount: e.args.total })),
  ];
  for (const { e, issuer, amount } of issuances) {
    const merchant = merchantAt(issuer, e.blockNumber, e.index);
    issuedToDate.set(merchant, (issuedToDate.get(merchant) ?? 0n) + amount);
    if (e.blockNumber >= fromBlock) position(merchant).issued += amount;
  }

  for (const e of placed) position(Number(e.args.merchantId)).redeemed += e.args.pointsPaid;
  for (const e of cancelled) {
    const order = await mall.order(e.args.orderId, { blockTag: toBlock });
    position(Number(order.merchantId)).redeemed -= e.args.pointsRefunded;
  }

  return settlementFrom({ fromBlock, toBlock, positions: [...positions.values()], issuedToDate });
}

/**
 * The settlement from each merchant's issuance to date and the period's issuance and redemptions
 * (`positions`, their liability and net not yet set): the RPC path above and the indexer's API
 * both end here, so they settle alike.
 */
export function settlementFrom(input: {
  fromBlock: number;
  toBlock: number;
  positions: MerchantPosition[];
  issuedToDate: Map<number, bigint>;
}): Settlement {
  const { fromBlock, toBlock, issuedToDate } = input;
  const positions = new Map(input.positions.map((p) => [p.merchantId, { ...p, liability: 0n, net: 0n }]));
  const position = (id: number) => {
    let p = positions.get(id);
    if (p === undefined) positions.set(id, (p = { merchantId: id, name: "", issued: 0n, redeemed: 0n, liability: 0n, net: 0n }));
    return p;
  };
  // Share the period's redemptions pro rata to issuance to date; the rounding remainder goes to
  // the largest issuer, so the positions sum to exactly zero.
  const redeemed = [...positions.values()].reduce((s, p) => s + p.redeemed, 0n);
  const base = [...issuedToDate.values()].reduce((s, x) => s + x, 0n);
  if (base > 0n) {
    let assigned = 0n;
    for (const [merchant, amount] of issuedToDate) {
      const share = (redeemed * amount) / base;
      position(merchant).liability = share;
      assigned += share;
    }
    // Ties go to the lowest merchant id, so the result does not depend on the order issuance was read in.
    const largest = [...issuedToDate.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0] - b[0]))[0]![0];
    position(largest).liability += redeemed - assigned;
  }
  for (const p of positions.values()) p.net = p.redeemed - p.liability;

  // Debtors pay creditors, largest first.
  const debtors = [...positions.values()].filter((p) => p.net < 0n).map((p) => ({ id: p.merchantId, left: -p.net }));
  const creditors = [...positions.values()].filter((p) => p.net > 0n).map((p) => ({ id: p.merchantId, left: p.net }));
  const byLeft = (a: { id: number; left: bigint }, b: { id: number; left: bigint }) => (b.left > a.left ? 1 : b.left < a.left ? -1 : a.id - b.id);
  debtors.sort(byLeft);
  creditors.sort(byLeft);
  const obligations: Obligation[] = [];
  for (const d of debtors) {
    for (const c of creditors) {
      if (d.left === 0n) break;
      const points = d.left < c.left ? d.left : c.left;
      if (points === 0n) continue;
      obligations.push({ from: d.id, to: c.id, points });
      d.left -= points;
      c.left -= points;
    }
  }
  const merchants = [...positions.values()].filter((p) => p.merchantId > 0 || p.issued > 0n || p.liability > 0n);
  merchants.sort((a, b) => a.merchantId - b.merchantId);
  return { fromBlock, toBlock, merchants, obligations };
}
