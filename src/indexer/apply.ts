/**
 * Applies a range's decoded events in chain order, a transaction at a time: first what the whole
 * transaction says (which event explains each mint and burn, which logs a relay forwarded, which
 * issuance was a voucher claim), then each event's handler, and a row in `events` for every log.
 */
import { ZeroAddress } from "ethers";
import { matchEpochTransfers, type EpochTransferCall } from "../sdk/epochTransfers.js";
import type { ExpiryRules } from "../sdk/expiry.js";
import { readableRef } from "../sdk/validate.js";
import { dayOf, type ApplyContext, type MintOrBurn, type TxFacts } from "./context.js";
import { isKnown, type AnyEvent, type UnknownEvent } from "./decode.js";
import { applyEvent, keysOf, type KeySink } from "./handlers/index.js";

/** A `claim(voucher, signature)` call found in a transaction's input (vouchers.ts). */
export interface VoucherCall {
  recipient: string;
  amount: bigint;
  ref: string;
  expiry: bigint;
  id: bigint;
  generation: bigint;
}

export type { EpochTransferCall } from "../sdk/epochTransfers.js";

export type RangeEvent = AnyEvent | UnknownEvent;

/** The keys of the per-range tables that these events touch. */
export function collectKeys(events: readonly RangeEvent[], windowSeconds: number | undefined, expiry?: ExpiryRules): KeySink {
  const keys: KeySink = { holders: new Set(), orders: new Set(), daily: new Set(), issuer_windows: new Set(), purchases: new Set(), lots: new Set() };
  for (const e of events) {
    keys.daily.add(dayOf(e.pos.time));
    if (isKnown(e)) keysOf(e, keys, { windowSeconds, expiry });
  }
  return keys;
}

/** What the transaction's other events say about its mints, burns and forwarded calls. */
export function txFacts(events: readonly RangeEvent[]): TxFacts {
  const reasons = new Map<number, MintOrBurn>();
  const relayedBy = new Map<number, string>();
  const mints: { index: number; to: string; value: bigint }[] = [];
  const burns: { index: number; from: string; value: bigint }[] = [];
  let forwarded: number[] = [];
  const take = <T extends { index: number }>(list: T[], match: (x: T) => boolean): T | undefined => {
    for (let i = list.length - 1; i >= 0; i--) {
      if (match(list[i]!)) return list.splice(i, 1)[0];
    }
    return undefined;
  };
  for (const e of events) {
    forwarded.push(e.pos.logIndex);
    if (!isKnown(e)) continue;
    if (e.kind === "forwarder" && e.name === "ExecutedForwardRequest") {
      for (const index of forwarded) relayedBy.set(index, e.args.signer);
      forwarded = [];
      continue;
    }
    if (e.kind !== "token") continue;
    if (e.name === "Transfer") {
      if (e.args.from === ZeroAddress) mints.push({ index: e.pos.logIndex, to: e.args.to, value: e.args.value });
      else if (e.args.to === ZeroAddress) burns.push({ index: e.pos.logIndex, from: e.args.from, value: e.args.value });
    } else if (e.name === "Issued") {
      const { to, amount, issuer, ref } = e.args;
      const mint = take(mints, (m) => m.to === to && m.value === amount);
      if (mint !== undefined) reasons.set(mint.index, { kind: "issued", counterparty: issuer, ref, batch: false });
    } else if (e.name === "Refunded") {
      const { to, amount, burner, ref } = e.args;
      const mint = take(mints, (m) => m.to === to && m.value === amount);
      if (mint !== undefined) reasons.set(mint.index, { kind: "refunded", counterparty: burner, ref, batch: false });
    } else if (e.name === "BatchIssued") {
      // The batch's mints are the `recipients` unexplained mints just before it.
      const batch = mints.splice(Math.max(0, mints.length - Number(e.args.recipients)));
      for (const m of batch) reasons.set(m.index, { kind: "issued", counterparty: e.args.issuer, ref: e.args.batchRef, batch: true });
    } else if (e.name === "Burned") {
      const { from, amount, burner, ref } = e.args;
      const burn = take(burns, (b) => b.from === from && b.value === amount);
      if (burn !== undefined) reasons.set(burn.index, { kind: "redeemed", counterparty: burner, ref, batch: false });
    }
  }
  return { reasons, relayedBy, atEpoch: new Map() };
}

/** Applies `events` (in chain order) to the context; `claims` are the voucher claims by transaction. */
export function applyEvents(
  events: readonly RangeEvent[],
  ctx: ApplyContext,
  claims: ReadonlyMap<string, VoucherCall[]>,
  epochTransfers: ReadonlyMap<string, EpochTransferCall[]> = new Map(),
): void {
  let start = 0;
  while (start < events.length) {
    const tx = events[start]!.pos.txHash;
    const block = events[start]!.pos.block;
    let end = start + 1;
    while (end < events.length && events[end]!.pos.txHash === tx && events[end]!.pos.block === block) end++;
    const group = events.slice(start, end);
    ctx.tx = txFacts(group);
    const calls = claims.get(tx) === undefined ? [] : [...claims.get(tx)!];
    const atEpoch = epochTransfers.get(tx);
    if (atEpoch !== undefined && atEpoch.length > 0) {
      // Each transferAtEpoch call explains the first Transfer between accounts that matches it.
      const transfers = group.flatMap((e) => (isKnown(e) && e.kind === "token" && e.name === "Transfer" ? [{ index: e.pos.logIndex, from: e.args.from, to: e.args.to, value: e.args.value }] : []));
      ctx.tx.atEpoch = matchEpochTransfers(transfers, atEpoch);
    }
    for (const e of group) {
      ctx.insert.events.push({
        block_number: e.pos.block, log_index: e.pos.logIndex, block_time: e.pos.time, tx_hash: e.pos.txHash, address: e.pos.address,
        contract: e.kind, name: e.name, args: e.json,
      });
      ctx.totals().events += 1;
      ctx.day(e.pos.time).events += 1;
      if (!isKnown(e)) continue;
      applyEvent(e, ctx);
      if (e.kind === "token" && e.name === "Issued" && calls.length > 0) {
        const { to, amount, ref, issuer } = e.args;
        const i = calls.findIndex((c) => c.recipient === to && c.amount === amount && c.ref === ref);
        if (i >= 0) {
          const call = calls.splice(i, 1)[0]!;
          ctx.insert.vouchers.push({
            block_number: e.pos.block, log_index: e.pos.logIndex, block_time: e.pos.time, tx_hash: e.pos.txHash, issuer, voucher_id: call.id,
            recipient: to, amount, ref, ref_text: readableRef(ref), expiry: call.expiry, generation: call.generation,
          });
        }
      }
    }
    start = end;
  }
}
