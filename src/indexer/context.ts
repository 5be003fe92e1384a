/**
 * What event handlers work with while a range is applied: the range's store of mutable rows, the
 * buffers of rows to insert, what the transaction around an event says about it (why points were
 * minted or burned, whether a relay forwarded it), and the notifications it raises.
 */
import { ZeroAddress } from "ethers";
import type { ExpiryRules } from "../sdk/expiry.js";
import { readableRef } from "../sdk/validate.js";
import type { LogPosition } from "./decode.js";
import type { RangeStore } from "./store.js";
import type { InsertTable, Stored } from "./tables.js";

/** The events a webhook subscriber can ask for. */
export const WEBHOOK_EVENTS = [
  "order.placed",
  "order.fulfilled",
  "order.cancelled",
  "points.issued",
  "books.unbalanced",
  "issuer.over_issuance",
  "points.expiring",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Notification {
  event: WebhookEvent;
  /** Unique per occurrence, stable across re-indexing: the webhook's idempotency key derives from it. */
  key: string;
  block: number;
  time: number;
  txHash: string | null;
  data: Record<string, unknown>;
}

/** Why a Transfer from or to address 0 happened, from the other events of its transaction. */
export interface MintOrBurn {
  kind: "issued" | "refunded" | "redeemed";
  counterparty: string;
  ref: string;
  batch: boolean;
}

/** What an event's transaction says about it. */
export interface TxFacts {
  /** Transfer log index -> why it minted or burned. */
  reasons: Map<number, MintOrBurn>;
  /** Log index -> the signer whose forwarded request emitted it. */
  relayedBy: Map<number, string>;
  /** Transfer log index -> the epoch a transferAtEpoch call moved (expiring tokens). */
  atEpoch: Map<number, bigint>;
}

export interface OverIssuance {
  /** Alert when one issuer issues more than this in one window. */
  points: bigint;
  /** Windows of this many seconds, aligned to the Unix epoch. */
  windowSeconds: number;
}

export interface ApplyConfig {
  chainId: number;
  token: string;
  mall: string;
  forwarder: string | undefined;
  overIssuance: OverIssuance | undefined;
  /** The token's expiry policy (ERC-7818); undefined when its points never expire. */
  expiry?: ExpiryRules;
  /** Warn (points.expiring) this many seconds before an account's points expire (default 7 days). */
  expiryWarningSeconds?: number;
}

type Buffers = { [T in InsertTable]: Stored<T>[] };

export class ApplyContext {
  readonly insert: Buffers = {
    events: [],
    movements: [],
    issuances: [],
    merchant_issuer_changes: [],
    order_events: [],
    order_lines: [],
    vouchers: [],
    alerts: [],
  };
  readonly notifications: Notification[] = [];
  /** What the chain should be asked about after the range (reconcile.ts). */
  readonly touched = { issuers: new Set<string>(), skus: new Set<number>(), burners: new Set<string>(), holders: new Set<string>() };
  /** Facts of the transaction being applied; set per transaction by apply.ts. */
  tx: TxFacts = { reasons: new Map(), relayedBy: new Map(), atEpoch: new Map() };

  constructor(
    readonly store: RangeStore,
    readonly config: ApplyConfig,
  ) {}

  /** The running totals (one row). */
  totals(): Stored<"totals"> {
    return this.store.edit("totals", "all", () => ({
      scope: "all", supply: 0n, sum_of_balances: 0n, holders: 0, negative_balances: 0, issued: 0n, burned: 0n, refunded: 0n, finalized: 0n,
      transfers: 0, events: 0, orders: 0, open_orders: 0, open_order_points: 0n, paused: false,
    }))!;
  }

  /** The aggregates of the UTC day of `time`. */
  day(time: number): Stored<"daily"> {
    const day = dayOf(time);
    return this.store.edit("daily", day, () => ({
      day, issued: 0n, burned: 0n, refunded: 0n, transfers: 0, transferred: 0n, orders_placed: 0, orders_fulfilled: 0, orders_cancelled: 0, events: 0,
    }))!;
  }

  holder(address: string, block: number): Stored<"holders"> {
    return this.store.edit("holders", address, () => ({
      address, balance: 0n, movements: 0, redeemed: 0n, issuers: "", first_block: block, last_block: block,
    }))!;
  }

  issuer(address: string, block: number): Stored<"issuers"> {
    return this.store.edit("issuers", address, () => ({
      address, issued: 0n, issuances: 0, quota: 0n, role: false, redeemed_by_customers: 0n, first_block: block, last_block: block,
    }))!;
  }

  /** Adds `delta` to a holder's balance, keeping the totals' sums and counts; returns the new balance. */
  credit(address: string, delta: bigint, block: number): bigint {
    const h = this.holder(address, block);
    const before = h.balance;
    const after = before + delta;
    h.balance = after;
    h.movements += 1;
    h.last_block = block;
    const t = this.totals();
    t.sum_of_balances += delta;
    if (before === 0n && after !== 0n) t.holders += 1;
    if (before !== 0n && after === 0n) t.holders -= 1;
    if (before >= 0n && after < 0n) t.negative_balances += 1;
    if (before < 0n && after >= 0n) t.negative_balances -= 1;
    return after;
  }

  /** A row of an account's history. */
  movement(
    account: string,
    pos: LogPosition,
    m: { kind: string; points: bigint; balance: bigint; counterparty: string; ref: string; orderId: bigint | null; batch: boolean },
  ): void {
    this.insert.movements.push({
      account,
      block_number: pos.block,
      log_index: pos.logIndex,
      block_time: pos.time,
      tx_hash: pos.txHash,
      kind: m.kind,
      points: m.points,
      balance: m.balance,
      counterparty: m.counterparty,
      ref: m.ref,
      ref_text: m.ref === "" ? "" : refText(m.ref),
      order_id: m.orderId,
      batch: m.batch,
      relayed: this.tx.relayedBy.has(pos.logIndex),
    });
  }

  notify(event: WebhookEvent, pos: LogPosition, data: Record<string, unknown>, key = `${pos.txHash}:${pos.logIndex}`): void {
    this.notifications.push({ event, key, block: pos.block, time: pos.time, txHash: pos.txHash, data });
  }

  /** A burner's counts (created on first use). */
  burner(address: string): Stored<"burners"> {
    return this.store.edit("burners", address, () => ({ address, burned: 0n, refunded: 0n, finalized: 0n }))!;
  }

  /** The merchant whose points `issuer` issues now (0: none). */
  merchantOf(issuer: string): number {
    return this.store.peek("merchant_issuers", issuer)?.merchant_id ?? 0;
  }
}

/** YYYY-MM-DD (UTC) of a Unix time in seconds. */
export function dayOf(time: number): string {
  // Every event asks, a few times, and a range's events share a day or two: the last day is kept.
  if (time >= lastDay.start && time < lastDay.start + 86_400) return lastDay.text;
  const text = new Date(time * 1000).toISOString().slice(0, 10);
  lastDay = { start: time - (((time % 86_400) + 86_400) % 86_400), text };
  return text;
}
let lastDay = { start: Number.NaN, text: "" };

/** readableRef, remembered: a batch's 500 movements share one reference. */
const refTexts = new Map<string, string>();
export function refText(ref: string): string {
  let text = refTexts.get(ref);
  if (text === undefined) {
    if (refTexts.size >= 100_000) refTexts.clear();
    text = readableRef(ref);
    refTexts.set(ref, text);
  }
  return text;
}

export const isZero = (address: string) => address === ZeroAddress;
