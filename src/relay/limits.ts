/**
 * The relay's limits per signer: a rate limit (each request counts 1) and a spend cap (wei of the
 * relayer's coin), each a sum over a sliding window with a most. The relay talks to them through
 * WindowStore only, so a store in a database can replace the in-memory one; its `take` must be
 * atomic per key, as this one is (JavaScript runs it without a pause).
 */

/** A recorded amount, to settle later (a spend reservation becomes what the receipt says). */
export interface Entry {
  readonly key: string;
  readonly id: number;
}

export type Taken =
  | { taken: true; entry: Entry }
  /** Nothing recorded: `total` is what the window holds; in `retryAfter` seconds the amount fits,
   *  or never (undefined) because it is above the most on its own. */
  | { taken: false; total: bigint; retryAfter: number | undefined };

export interface WindowStore {
  /** The most the window may hold for one key, and the window's length in ms. */
  readonly max: bigint;
  readonly windowMs: number;
  /** Records `amount` for `key` at `now` if the key's window then holds at most `max`. */
  take(key: string, amount: bigint, now: number): Promise<Taken>;
  /** Sets a recorded amount: a reservation settled to what was spent, 0 when nothing was. */
  settle(entry: Entry, amount: bigint): Promise<void>;
  /** What the key's window holds at `now`. */
  total(key: string, now: number): Promise<bigint>;
}

/** The two stores a relay keeps. */
export interface LimitStores {
  requests: WindowStore;
  spending: WindowStore;
}

interface Row {
  id: number;
  at: number;
  amount: bigint;
}

/** A WindowStore in this process's memory: a restart forgets it. */
export function memoryWindowStore(max: bigint, windowMs: number): WindowStore {
  const rows = new Map<string, Row[]>();
  let nextId = 1;
  let sweptAt = 0;

  /** The key's rows still in the window, oldest first; a key with none is forgotten. */
  function live(key: string, now: number): Row[] {
    const list = (rows.get(key) ?? []).filter((r) => r.at > now - windowMs);
    if (list.length === 0) rows.delete(key);
    else rows.set(key, list);
    return list;
  }

  /** Forgets every key whose window emptied, at most once a window: addresses are free to make. */
  function sweep(now: number): void {
    if (now - sweptAt < windowMs) return;
    sweptAt = now;
    for (const key of [...rows.keys()]) live(key, now);
  }

  const sum = (list: Row[]) => list.reduce((s, r) => s + r.amount, 0n);

  return {
    max,
    windowMs,
    async take(key, amount, now) {
      sweep(now);
      const list = live(key, now);
      const total = sum(list);
      if (total + amount <= max) {
        const row = { id: nextId++, at: now, amount };
        list.push(row);
        rows.set(key, list);
        return { taken: true, entry: { key, id: row.id } };
      }
      if (amount > max) return { taken: false, total, retryAfter: undefined };
      // The amount fits once enough of the oldest rows have left the window.
      let left = total;
      let freeAt = now + windowMs;
      for (const r of list) {
        left -= r.amount;
        if (left + amount <= max) {
          freeAt = r.at + windowMs;
          break;
        }
      }
      return { taken: false, total, retryAfter: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
    },
    async settle(entry, amount) {
      const row = rows.get(entry.key)?.find((r) => r.id === entry.id);
      if (row !== undefined) row.amount = amount;
    },
    async total(key, now) {
      return sum(live(key, now));
    },
  };
}

/** The in-memory stores for a rate limit and a spend cap. */
export function memoryLimitStores(
  rateLimit: { requests: number; windowSeconds: number },
  spendCap: { wei: bigint; windowSeconds: number },
): LimitStores {
  return {
    requests: memoryWindowStore(BigInt(rateLimit.requests), rateLimit.windowSeconds * 1000),
    spending: memoryWindowStore(spendCap.wei, spendCap.windowSeconds * 1000),
  };
}
