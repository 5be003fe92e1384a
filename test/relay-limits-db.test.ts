import { expect } from "chai";
import { databaseLimitStores, databaseWindowStore, startRelay } from "../src/relay/index.js";
import { connectPoints, transfer, RelayError } from "../src/sdk/index.js";
import { eachDatabase } from "./helpers/databases.js";
import { clientOf, closeRelays, rejection, startTestRelay } from "./helpers/relay.js";
import type { LedgerDatabase } from "../src/indexer/database.js";

eachDatabase((kind) => {
  describe(`the relay's limits in the database [${kind.name}]`, function () {
    this.timeout(120_000);
    const opened: LedgerDatabase[] = [];
    const open = async (config?: Parameters<typeof kind.open>[0]) => {
      const db = await kind.open(config);
      opened.push(db);
      return db;
    };
    afterEach(async () => {
      closeRelays();
      for (const db of opened.splice(0)) await db.close().catch(() => undefined);
    });

    it(`[${kind.name}] counts what two relays take against one limit, and keeps it across a restart`, async function () {
      const config = await kind.fresh();
      let db = await open(config);
      const a = databaseWindowStore(db.db, "requests", 3n, 60_000);
      const b = databaseWindowStore(db.db, "requests", 3n, 60_000);
      const now = Date.now();
      expect((await a.take("0xA", 1n, now)).taken).to.equal(true);
      expect((await b.take("0xA", 1n, now)).taken).to.equal(true);
      expect(await a.total("0xA", now)).to.equal(2n);
      await db.close();
      opened.splice(opened.indexOf(db), 1);

      db = await open(config);
      const again = databaseWindowStore(db.db, "requests", 3n, 60_000);
      expect(await again.total("0xA", now + 1)).to.equal(2n);
      expect((await again.take("0xA", 1n, now + 1)).taken).to.equal(true);
      const refused = await again.take("0xA", 1n, now + 2);
      expect(refused).to.deep.equal({ taken: false, total: 3n, retryAfter: 60 });
      // Another key, and another store, are counted apart.
      expect((await again.take("0xB", 3n, now + 2)).taken).to.equal(true);
      expect((await databaseWindowStore(db.db, "spending", 3n, 60_000).take("0xA", 3n, now + 2)).taken).to.equal(true);
    });

    it(`[${kind.name}] never lets takes made at the same time for one key go above the most`, async function () {
      const config = await kind.fresh();
      // On PostgreSQL: two connection pools, as two relay processes have.
      const first = await open(config);
      const second = kind.name === "PGlite" ? first : await open(config);
      const stores = [databaseWindowStore(first.db, "spending", 10n, 60_000), databaseWindowStore(second.db, "spending", 10n, 60_000)];
      const now = Date.now();
      const results = await Promise.all(Array.from({ length: 24 }, (_, i) => stores[i % 2]!.take("0xC", 1n, now)));
      expect(results.filter((r) => r.taken)).to.have.length(10);
      expect(await stores[0]!.total("0xC", now)).to.equal(10n);
    });

    it(`[${kind.name}] settles a reservation to what was spent, lets the window pass, and refuses an amount above the most for good`, async function () {
      const db = await open();
      const store = databaseWindowStore(db.db, "spending", 100n, 1_000);
      const t0 = 1_000_000;
      const taken = await store.take("0xD", 80n, t0);
      if (!taken.taken) throw new Error("not taken");
      expect((await store.take("0xD", 30n, t0 + 100)).taken).to.equal(false);
      await store.settle(taken.entry, 20n);
      expect(await store.total("0xD", t0 + 100)).to.equal(20n);
      expect((await store.take("0xD", 30n, t0 + 200)).taken).to.equal(true);
      // The first entry leaves the window at t0 + 1000: then 90 more fit.
      const later = await store.take("0xD", 90n, t0 + 500);
      expect(later).to.deep.equal({ taken: false, total: 50n, retryAfter: 1 });
      expect((await store.take("0xD", 90n, t0 + 1_001)).taken).to.equal(false);
      expect((await store.take("0xD", 70n, t0 + 1_001)).taken).to.equal(true);
      expect(await store.take("0xE", 101n, t0)).to.deep.equal({ taken: false, total: 0n, retryAfter: undefined });
      // Entries every window has passed are forgotten.
      await store.take("0xF", 1n, t0 + 10_000);
      const rows = await db.db.selectFrom("relay_limit_entries").select("key").where("at_ms", "<=", t0 + 9_000).execute();
      expect(rows).to.deep.equal([]);
    });

    it(`[${kind.name}] a relay restarted on the same database still refuses the request over its limit`, async function () {
      const db = await open();
      const rateLimit = { requests: 2, windowSeconds: 60 };
      const spendCap = { wei: 10n ** 17n, windowSeconds: 86_400 };
      const stores = () => databaseLimitStores(db.db, rateLimit, spendCap);
      const t = await startTestRelay({ rateLimit, spendCap, stores: stores() });
      await transfer(clientOf(t, t.customer), { to: t.bob.address, amount: 1n });
      await transfer(clientOf(t, t.customer), { to: t.bob.address, amount: 1n });
      closeRelays();
      // A new relay process: same configuration, its own stores object over the same database.
      const restarted = await startRelay({ ...t.config, stores: stores() }, 0);
      try {
        const client = connectPoints(t.customer, t.addresses, { relay: { url: restarted.url, mode: "always" } });
        const error = await rejection(transfer(client, { to: t.bob.address, amount: 1n }));
        expect(error).to.be.instanceOf(RelayError);
        expect((error as RelayError).status).to.equal(429);
        expect((error as RelayError).message).to.match(/sent 2 requests in the last 60 s/);
      } finally {
        restarted.server.close();
      }
    });
  });
});
