/**
 * The ledger on an ExpiringPointsSystem deployment (ERC-7818): per-account lots by epoch, books
 * with `expired`, continuous reconciliation across epoch ends, reorgs, the expiring query and the
 * points.expiring webhook, on PGlite and on PostgreSQL.
 */
import { expect } from "chai";
import { sql } from "kysely";
import { createApi, serveApi, type RunningApi } from "../src/api/server.js";
import type { LedgerDatabase } from "../src/indexer/database.js";
import type { Indexer } from "../src/indexer/indexer.js";
import { addSubscription } from "../src/indexer/subscriptions.js";
import { connectIndexer, connectPoints, expiringSoon, pointsByExpiry, reconcile } from "../src/sdk/index.js";
import { eachDatabase } from "./helpers/databases.js";
import { dumpIndex, startIndexer } from "./helpers/ledger.js";
import { EXPIRY_EPOCH, EXPIRY_VALIDITY, connection, deployExpiringSystem, ethers, networkHelpers, ref, skuInput } from "./helpers/system.js";

const rpc = (method: string, params: unknown[] = []) => connection.provider.request({ method, params });

const { time } = networkHelpers;

async function freshSystem() {
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  return { s: await deployExpiringSystem(), fromBlock };
}
type Expiring = Awaited<ReturnType<typeof freshSystem>>["s"];

/** Issues, transfers across epochs, redeems, cancels and fulfils, with epochs ending between (`settle` after each time warp). */
async function expiringHistory(s: Expiring, settle: () => Promise<void> = async () => undefined): Promise<string[]> {
  await s.mall.connect(s.catalog).createCategory(1, "Mugs");
  await s.mall.connect(s.catalog).createSku(skuInput(1, { stock: 20n }));
  await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("e0-alice"));
  await s.token.connect(s.issuer).issue(s.bob.address, 60n, ref("e0-bob"));
  await time.increase(EXPIRY_EPOCH);
  await settle();
  await s.token.connect(s.issuer).issue(s.alice.address, 50n, ref("e1-alice"));
  await s.token.connect(s.alice).transfer(s.carol.address, 120n); // 100 of epoch 0 and 20 of epoch 1
  await time.increase(EXPIRY_EPOCH);
  await settle();
  await s.mall.connect(s.carol).redeem(1, 1, 100n); // order 1: epoch 0's first
  await s.mall.connect(s.fulfiller).cancel(1, ref("no stock")); // refunded as epoch 2's
  await s.token.connect(s.issuer).issue(s.bob.address, 40n, ref("e2-bob"));
  await s.expiring.connect(s.bob).transferAtEpoch(2, s.alice.address, 30n); // epoch 2's, not the oldest
  await time.increase(EXPIRY_EPOCH); // epoch 0 expires
  await settle();
  await s.mall.connect(s.carol).redeem(1, 1, 100n); // order 2
  await s.mall.connect(s.fulfiller).fulfil(2, ref("DHL"));
  await s.token.connect(s.issuer).issue(s.carol.address, 10n, ref("e3-carol"));
  return [s.alice.address, s.bob.address, s.carol.address];
}

