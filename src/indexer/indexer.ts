/**
 * The indexer: follows one deployment's contracts on one chain and keeps the ledger database
 * current, range by range, reading the next range while the last one is written. It survives a
 * node that goes away (retries with backoff), reorgs (rolls back and indexes again), chain resets
 * (rebuilds) and being killed at any moment (each range is one idempotent transaction).
 */
import { sql } from "kysely";
import type { SpanOptions } from "../sdk/ranges.js";
import { Chain } from "./chain.js";
import type { ApplyConfig, OverIssuance } from "./context.js";
import type { LedgerDatabase } from "./database.js";
import type { ContractKind } from "./decode.js";
import { fetchRange, splitRange, type FetchedRange, type Followed } from "./fetch.js";
import { silentLogger, type Logger } from "./log.js";
import { processRange, type RangeOutcome } from "./range.js";
import { findAncestor, undoFrom, undoPlan } from "./rollback.js";
import { readExpiryRules, type ExpiryRules } from "./expiry.js";
import { sleep, type RpcTransport } from "./rpc.js";
import { chainIdentity, prepareState, resetIndex, type Deployment, type Identity } from "./state.js";
import { LedgerCache } from "./store.js";

export interface IndexerOptions {
  database: LedgerDatabase;
  transport: RpcTransport;
  deployment: Deployment;
  /** Rows in the last N blocks are unconfirmed (default: 0 on local chains, 12 elsewhere). */
  confirmations?: number;
  /** Blocks of undo history kept: a reorg deeper than this rebuilds (default max(128, 4 x confirmations)). */
  undoDepth?: number;
  /** How often to ask for new blocks when caught up (default 200 ms on local chains, 1,000 ms elsewhere). */
  pollIntervalMs?: number;
  logs?: SpanOptions;
  overIssuance?: OverIssuance;
  /** A database holding another deployment: refuse (default) or rebuild it for this one. */
  onMismatch?: "refuse" | "rebuild";
  log?: Logger;
  /** Attempts for a node that does not answer before an error (default: retry forever). */
  maxAttempts?: number;
  /** On an expiring token, warn (points.expiring) this many seconds before points expire (default 7 days). */
  expiryWarningSeconds?: number;
}

export type IndexerPhase = "starting" | "backfilling" | "live" | "stopped";

export interface IndexerStatus {
  phase: IndexerPhase;
  chainId: number;
  indexedBlock: number;
  chainHead: number;
  ranges: number;
  events: number;
  rebuilds: number;
  reorgs: number;
  lastError: string | undefined;
}

const LOCAL_CHAINS = new Set([31337, 1337]);
/** Events per range (and per transaction): thousands, to write in bulk, not a chain's history at once. */
const TARGET_EVENTS = 5_000;
/** While backfilling, how often the chain's head is read again (it is read every turn once caught up). */
const HEAD_REFRESH_MS = 1_000;

export class Indexer {
  readonly chain: Chain;
  private readonly log: Logger;
  private readonly cache = new LedgerCache();
  private readonly abort = new AbortController();
  private identity: Identity | undefined;
  private followed: Followed;
  private previousDifferences = "[]";
  private loop: Promise<void> | undefined;
  private listeners: ((outcome: RangeOutcome) => void)[] = [];
  private confirmations = 0;
  /** The token's expiry policy, read at start; undefined when its points never expire. */
  private expiry: ExpiryRules | undefined;
  readonly status: IndexerStatus = { phase: "starting", chainId: 0, indexedBlock: -1, chainHead: 0, ranges: 0, events: 0, rebuilds: 0, reorgs: 0, lastError: undefined };

  constructor(private readonly options: IndexerOptions) {
    this.log = options.log ?? silentLogger;
    // A first span of one block: 50 blocks of the reads benchmark's dense chain were 100,000 logs in
    // one answer, the indexer's peak of memory. The span grows from there.
    this.chain = new Chain(options.transport, { log: this.log, maxAttempts: options.maxAttempts, signal: this.abort.signal }, { initial: 1, max: 50_000, targetLogs: TARGET_EVENTS, ...options.logs });
    this.followed = { contracts: new Map(), token: options.deployment.token, forwarder: options.deployment.forwarder };
  }

  private get db() {
    return this.options.database.db;
  }

  /** Checks the database and the chain, then indexes in the background until stop(). */
  async start(): Promise<void> {
    await this.options.database.acquireWriter();
    const d = this.options.deployment;
    this.identity = await chainIdentity(this.chain, d.fromBlock);
    this.status.chainId = this.identity.chainId;
    this.confirmations = this.options.confirmations ?? (LOCAL_CHAINS.has(this.identity.chainId) ? 0 : 12);
    const state = await prepareState(this.db, d, this.identity, { confirmations: this.confirmations, onMismatch: this.options.onMismatch ?? "refuse", log: this.log });
    await this.readExpiry();
    await this.afterReset(state.indexed_block, state.rebuilds);
    this.previousDifferences = JSON.stringify(state.checked_differences ?? []);
    this.log.info("indexer started", { database: this.options.database.description, rpc: this.options.transport.describe, chainId: this.identity.chainId, token: d.token, fromBlock: d.fromBlock, indexedBlock: state.indexed_block });
    this.loop = this.run();
  }

