/**
 * When the chain is no longer the one indexed. A reorg replaced recent blocks: find the last block
 * both agree on, undo every range after it (state rows restored from their undo images, inserted
 * rows deleted) and index again from there. A reset (a restarted local or private chain: the
 * deployment block's hash changed) or a reorg deeper than the undo log: empty the index and build
 * it again. Either happens in one transaction; the index is never a mix of two chains.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Chain } from "./chain.js";
import type { Schema } from "./schema.js";
import { INDEXED_TABLES } from "./migrations.js";
import { mutableTables, type MutableTable } from "./tables.js";

/** Blocks compared with the chain in one batch before searching further back. */
const RECENT = 64;

/**
 * The highest recorded block whose hash the chain still has, or "reset" when not even the
 * deployment block (the first recorded) matches. A hash match at block n means blocks up to n are
 * the same, so the recorded blocks (event blocks and range ends) are enough to search.
 */
export async function findAncestor(db: Kysely<Schema>, chain: Chain, below: number): Promise<number | "reset"> {
  const recent = await db.selectFrom("blocks").select(["number", "hash"]).where("number", "<=", below).orderBy("number", "desc").limit(RECENT).execute();
  if (recent.length === 0) return "reset";
  const headers = await chain.headers(recent.map((b) => b.number));
  for (const b of recent) if (headers.get(b.number)?.hash === b.hash) return b.number;
  // All of the recent ones differ: binary search over the older ones (matches are a prefix).
  let low = 0; // offsets in ascending order of number
  const older = await db.selectFrom("blocks").select(sql<number>`count(*)`.as("n")).where("number", "<", recent[recent.length - 1]!.number).executeTakeFirstOrThrow();
  let high = Number(older.n) - 1;
  let best: number | "reset" = "reset";
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const row = await db.selectFrom("blocks").select(["number", "hash"]).orderBy("number", "asc").offset(mid).limit(1).executeTakeFirstOrThrow();
    if ((await chain.header(row.number))?.hash === row.hash) {
      best = row.number;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best;
}

/** The block to index again from after undoing everything above `ancestor`; "rebuild" when the undo log does not reach. */
export async function undoPlan(db: Kysely<Schema>, ancestor: number, indexed: number): Promise<number | "rebuild"> {
  const ranges = await db.selectFrom("undo_log").select(["range_start", "range_end"]).where("tbl", "=", "range").where("range_end", ">", ancestor).orderBy("range_start").execute();
  if (ranges.length === 0) return indexed <= ancestor ? ancestor + 1 : "rebuild";
  // They must cover (ancestor, indexed] without a gap.
  if (ranges[0]!.range_start > ancestor + 1 || ranges[ranges.length - 1]!.range_end !== indexed) return "rebuild";
  for (let i = 1; i < ranges.length; i++) if (ranges[i]!.range_start !== ranges[i - 1]!.range_end + 1) return "rebuild";
  return ranges[0]!.range_start;
}

const INSERT_ONLY = ["events", "movements", "issuances", "merchant_issuer_changes", "order_events", "order_lines", "vouchers", "alerts", "checks"] as const;

/** Undoes every range from block `from` on, inside `tx`; the index then ends at `from - 1`. */
export async function undoFrom(tx: Transaction<Schema>, from: number): Promise<void> {
  // Contracts found in the undone blocks take the older rows their history brought with them.
  const found = await tx.selectFrom("contracts").select("address").where("found_block", ">=", from).execute();
  if (found.length > 0) {
    const addresses = found.map((c) => c.address);
    await tx.deleteFrom("events").where("address", "in", addresses).execute();
  }
  for (const table of Object.keys(mutableTables) as MutableTable[]) {
    const spec = mutableTables[table];
    const images = sql`(select distinct on (key) key, prev from undo_log where tbl = ${table} and range_start >= ${from} order by key, seq)`;
    await sql`delete from ${sql.table(table)} where ${sql.ref(spec.key)}::text in (select key from undo_log where tbl = ${table} and range_start >= ${from})`.execute(tx);
    await sql`insert into ${sql.table(table)} select (jsonb_populate_record(null::${sql.table(table)}, i.prev)).* from ${images} as i where i.prev is not null`.execute(tx);
  }
  for (const table of INSERT_ONLY) await sql`delete from ${sql.table(table)} where block_number >= ${from}`.execute(tx);
  await tx.deleteFrom("blocks").where("number", ">=", from).execute();
  await tx.deleteFrom("undo_log").where("range_start", ">=", from).execute();
  await tx.deleteFrom("webhook_outbox").where("block_number", ">=", from).where("status", "=", "pending").execute();
}

/**
 * Empties every indexed table inside `tx` (the webhook subscriptions and delivery log stay). The
 * customers' delivery details go too: after a rebuild (a restarted chain, another deployment) an
 * order id may name someone else's order, and personal data must not follow it there.
 */
export async function emptyIndex(tx: Transaction<Schema>): Promise<void> {
  await sql`truncate ${sql.join(INDEXED_TABLES.map((t) => sql.table(t)))}`.execute(tx);
  await tx.deleteFrom("delivery_details").execute();
  await tx.deleteFrom("webhook_outbox").where("status", "=", "pending").execute();
}