eachDatabase((kind) => {
  describe(`the ledger on expiring points [${kind.name}]`, function () {
    this.timeout(180_000);
    const open: LedgerDatabase[] = [];
    const running: Indexer[] = [];
    afterEach(async () => {
      for (const i of running.splice(0)) await i.stop();
      for (const d of open.splice(0)) await d.close();
    });
    async function index(s: Expiring, fromBlock: number, options: Parameters<typeof startIndexer>[2] = {}) {
      const database = await kind.open();
      open.push(database);
      const indexer = await startIndexer(database, s, { deployment: { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock }, ...options });
      running.push(indexer);
      await indexer.caughtUp();
      return { database, indexer };
    }

    /** The index's lots of `account` not expired now, by epoch. */
    async function lotsOf(database: LedgerDatabase, s: Expiring, account: string): Promise<[number, bigint][]> {
      const now = Number(await s.expiring.currentEpoch());
      const rows = await database.reader.selectFrom("lots").select(["epoch", "points"]).where("account", "=", account).where("epoch", ">", now - EXPIRY_VALIDITY).where("points", ">", 0n).orderBy("epoch").execute();
      return rows.map((r) => [r.epoch, r.points]);
    }
    async function chainLotsOf(s: Expiring, account: string): Promise<[number, bigint][]> {
      const now = Number(await s.expiring.currentEpoch());
      const out: [number, bigint][] = [];
      for (let e = Math.max(0, now - EXPIRY_VALIDITY + 1); e <= now; e++) {
        const points = await s.expiring.balanceOfAtEpoch(e, account);
        if (points > 0n) out.push([e, points]);
      }
      return out;
    }

    it(`[${kind.name}] follows an expiring deployment live: lots, balances, supply and expired equal the chain's, the reconciliation stays balanced across epoch ends, and each account is warned once per epoch`, async function () {
      const { s, fromBlock } = await freshSystem();
      const database = await kind.open();
      open.push(database);
      const deployment = { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock };
      let indexer = await startIndexer(database, s, { deployment, expiryWarningSeconds: EXPIRY_EPOCH });
      running.push(indexer);
      await indexer.caughtUp();
      await addSubscription(database.db, { url: "https://hooks.example/points", events: ["points.expiring"] });
      const accounts = await expiringHistory(s, () => indexer.caughtUp());
      await indexer.caughtUp();
      const db = database.reader;

      // No alarm at any range, although epochs ended between them.
      expect(await db.selectFrom("checks").selectAll().execute()).to.deep.equal([]);
      const state = await db.selectFrom("indexer_state").selectAll().executeTakeFirstOrThrow();
      expect([state.checked_ok, state.checked_differences]).to.deep.equal([true, []]);
      for (const a of accounts) expect(await lotsOf(database, s, a), a).to.deep.equal(await chainLotsOf(s, a));

      const api: RunningApi = await serveApi(createApi({ database, allowOrigins: [], status: () => indexer.status }), 0);
      try {
        const get = async (path: string) => (await (await fetch(`${api.url}${path}`)).json()) as Record<string, unknown>;
        const books = await get("/books");
        const supply = await s.token.totalSupply();
        expect(books.totalSupply).to.equal(supply.toString());
        expect(books.expired).to.equal("60", "Bob's 60 points of epoch 0");
        expect(BigInt(books.issued as string) - BigInt(books.burned as string) + BigInt(books.refunded as string) - BigInt(books.expired as string)).to.equal(supply);
        expect(books.sumOfBalances).to.equal(supply.toString());
        expect(books.differences).to.deep.equal([]);
        const epochs = (books.expiry as { epochs: { epoch: number; points: string; expired: string }[] }).epochs;
        for (const e of epochs) expect(e.points, `epoch ${e.epoch}`).to.equal((await s.expiring.epochSupply(e.epoch)).toString());
        expect(epochs.find((e) => e.epoch === 0)?.expired).to.equal("60");
        for (const a of accounts) expect((await get(`/accounts/${a}`)).balance, a).to.equal((await s.token.balanceOf(a)).toString());
        const holders = (await get("/holders")).items as { address: string; balance: string }[];
        expect(holders.map((h) => [h.address, h.balance])).to.deep.equal(
          (await Promise.all(accounts.map(async (a) => [a, (await s.token.balanceOf(a)).toString()]))).filter(([, b]) => b !== "0").sort((x, y) => Number(BigInt(y[1]!) - BigInt(x[1]!))),
        );
        const verified = await get("/books?verify=true");
        expect(verified.differences).to.deep.equal([]);

        // The RPC books (ExpiryModel over the events, no index) say what the index says, expired included.
        const chain = connectPoints(ethers.provider, { token: deployment.token, mall: deployment.mall, fromBlock });
        const rpcBooks = await reconcile(chain);
        const figures = ["issued", "burned", "refunded", "expired", "sumOfBalances", "holders"] as const;
        expect(figures.map((f) => String(books[f]))).to.deep.equal(figures.map((f) => String(rpcBooks[f])));
        expect(rpcBooks.expired).to.equal(60n);
        expect(rpcBooks.differences).to.deep.equal([]);

        // What expires soon, from the index and from the chain, alike.
        const ix = connectIndexer(api.url);
        const viaIndex = connectPoints(ethers.provider, { token: deployment.token, mall: deployment.mall, fromBlock }, { indexer: ix });
        for (const a of accounts) {
          expect(await ix.pointsByExpiry(a), a).to.deep.equal(await pointsByExpiry(chain, a));
          expect(await pointsByExpiry(viaIndex, a), a).to.deep.equal(await pointsByExpiry(chain, a));
          const within = BigInt(EXPIRY_EPOCH);
          expect(await ix.expiringSoon(a, within), a).to.deep.equal(await expiringSoon(chain, a, within));
        }
        const alice = await get(`/accounts/${s.alice.address}/expiring?within=1d`);
        expect(alice.expiringPoints).to.equal("30", "Alice's 30 points of epoch 1 expire when epoch 4 begins");
        expect((alice.lots as { epoch: number }[]).map((l) => l.epoch)).to.deep.equal([1, 2]);
      } finally {
        await api.close();
      }

      // points.expiring: once per account and epoch about to expire, whatever happens next.
      const warned = async () =>
        (await db.selectFrom("webhook_outbox").select("payload").where("event", "=", "points.expiring").execute())
          .map((r) => (r.payload as { data: { account: string; epoch: string } }).data)
          .map((d) => `${d.account}:${d.epoch}`)
          .sort();
      const expected = [`${s.bob.address}:0`, `${s.carol.address}:0`, `${s.alice.address}:1`, `${s.carol.address}:1`].sort();
      expect(await warned()).to.deep.equal(expected);
      await indexer.stop();
      indexer = await startIndexer(database, s, { deployment, expiryWarningSeconds: EXPIRY_EPOCH });
      running.push(indexer);
      await s.token.connect(s.issuer).issue(s.bob.address, 1n, ref("after restart"));
      await indexer.caughtUp();
      expect(await warned()).to.deep.equal(expected);
    });

    it(`[${kind.name}] rolls back a reorg across an epoch change to exactly what a fresh index has`, async function () {
      const { s, fromBlock } = await freshSystem();
      const deployment = { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock };
      const { database, indexer } = await index(s, fromBlock, { deployment });
      await expiringHistory(s, () => indexer.caughtUp());
      await indexer.caughtUp();
      const snapshot = await rpc("evm_snapshot");
      // A dropped branch: the epoch ends, the epoch ends and Carol spends points; an issue.
      await time.increase(EXPIRY_EPOCH);
      await s.token.connect(s.carol).transfer(s.bob.address, 20n);
      await s.token.connect(s.issuer).issue(s.alice.address, 70n, ref("dropped"));
      await indexer.caughtUp();
      await rpc("evm_revert", [snapshot]);
      await s.token.connect(s.alice).transfer(s.carol.address, 25n);
      await indexer.caughtUp();
      await time.increase(EXPIRY_EPOCH / 2);
      await s.expiring.connect(s.carol).transferAtEpoch(2, s.bob.address, 10n);
      await s.token.connect(s.issuer).issue(s.carol.address, 5n, ref("kept"));
      // The kept branch may be no longer than the dropped one: caughtUp alone would not wait for the indexer to see it.
      for (const deadline = Date.now() + 30_000; indexer.status.reorgs + indexer.status.rebuilds === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 25));
      await indexer.caughtUp();
      expect(indexer.status.reorgs).to.be.at.least(1);
      const fresh = await index(s, fromBlock, { deployment });
      expect(await dumpIndex(database)).to.deep.equal(await dumpIndex(fresh.database));
      const lots = async (d: LedgerDatabase) => (await sql<{ id: string; points: bigint }>`select id, points from lots where points <> 0 order by id`.execute(d.reader)).rows;
      const epochs = async (d: LedgerDatabase) => (await d.reader.selectFrom("epochs").selectAll().orderBy("epoch").execute());
      expect(await lots(database)).to.deep.equal(await lots(fresh.database));
      expect(await epochs(database)).to.deep.equal(await epochs(fresh.database));
      for (const a of [s.alice.address, s.bob.address, s.carol.address]) expect(await lotsOf(database, s, a), a).to.deep.equal(await chainLotsOf(s, a));
      const state = await database.reader.selectFrom("indexer_state").select(["checked_ok", "checked_differences"]).executeTakeFirstOrThrow();
      expect([state.checked_ok, state.checked_differences]).to.deep.equal([true, []]);
    });
  });
});
