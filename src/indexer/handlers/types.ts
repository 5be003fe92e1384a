/**
 * The shape of the handler table: for each contract kind and each of its event names (typed from
 * typechain), what rows the event needs read before the range is applied, and how it changes them.
 */
import type { ExpiryRules } from "../../sdk/expiry.js";
import type { ApplyContext } from "../context.js";
import type { ContractKind, DecodedEvent, EventName } from "../decode.js";

/** Keys of the tables read per range (store.ts PREFETCHED) that an event will edit. */
export interface KeySink {
  holders: Set<string>;
  orders: Set<string>;
  daily: Set<string>;
  issuer_windows: Set<string>;
  purchases: Set<string>;
  /** account:epoch lots of an expiring token. */
  lots: Set<string>;
}

export interface HandlerEntry<E> {
  /** The rows of prefetched tables this event touches (beyond its day, which every event has). */
  keys?: (event: E, keys: KeySink, ctx: KeyContext) => void;
  apply: (event: E, ctx: ApplyContext) => void;
}

/** What a key function may consult: the over-issuance window size. */
export interface KeyContext {
  windowSeconds: number | undefined;
  /** The token's expiry policy: its transfers touch the accounts' unexpired lots. */
  expiry?: ExpiryRules;
}

export type HandlerTable = {
  [K in ContractKind]: { [N in EventName<K>]?: HandlerEntry<DecodedEvent<K, N>> };
};

/** The id of an issuer's over-issuance window containing `time`. */
export function windowId(issuer: string, time: number, windowSeconds: number): { id: string; start: number } {
  const start = Math.floor(time / windowSeconds) * windowSeconds;
  return { id: `${issuer}:${start}`, start };
}
