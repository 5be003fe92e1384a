/**
 * One block range, from fetched logs to a committed transaction: find new rules contracts, read
 * the rows the events touch, apply the events, reconcile, and write everything with the cursor in
 * one transaction that first checks the cursor is where the range starts. Idempotent: a range
 * that did not commit left nothing, and one that did moved the cursor past itself.
 */
import { performance } from "node:perf_hooks";
import { sql, type Kysely } from "kysely";
import { applyEvents, collectKeys, type RangeEvent } from "./apply.js";
import type { Chain } from "./chain.js";
import { ApplyContext, type ApplyConfig, type Notification } from "./context.js";
import type { FetchedRange, Followed } from "./fetch.js";
import { findRulesContracts, historyOf } from "./discovery.js";
import { expiringWarnings, lotKeys } from "./expiry.js";
import { writeOutbox, type Subscription } from "./outbox.js";
import { differences, readChain, type ChainFacts } from "./reconcile.js";
import type { Schema } from "./schema.js";
import { RangeStore, type LedgerCache } from "./store.js";
import { insertTables, type InsertTable } from "./tables.js";
import { insertRows, writeBlocks, writeChanges, writeUndo } from "./write.js";

/** Warn a week before points expire, unless configured otherwise. */
export const DEFAULT_EXPIRY_WARNING = 7 * 24 * 3600;

export interface RangeOutcome {
  start: number;
  end: number;
  events: number;
  /** Rules contracts found in this range (the next range must follow them). */
  found: string[];
  differences: string[];
  /** Whether the chain's side could be read at the range's end. */
  chainChecked: boolean;
  /** Milliseconds spent in each phase (for the debug log and benchmarks). */
  phases: Record<string, number>;
}

export interface RangeOptions {
  db: Kysely<Schema>;
  chain: Chain;
  cache: LedgerCache;
  followed: Followed;
  config: ApplyConfig;
  fromBlock: number;
  /** Keep undo images (the range is near the head). */
  undo: boolean;
  head: number;
  /** The differences the last check found, to raise an alert only when they change. */
  previousDifferences: string;
}

/**
 * Lets pending network I/O run. PGlite executes a statement synchronously on this thread, and a
 * chain of awaited statements never returns to the event loop: without a turn now and then, the
 * next range's getLogs and this range's chain read would wait, unsent or unread, until the whole
 * transaction is written.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Ranges of at least this many events write while the chain is read (see below). */
const OVERLAP_EVENTS = 1_000;

function merge(a: readonly RangeEvent[], b: readonly RangeEvent[]): RangeEvent[] {
  const seen = new Set(a.map((e) => `${e.pos.block}:${e.pos.logIndex}`));
  return [...a, ...b.filter((e) => !seen.has(`${e.pos.block}:${e.pos.logIndex}`))].sort((x, y) => x.pos.block - y.pos.block || x.pos.logIndex - y.pos.logIndex);
}

