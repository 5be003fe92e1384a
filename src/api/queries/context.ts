/** What every query reads with: the database, and where the index and the chain stand. */
import type { Kysely } from "kysely";
import type { Schema } from "../../indexer/schema.js";

export interface Cursor {
  chainId: number;
  indexedBlock: number;
  chainHead: number;
  confirmations: number;
}

export interface QueryContext {
  db: Kysely<Schema>;
  /** The index's state, read at most every 200 ms. */
  cursor(): Promise<Cursor>;
}

export function queryContext(db: Kysely<Schema>): QueryContext {
  let cached: { at: number; value: Promise<Cursor> } | undefined;
  return {
    db,
    cursor() {
      if (cached === undefined || Date.now() - cached.at > 200) {
        const value = db
          .selectFrom("indexer_state")
          .select(["chain_id", "indexed_block", "chain_head", "confirmations"])
          .executeTakeFirst()
          .then((s) => ({ chainId: s?.chain_id ?? 0, indexedBlock: s?.indexed_block ?? -1, chainHead: s?.chain_head ?? 0, confirmations: s?.confirmations ?? 0 }));
        value.catch(() => (cached = undefined));
        cached = { at: Date.now(), value };
      }
      return cached.value;
    },
  };
}

/** Whether a row of block `block` is buried under enough blocks to count as final. */
export function confirmedAt(cursor: Cursor): (block: number) => boolean {
  const limit = cursor.chainHead - cursor.confirmations;
  return (block) => block <= limit;
}

export const iso = (time: number) => new Date(time * 1000).toISOString();
