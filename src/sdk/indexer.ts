/**
 * The client of the ledger API (`points serve`): the same reads as the SDK's RPC functions
 * (history, orders, books, settlement, activity) with the same types, answered from the index in
 * milliseconds instead of by rescanning the chain, plus what only an index can answer (pages,
 * dates, search, liabilities, top holders, roles). Browser-safe: fetch only.
 */
import { PointsError } from "./errors.js";
import type { DailyActivity } from "./activity.js";
import type { Movement, MovementKind } from "./history.js";
import type { Order, OrderStatus } from "./mall.js";
import type { IssuerBooks, Reconciliation, SkuBooks } from "./reconcile.js";
import type { Settlement } from "./settle.js";
import type { ExpiringLot } from "./expiry.js";

/** The API could not be reached or refused; `unavailable` when it did not answer at all. */
export class IndexerError extends PointsError {
  readonly status: number;
  readonly unavailable: boolean;
  constructor(message: string, hint: string | undefined, status: number, options?: { cause?: unknown }) {
    super(message, hint, options);
    this.name = "IndexerError";
    this.status = status;
    this.unavailable = status === 0 || status >= 500;
  }
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface Paging {
  limit?: number;
  cursor?: string;
  order?: "asc" | "desc";
}

export interface IndexedMovement extends Movement {
  time: Date;
  relayed: boolean;
  /** Buried under the chain's confirmations. */
  confirmed: boolean;
}

export interface IndexedOrder extends Order {
  placedBlock: number;
  placedAt: Date;
  placedTx: string;
  updatedAt: Date;
  relayed: boolean;
  lines: { skuId: number; qty: number; pointsPaid: bigint }[];
  deliveryRef: string | null;
  reason: string | null;
  refunded: bigint;
  confirmed: boolean;
}

/** A movement anywhere on the platform (a transfer shows once, as the sender's). */
export interface PlatformMovement {
  block: number;
  logIndex: number;
  txHash: string;
  time: Date;
  kind: MovementKind;
  account: string;
  points: bigint;
  counterparty: string;
  ref: string;
  relayed: boolean;
  confirmed: boolean;
}

/** An issuer's liability: what it issued, its pro-rata share of the points still out, its quota left. */
export interface IssuerLiability {
  issuer: string;
  merchantId: number;
  isIssuer: boolean;
  issued: bigint;
  issuances: number;
  quotaLeft: bigint;
  outstanding: bigint;
  redeemedByItsCustomers: bigint;
}

export interface Holder {
  address: string;
  balance: bigint;
  movements: number;
}

/** What a search found, by kind (the API's /search). */
export type SearchHit =
  | { type: "account"; address: string; balance: bigint; movements: number }
  | { type: "issuer"; address: string; issued: bigint; quotaLeft: bigint }
  | { type: "contract"; address: string; kind: string }
  | { type: "merchant"; id: number; name: string; admin: string }
  | { type: "transaction"; txHash: string; block: number; events: number }
  | { type: "order"; id: bigint; buyer: string; status: OrderStatus; pointsPaid: bigint }
  | { type: "issuance"; block: number; txHash: string; time: Date; issuer: string; amount: bigint; recipients: number; ref: string }
  | { type: "delivery"; orderId: bigint; status: OrderStatus; ref: string; block: number };

export interface IndexerHealth {
  status: "ok" | "behind" | "starting" | "unavailable";
  chainId: number | null;
  token: string | null;
  indexedBlock: number | null;
  chainHead: number | null;
  lagBlocks: number | null;
  database: { kind: string; description: string; answers: boolean };
}

export interface IndexerClient {
  readonly url: string;
  health(): Promise<IndexerHealth>;
  /** Every movement of `account`, oldest first (as `history` over RPC). */
  history(account: string, range?: { fromBlock?: number; toBlock?: number }): Promise<Movement[]>;
  historyPage(account: string, options?: Paging & { fromBlock?: number; toBlock?: number }): Promise<Page<IndexedMovement>>;
  /** Orders by id, all or by buyer and status (as `listOrders` over RPC). */
  orders(filter?: { buyer?: string; status?: OrderStatus; merchantId?: number }): Promise<Order[]>;
  ordersPage(filter?: { buyer?: string; status?: OrderStatus; merchantId?: number } & Paging): Promise<Page<IndexedOrder>>;
  /** The books (as `reconcile` over RPC). */
  books(): Promise<Reconciliation>;
  settlement(range?: { fromBlock?: number; toBlock?: number; from?: string; to?: string }): Promise<Settlement>;
  /** Points issued and redeemed per UTC day (as `dailyActivity` over RPC). */
  activity(range?: { from?: string; to?: string }): Promise<DailyActivity[]>;
  /** Recent movements platform-wide, newest first. */
  movements(paging?: Omit<Paging, "order">): Promise<Page<PlatformMovement>>;
  /** Issuers and their liabilities. */
  issuers(paging?: Omit<Paging, "order">): Promise<Page<IssuerLiability>>;
  /** Holders, largest balance first. */
  holders(paging?: Omit<Paging, "order">): Promise<Page<Holder>>;
  /** An address, transaction hash, order id or reference text (only issuances page). */
  search(q: string, paging?: Omit<Paging, "order">): Promise<Page<SearchHit>>;
  /** An account's unexpired points by epoch, soonest first (as `pointsByExpiry` over RPC; empty if none expire). */
  pointsByExpiry(account: string): Promise<ExpiringLot[]>;
  /** The points of `account` that expire within `withinSeconds` of `now` (default: the indexed block's time), as `expiringSoon` over RPC. */
  expiringSoon(account: string, withinSeconds: bigint, now?: bigint): Promise<{ points: bigint; lots: ExpiringLot[] }>;
  /** Any other route of the API (see its /openapi.json), bigints as strings. */
  get(path: string, query?: Record<string, string | number | undefined>): Promise<Record<string, unknown>>;
}

type Json = Record<string, unknown>;
const big = (v: unknown): bigint => BigInt(String(v));
const date = (v: unknown): Date => new Date(String(v));

function movement(m: Json): IndexedMovement {
  return {
    block: Number(m.block),
    logIndex: Number(m.logIndex),
    txHash: String(m.txHash),
    kind: m.kind as MovementKind,
    points: big(m.points),
    balance: big(m.balance),
    counterparty: String(m.counterparty),
    ref: String(m.ref),
    ...(m.orderId !== undefined ? { orderId: big(m.orderId) } : {}),
    ...(m.batch === true ? { batch: true } : {}),
    time: date(m.time),
    relayed: m.relayed === true,
    confirmed: m.confirmed === true,
  };
}

function order(o: Json): IndexedOrder {
  return {
    id: big(o.id), buyer: String(o.buyer), merchantId: Number(o.merchantId), skuId: Number(o.skuId), qty: Number(o.qty), pointsPaid: big(o.pointsPaid),
    status: o.status as OrderStatus, lineCount: Number(o.lineCount), placedBlock: Number(o.placedBlock), placedAt: date(o.placedAt), placedTx: String(o.placedTx), updatedAt: date(o.updatedAt),
    relayed: o.relayed === true,
    lines: (o.lines as Json[]).map((l) => ({ skuId: Number(l.skuId), qty: Number(l.qty), pointsPaid: big(l.pointsPaid) })),
    deliveryRef: (o.deliveryRef as string | null) ?? null, reason: (o.reason as string | null) ?? null, refunded: big(o.refunded),
    confirmed: o.confirmed === true,
  };
}

function searchHit(h: Json): SearchHit {
  const s = (k: string) => String(h[k]);
  switch (h.type) {
    case "account": return { type: "account", address: s("address"), balance: big(h.balance), movements: Number(h.movements) };
    case "issuer": return { type: "issuer", address: s("address"), issued: big(h.issued), quotaLeft: big(h.quotaLeft) };
    case "contract": return { type: "contract", address: s("address"), kind: s("kind") };
    case "merchant": return { type: "merchant", id: Number(h.id), name: s("name"), admin: s("admin") };
    case "transaction": return { type: "transaction", txHash: s("txHash"), block: Number(h.block), events: Number(h.events) };
    case "order": return { type: "order", id: big(h.id), buyer: s("buyer"), status: h.status as OrderStatus, pointsPaid: big(h.pointsPaid) };
    case "issuance": return { type: "issuance", block: Number(h.block), txHash: s("txHash"), time: date(h.time), issuer: s("issuer"), amount: big(h.amount), recipients: Number(h.recipients), ref: s("ref") };
    case "delivery": return { type: "delivery", orderId: big(h.orderId), status: h.status as OrderStatus, ref: s("ref"), block: Number(h.block) };
    default: throw new IndexerError(`the ledger API answered a search hit of unknown type ${String(h.type)}`, "update the SDK to the API's version", 200);
  }
}
const lot = (l: Json): ExpiringLot => ({ epoch: big(l.epoch), points: big(l.points), expiresAt: big(l.expiresAtSeconds) });

const baseMovement = ({ time: _t, relayed: _r, confirmed: _c, ...m }: IndexedMovement): Movement => m;
const baseOrder = (o: IndexedOrder): Order => ({ id: o.id, buyer: o.buyer, merchantId: o.merchantId, skuId: o.skuId, qty: o.qty, pointsPaid: o.pointsPaid, status: o.status, lineCount: o.lineCount });

export function connectIndexer(url: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): IndexerClient {
  const base = url.endsWith("/") ? url : `${url}/`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function get(path: string, query: Record<string, string | number | undefined> = {}): Promise<Json> {
    const target = new URL(path.replace(/^\//, ""), base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) target.searchParams.set(k, String(v));
    let response: Response;
    try {
      response = await doFetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new IndexerError(`the ledger API at ${url} did not answer`, "check the URL and that `points serve` runs", 0, { cause: error });
    }
    let body: Json;
    try {
      body = (await response.json()) as Json;
    } catch (error) {
      throw new IndexerError(`the ledger API at ${url} answered ${response.status} with no JSON`, "is this URL a points ledger API?", response.status, { cause: error });
    }
    if (!response.ok) throw new IndexerError(String(body.error ?? `HTTP ${response.status}`), typeof body.hint === "string" ? body.hint : undefined, response.status);
    return body;
  }

  async function all<T>(path: string, query: Record<string, string | number | undefined>, map: (x: Json) => T): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await get(path, { ...query, limit: 500, cursor });
      out.push(...(page.items as Json[]).map(map));
      cursor = (page.next as string | null) ?? undefined;
    } while (cursor !== undefined);
    return out;
  }

  async function page<T>(path: string, query: Record<string, string | number | undefined>, map: (x: Json) => T): Promise<Page<T>> {
    const p = await get(path, query);
    return { items: (p.items as Json[]).map(map), next: (p.next as string | null) ?? null };
  }

  const client: IndexerClient = {
    url,
    get,
    health: async () => (await get("/health")) as unknown as IndexerHealth,
    history: async (account, range = {}) => (await all(`/accounts/${account}/history`, { order: "asc", ...range }, movement)).map(baseMovement),
    historyPage: async (account, o = {}) => {
      const page = await get(`/accounts/${account}/history`, { ...o });
      return { items: (page.items as Json[]).map(movement), next: (page.next as string | null) ?? null };
    },
    orders: async (filter = {}) => (await all("/orders", { order: "asc", buyer: filter.buyer, status: filter.status, merchant: filter.merchantId }, order)).map(baseOrder),
    ordersPage: async (filter = {}) => {
      const page = await get("/orders", { buyer: filter.buyer, status: filter.status, merchant: filter.merchantId, limit: filter.limit, cursor: filter.cursor, order: filter.order });
      return { items: (page.items as Json[]).map(order), next: (page.next as string | null) ?? null };
    },
    books: async () => {
      const [summary, issuers, skus] = await Promise.all([
        get("/books"),
        all<IssuerBooks>("/books/issuers", {}, (i) => ({ issuer: String(i.issuer), quotaLeft: big(i.quotaLeft), issued: big(i.issued), redeemedByItsCustomers: big(i.redeemedByItsCustomers) })),
        all<SkuBooks>("/books/skus", {}, (s) => ({ skuId: Number(s.skuId), unlimited: s.unlimited === true, supplied: big(s.supplied), stock: big(s.stock), sold: big(s.sold), soldByOrders: big(s.soldByOrders) })),
      ]);
      return {
        block: Number(summary.block), totalSupply: big(summary.totalSupply), sumOfBalances: big(summary.sumOfBalances), holders: Number(summary.holders),
        issued: big(summary.issued), burned: big(summary.burned), refunded: big(summary.refunded), finalized: big(summary.finalized),
        refundReserve: big(summary.refundReserve), pointsInOpenOrders: big(summary.pointsInOpenOrders), supplyCap: big(summary.supplyCap),
        issuers, skus, differences: (summary.differences as string[]) ?? [],
        ...(summary.expiry === null || summary.expiry === undefined ? {} : { expired: big(summary.expired) }),
      };
    },
    settlement: async (range = {}) => {
      const s = await get("/settlement", range);
      return {
        fromBlock: Number(s.fromBlock),
        toBlock: Number(s.toBlock),
        merchants: (s.merchants as Json[]).map((m) => ({ merchantId: Number(m.merchantId), name: String(m.name), issued: big(m.issued), redeemed: big(m.redeemed), liability: big(m.liability), net: big(m.net) })),
        obligations: (s.obligations as Json[]).map((o) => ({ from: Number(o.from), to: Number(o.to), points: big(o.points) })),
      };
    },
    movements: (p = {}) =>
      page("/movements", { limit: p.limit, cursor: p.cursor }, (m) => ({
        block: Number(m.block), logIndex: Number(m.logIndex), txHash: String(m.txHash), time: date(m.time), kind: m.kind as MovementKind, account: String(m.account),
        points: big(m.points), counterparty: String(m.counterparty), ref: String(m.ref), relayed: m.relayed === true, confirmed: m.confirmed === true,
      })),
    issuers: (p = {}) =>
      page("/issuers", { limit: p.limit, cursor: p.cursor }, (i) => ({
        issuer: String(i.issuer), merchantId: Number(i.merchantId), isIssuer: i.isIssuer === true, issued: big(i.issued), issuances: Number(i.issuances),
        quotaLeft: big(i.quotaLeft), outstanding: big(i.outstanding), redeemedByItsCustomers: big(i.redeemedByItsCustomers),
      })),
    holders: (p = {}) => page("/holders", { limit: p.limit, cursor: p.cursor }, (h) => ({ address: String(h.address), balance: big(h.balance), movements: Number(h.movements) })),
    search: (q, p = {}) => page("/search", { q, limit: p.limit, cursor: p.cursor }, searchHit),
    pointsByExpiry: async (account) => ((await get(`/accounts/${account}/expiring`)).lots as Json[]).map(lot),
    expiringSoon: async (account, withinSeconds, now) => {
      const answer = await get(`/accounts/${account}/expiring`, { within: `${withinSeconds}s`, at: now === undefined ? undefined : now.toString() });
      return { points: big(answer.expiringPoints), lots: (answer.expiring as Json[]).map(lot) };
    },
    activity: async (range = {}) => all("/activity", { order: "asc", ...range }, (d) => ({ day: String(d.day), issued: big(d.issued), redeemed: big(d.redeemed) })),
  };
  return client;
}
