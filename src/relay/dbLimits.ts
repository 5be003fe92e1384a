/**
 * The relay's limits in the ledger database: every relay process that shares the database (several
 * behind a load balancer, or one restarted) counts against the same rate limit and spend cap. The
 * delivery API counts its writes in a store of its own here too (src/api/delivery/request.ts).
 *
 * A `take` is one transaction that first locks the key's row in relay_limit_keys (SELECT ... FOR
 * UPDATE), so two processes taking for one key run one after the other and never both fit under
 * the most; different keys do not wait for each other. Old entries are deleted as keys are taken
 * and, for keys no longer used, once a window.
 */
import { sql, type Kysely } from "kysely";
import type { Schema } from "../indexer/schema.js";
import type { Entry, LimitStores, Taken, WindowStore } from "./limits.js";

/** A WindowStore named `store` (one per limit: "requests", "spending") in the database. */
export function databaseWindowStore(db: Kysely<Schema>, store: string, max: bigint, windowMs: number): WindowStore {
  let sweptAt = 0;

  /** Forgets entries (and keys left with none) that every window has passed, at most once a window. */
  async function sweep(now: number): Promise<void> {
    if (now - sweptAt < windowMs) return;
    sweptAt = now;
    await db.deleteFrom("relay_limit_entries").where("store", "=", store).where("at_ms", "<=", now - windowMs).execute();
    await db
      .deleteFrom("relay_limit_keys")
      .where("store", "=", store)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("relay_limit_entries as e").select(sql<number>`1`.as("one")).whereRef("e.store", "=", "relay_limit_keys.store").whereRef("e.key", "=", "relay_limit_keys.key"))),
      )
      .execute();
  }

  return {
    max,
    windowMs,
    async take(key, amount, now): Promise<Taken> {
      await sweep(now);
      return db.transaction().execute(async (tx) => {
        await tx.insertInto("relay_limit_keys").values({ store, key }).onConflict((c) => c.columns(["store", "key"]).doNothing()).execute();
        await tx.selectFrom("relay_limit_keys").select("key").where("store", "=", store).where("key", "=", key).forUpdate().execute();
        await tx.deleteFrom("relay_limit_entries").where("store", "=", store).where("key", "=", key).where("at_ms", "<=", now - windowMs).execute();
        const rows = await tx.selectFrom("relay_limit_entries").select(["at_ms", "amount"]).where("store", "=", store).where("key", "=", key).orderBy("at_ms").orderBy("id").execute();
        const total = rows.reduce((s, r) => s + r.amount, 0n);
        if (total + amount <= max) {
          const { id } = await tx.insertInto("relay_limit_entries").values({ store, key, at_ms: now, amount }).returning("id").executeTakeFirstOrThrow();
          return { taken: true, entry: { key, id: Number(id) } };
        }
        if (amount > max) return { taken: false, total, retryAfter: undefined };
        // The amount fits once enough of the oldest entries have left the window.
        let left = total;
        let freeAt = now + windowMs;
        for (const r of rows) {
          left -= r.amount;
          if (left + amount <= max) {
            freeAt = r.at_ms + windowMs;
            break;
          }
        }
        return { taken: false, total, retryAfter: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
      });
    },
    async settle(entry: Entry, amount: bigint): Promise<void> {
      await db.updateTable("relay_limit_entries").set({ amount }).where("id", "=", entry.id).where("store", "=", store).execute();
    },
    async total(key: string, now: number): Promise<bigint> {
      const row = await db
        .selectFrom("relay_limit_entries")
        .select(sql<string | null>`sum(amount)::text`.as("sum"))
        .where("store", "=", store)
        .where("key", "=", key)
        .where("at_ms", ">", now - windowMs)
        .executeTakeFirst();
      return BigInt(row?.sum ?? "0");
    },
  };
}

/** The relay's rate limit and spend cap, kept in the database. */
export function databaseLimitStores(
  db: Kysely<Schema>,
  rateLimit: { requests: number; windowSeconds: number },
  spendCap: { wei: bigint; windowSeconds: number },
): LimitStores {
  return {
    requests: databaseWindowStore(db, "requests", BigInt(rateLimit.requests), rateLimit.windowSeconds * 1000),
    spending: databaseWindowStore(db, "spending", spendCap.wei, spendCap.windowSeconds * 1000),
  };
}