export async function processRange(range: FetchedRange, o: RangeOptions): Promise<RangeOutcome> {
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    phases[phase] = (phases[phase] ?? 0) + Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  let events = range.events;
  const blocks = new Map(range.blocks.map((b) => [b.number, b]));
  const found = await findRulesContracts(o.chain, events, o.followed, range.end);
  for (const f of found) {
    const history = await historyOf(o.chain, f.address, o.fromBlock, range.end, o.followed);
    events = merge(events, history.events);
    for (const b of history.blocks) if (!blocks.has(b.number)) blocks.set(b.number, b);
  }

  const endTime = blocks.get(range.end)?.timestamp ?? 0;
  const rules = o.config.expiry;
  const store = new RangeStore(o.cache);
  const keys = collectKeys(events, o.config.overIssuance?.windowSeconds, rules);
  // The check at the range's end reads the touched holders' lots as of its time.
  if (rules !== undefined) for (const holder of keys.holders) lotKeys(rules, holder, endTime, keys.lots);
  lap("discover");
  await store.prefetch(o.db, keys);
  lap("prefetch");
  const ctx = new ApplyContext(store, o.config);
  for (const f of found) store.edit("contracts", f.address, () => ({ address: f.address, kind: "rules", found_block: f.block }));
  applyEvents(events, ctx, range.claims, range.epochTransfers);
  lap("apply");
  if (rules !== undefined && o.undo) await expiringWarnings(o.db, ctx, rules, { block: range.end, time: endTime, windowSeconds: o.config.expiryWarningSeconds ?? DEFAULT_EXPIRY_WARNING });
  lap("expiry");

  // A large range's chain read goes on while the range is written: the answer is needed only for
  // the checks, alerts and cursor at the end of the transaction, and the node and the database
  // work at once. A small one (near the head) waits for it first, so that the transaction, which
  // PGlite's readers wait for, never waits for the node.
  const factsRead = readChain(o.chain, { token: o.config.token, mall: o.config.mall }, range.end, ctx.touched);
  factsRead.catch(() => undefined); // awaited in the transaction (a failure rolls it back)
  if (events.length < OVERLAP_EVENTS) await factsRead;
  else await breathe();
  const changes = [...store.changes()];
  lap("reconcile");
  const subscriptions = (await o.db.selectFrom("webhook_subscriptions").selectAll().execute()) as Subscription[];
  lap("subscriptions");
  let facts: ChainFacts | undefined;
  let diffs: string[] = [];
  await o.db.transaction().execute(async (tx) => {
    const cursor = await tx.selectFrom("indexer_state").select("indexed_block").forUpdate().executeTakeFirstOrThrow();
    if (cursor.indexed_block !== range.start - 1) {
      throw new Error(`the index ends at block ${cursor.indexed_block}, not ${range.start - 1}: another writer? (range ${range.start}..${range.end} not written)`);
    }
    lap("w:cursor");
    for (const table of Object.keys(insertTables) as InsertTable[]) {
      if (table !== "alerts" && ctx.insert[table].length > 0) {
        await breathe();
        await insertRows(tx, table, ctx.insert[table]);
      }
      lap(`w:${table}`);
    }
    await breathe();
    await writeChanges(tx, changes);
    lap("w:changes");
    await breathe();
    if (o.undo) await writeUndo(tx, range, changes);
    lap("w:undo");
    await breathe();
    await writeBlocks(tx, [...blocks.values()]);
    lap("w:blocks");

    facts = await factsRead;
    lap("readChain");
    diffs = differences(store, ctx.touched, facts, rules === undefined ? undefined : { rules, time: endTime });
    const diffsJson = JSON.stringify(diffs);
    if (diffs.length > 0 && diffsJson !== o.previousDifferences) {
      const key = `books:${range.end}`;
      ctx.insert.alerts.push({ id: key, kind: "books_unbalanced", block_number: range.end, block_time: endTime, details: JSON.stringify({ differences: diffs }) });
      const n: Notification = { event: "books.unbalanced", key, block: range.end, time: endTime, txHash: null, data: { differences: diffs } };
      ctx.notifications.push(n);
    }
    if (ctx.insert.alerts.length > 0) await insertRows(tx, "alerts", ctx.insert.alerts);
    await writeOutbox(tx, ctx.notifications, subscriptions, { chainId: o.config.chainId, token: o.config.token, mall: o.config.mall });
    lap("w:outbox");
    if (diffs.length > 0) {
      await tx.insertInto("checks").values({ block_number: range.end, chain_supply: facts?.totalSupply ?? null, differences: diffsJson }).onConflict((c) => c.column("block_number").doNothing()).execute();
    }
    const supply = facts?.totalSupply ?? store.peek("totals", "all")?.supply ?? 0n;
    await tx
      .updateTable("indexer_state")
      .set({
        indexed_block: range.end,
        indexed_hash: range.endHash,
        chain_head: Math.max(o.head, range.end),
        head_seen_at: sql<Date>`now()`,
        checked_block: range.end,
        checked_ok: diffs.length === 0,
        checked_supply: supply,
        checked_reserve: facts?.refundReserve ?? null,
        ...(facts === undefined ? {} : { supply_cap: facts.supplyCap }),
        checked_differences: diffsJson,
        updated_at: sql<Date>`now()`,
      })
      .execute();
  });
  lap("write");
  store.commit();
  return { start: range.start, end: range.end, events: events.length, found: found.map((f) => f.address), differences: diffs, chainChecked: facts !== undefined, phases };
}
