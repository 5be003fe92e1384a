/** Where the index stands: indexed block, chain head, lag, the database, the last check. */
import { databaseAnswers, type LedgerDatabase } from "../../indexer/database.js";
import type { IndexerStatus } from "../../indexer/indexer.js";

export interface Health {
  status: "ok" | "behind" | "starting" | "unavailable";
  database: { kind: string; description: string; answers: boolean };
  chainId: number | null;
  token: string | null;
  mall: string | null;
  fromBlock: number | null;
  indexedBlock: number | null;
  chainHead: number | null;
  lagBlocks: number | null;
  /** Seconds since the indexer last saw the chain's head. */
  headSeenSecondsAgo: number | null;
  confirmations: number | null;
  confirmedBlock: number | null;
  lastCheck: { block: number | null; ok: boolean | null };
  rebuilds: number;
  indexer: { phase: string; lastError: string | null; ranges: number; reorgs: number } | null;
}

/** Blocks behind the head within which the index counts as caught up (/health/ready). */
export const READY_LAG = 10;

export async function health(database: LedgerDatabase, status: IndexerStatus | undefined): Promise<Health> {
  const answers = await databaseAnswers(database);
  const state = answers ? await database.reader.selectFrom("indexer_state").selectAll().executeTakeFirst().catch(() => undefined) : undefined;
  const head = status !== undefined && status.chainHead > 0 ? Math.max(status.chainHead, state?.chain_head ?? 0) : (state?.chain_head ?? null);
  const indexed = state?.indexed_block ?? null;
  const lag = head === null || indexed === null ? null : Math.max(0, head - indexed);
  const seen = state === undefined ? null : Math.round((Date.now() - new Date(state.head_seen_at).getTime()) / 1000);
  return {
    status: !answers ? "unavailable" : state === undefined ? "starting" : lag !== null && lag > READY_LAG ? "behind" : "ok",
    database: { kind: database.kind, description: database.description, answers },
    chainId: state?.chain_id ?? null,
    token: state?.token ?? null,
    mall: state?.mall ?? null,
    fromBlock: state?.from_block ?? null,
    indexedBlock: indexed,
    chainHead: head,
    lagBlocks: lag,
    headSeenSecondsAgo: seen,
    confirmations: state?.confirmations ?? null,
    confirmedBlock: head === null || state === undefined ? null : Math.min(indexed ?? 0, head - state.confirmations),
    lastCheck: { block: state?.checked_block ?? null, ok: state?.checked_ok ?? null },
    rebuilds: state?.rebuilds ?? 0,
    indexer: status === undefined ? null : { phase: status.phase, lastError: status.lastError ?? null, ranges: status.ranges, reorgs: status.reorgs },
  };
}