  /** Stops after the range being written (if any) commits. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.status.phase = "stopped";
  }

  /** Called with each committed range. */
  onRange(listener: (outcome: RangeOutcome) => void): () => void {
    this.listeners.push(listener);
    return () => void (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** Resolves once the index reaches `block` (or the chain's head now, without one). */
  async caughtUp(block?: number, timeoutMs = 120_000): Promise<void> {
    const target = block ?? (await this.chain.head());
    const deadline = Date.now() + timeoutMs;
    while (this.status.indexedBlock < target) {
      if (this.abort.signal.aborted) throw new Error("the indexer stopped");
      if (Date.now() > deadline) throw new Error(`the index did not reach block ${target} within ${timeoutMs} ms (at ${this.status.indexedBlock}; ${this.status.lastError ?? "no error"})`);
      await sleep(25);
    }
  }

  private async afterReset(indexedBlock: number, rebuilds: number): Promise<void> {
    await this.cache.load(this.db);
    const contracts = new Map<string, ContractKind>();
    for (const c of this.cache.rows("contracts")) contracts.set(c.address, c.kind as ContractKind);
    this.followed = { ...this.followed, contracts };
    this.status.indexedBlock = indexedBlock;
    this.status.rebuilds = rebuilds;
  }

  private applyConfig(): ApplyConfig {
    const d = this.options.deployment;
    return {
      chainId: this.status.chainId, token: d.token, mall: d.mall, forwarder: d.forwarder, overIssuance: this.options.overIssuance,
      expiry: this.expiry, expiryWarningSeconds: this.options.expiryWarningSeconds,
    };
  }

  /**
   * Whether the token's points expire (its ERC-7818 views, as the SDK's expiryPolicy reads them),
   * kept in token_expiry for the API. The policy is fixed at deployment; it is read again after a
   * chain reset, which may have redeployed the token.
   */
  private async readExpiry(): Promise<void> {
    const d = this.options.deployment;
    const head = await this.chain.head();
    this.expiry = await readExpiryRules(this.chain, d.token, Math.max(head, d.fromBlock));
    this.followed = { ...this.followed, expiring: this.expiry !== undefined };
    const e = this.expiry;
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom("token_expiry").execute();
      if (e !== undefined) {
        await tx.insertInto("token_expiry").values({ id: 1, epoch_seconds: Number(e.epochSeconds), validity_epochs: Number(e.validityEpochs), origin: Number(e.origin) }).execute();
      }
    });
    if (e !== undefined) this.log.info("the token's points expire (ERC-7818)", { epochSeconds: Number(e.epochSeconds), validityEpochs: Number(e.validityEpochs), origin: Number(e.origin) });
  }

  private async cursor(): Promise<{ block: number; hash: string }> {
    const s = await this.db.selectFrom("indexer_state").select(["indexed_block", "indexed_hash"]).executeTakeFirstOrThrow();
    return { block: s.indexed_block, hash: s.indexed_hash };
  }

  private async run(): Promise<void> {
    const poll = this.options.pollIntervalMs ?? (LOCAL_CHAINS.has(this.status.chainId) ? 200 : 1_000);
    let next: Promise<FetchedRange> | undefined;
    let failures = 0;
    let lastHeadWrite = 0;
    let head = -1;
    let headAt = 0;
    while (!this.abort.signal.aborted) {
      try {
        const at = await this.cursor();
        // Behind the head last seen, the node is asked again only now and then: a round trip per
        // range on the way is time the ranges wait for. A head a moment old only keeps a few more
        // undo images than needed.
        if (at.block >= head || Date.now() - headAt > HEAD_REFRESH_MS) {
          head = await this.chain.head();
          headAt = Date.now();
        }
        this.status.chainHead = head;
        if (head <= at.block) {
          next = undefined;
          const tip = at.block >= this.options.deployment.fromBlock ? await this.chain.header(at.block) : undefined;
          if (head < at.block || (tip !== undefined && tip?.hash !== at.hash)) {
            await this.resolveFork(at.block);
            continue;
          }
          this.status.phase = "live";
          if (Date.now() - lastHeadWrite > 2_000) {
            await this.db.updateTable("indexer_state").set({ chain_head: head, head_seen_at: sql<Date>`now()` }).execute();
            lastHeadWrite = Date.now();
          }
          await sleep(poll, this.abort.signal);
          continue;
        }
        const range = await (next ?? fetchRange(this.chain, this.followed, { start: at.block + 1, maxEnd: head, parent: this.parentOf(at) }));
        next = undefined;
        if (range.start !== at.block + 1) continue; // read for a cursor that has moved since: read again
        if (range.forked) {
          await this.resolveFork(at.block);
          continue;
        }
        this.status.phase = head - range.end > 10 ? "backfilling" : "live";
        if (range.end < head) {
          next = fetchRange(this.chain, this.followed, { start: range.end + 1, maxEnd: head, parent: { number: range.end, hash: range.endHash } });
          next.catch(() => undefined); // awaited (and its error seen) on the next turn
        }
        for (const piece of splitRange(range, TARGET_EVENTS)) {
          if (this.abort.signal.aborted) break;
          const started = Date.now();
          const outcome = await processRange(piece, {
            db: this.db, chain: this.chain, cache: this.cache, followed: this.followed, config: this.applyConfig(), fromBlock: this.options.deployment.fromBlock,
            undo: piece.end > head - (this.options.undoDepth ?? Math.max(128, 4 * this.confirmations)), head, previousDifferences: this.previousDifferences,
          });
          this.previousDifferences = JSON.stringify(outcome.differences);
          this.status.indexedBlock = outcome.end;
          this.status.ranges += 1;
          this.status.events += outcome.events;
          this.status.lastError = undefined;
          failures = 0;
          if (outcome.differences.length > 0) this.log.warn("the books do not balance", { block: outcome.end, differences: outcome.differences });
          this.log.debug("indexed", { from: outcome.start, to: outcome.end, events: outcome.events, ms: Date.now() - started, head, phases: outcome.phases });
          if (this.status.ranges % 100 === 0) await this.pruneUndo(head);
          for (const l of this.listeners) l(outcome);
          if (outcome.found.length > 0) {
            for (const address of outcome.found) this.log.info("following an EarningRules contract found through the mall", { address });
            await this.afterReset(outcome.end, this.status.rebuilds);
            next = undefined; // read again, with the new contract
            break;
          }
        }
      } catch (error) {
        next = undefined;
        head = -1; // ask the node again
        if (this.abort.signal.aborted) break;
        failures += 1;
        this.status.lastError = (error as Error).message.split("\n")[0];
        const wait = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        this.log.error("indexing failed; trying again", { error: error as Error, retryInMs: wait, failures });
        await sleep(wait, this.abort.signal);
      }
    }
    this.status.phase = "stopped";
  }

  private parentOf(at: { block: number; hash: string }): { number: number; hash: string } | undefined {
    return at.hash === "" ? undefined : { number: at.block, hash: at.hash };
  }

  private async pruneUndo(head: number): Promise<void> {
    const depth = this.options.undoDepth ?? Math.max(128, 4 * this.confirmations);
    await this.db.deleteFrom("undo_log").where("range_end", "<", head - depth).execute();
  }

  /** The chain no longer has the indexed tip: roll back to the last block both agree on, or rebuild. */
  private async resolveFork(indexed: number): Promise<void> {
    const d = this.options.deployment;
    const identity = await chainIdentity(this.chain, d.fromBlock).catch(() => undefined);
    const reset = identity === undefined || identity.anchorHash !== this.identity?.anchorHash || identity.genesisHash !== this.identity?.genesisHash;
    const ancestor = reset ? "reset" : await findAncestor(this.db, this.chain, indexed);
    if (ancestor === "reset") {
      if (identity === undefined) throw new Error(`the chain has no block ${d.fromBlock} (the deployment block) now; waiting for it`);
      this.log.warn("chain reset: the deployment block's hash changed (a restarted local or private chain); rebuilding the index from the deployment block", { fromBlock: d.fromBlock, indexedBlock: indexed });
      await this.rebuild(identity);
      return;
    }
    const from = await undoPlan(this.db, ancestor, indexed);
    if (from === "rebuild") {
      this.log.warn("reorg deeper than the undo history: rebuilding the index from the deployment block", { ancestor, indexedBlock: indexed });
      await this.rebuild(identity!);
      return;
    }
    this.status.reorgs += 1;
    this.log.warn("reorg: the chain replaced indexed blocks; rolling them back and indexing again", { lastCommonBlock: ancestor, undoneFrom: from, indexedBlock: indexed });
    await this.db.transaction().execute(async (tx) => {
      await undoFrom(tx, from);
      const parent = await tx.selectFrom("blocks").select("hash").where("number", "=", from - 1).executeTakeFirst();
      await tx.updateTable("indexer_state").set({ indexed_block: from - 1, indexed_hash: parent?.hash ?? "", checked_differences: "[]" }).execute();
    });
    this.previousDifferences = "[]";
    await this.afterReset(from - 1, this.status.rebuilds);
  }

  private async rebuild(identity: Identity): Promise<void> {
    const state = await resetIndex(this.db, this.options.deployment, identity, { confirmations: this.confirmations, rebuilds: this.status.rebuilds + 1 });
    this.identity = identity;
    await this.readExpiry();
    this.previousDifferences = "[]";
    await this.afterReset(state.indexed_block, state.rebuilds);
  }
}

