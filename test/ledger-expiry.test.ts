/**
 * The ledger on an ExpiringPointsSystem deployment (ERC-7818): per-account lots by epoch, books
 * with `expired`, continuous reconciliation across epoch ends, reorgs, the expiring query and the
 * points.expiring webhook, on PGlite and on PostgreSQL.
 */
import { expect } from "chai";
import type { LedgerDatabase } from "../src/indexer/database.js";
import type { Indexer } from "../src/indexer/indexer.js";
import { eachDatabase } from "./helpers/databases.js";
import { startIndexer } from "./helpers/ledger.js";
import { EXPIRY_EPOCH, deployExpiringSystem, ethers, networkHelpers, ref, skuInput } from "./helpers/system.js";

const { time } = networkHelpers;

async function freshSystem() {
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  return { s: await deployExpiringSystem(), fromBlock };
}
type Expiring = Awaited<ReturnType<typeof freshSystem>>["s"];

/** Issues, transfers across epochs, redeems, cancels and fulfils, with epochs ending between. */
async function expiringHistory(s: Expiring): Promise<string[]> {
  await s.mall.connect(s.catalog).createCategory(1, "Mugs");
  await s.mall.connect(s.catalog).createSku(skuInput(1, { stock: 20n }));
  await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("e0-alice"));
  await s.token.connect(s.issuer).issue(s.bob.address, 60n, ref("e0-bob"));
  await time.increase(EXPIRY_EPOCH);
  await s.token.connect(s.issuer).issue(s.alice.address, 50n, ref("e1-alice"));
  await s.token.connect(s.alice).transfer(s.carol.address, 120n); // 100 of epoch 0 and 20 of epoch 1
  await time.increase(EXPIRY_EPOCH);
  await s.mall.connect(s.carol).redeem(1, 1, 100n); // order 1: epoch 0's first
  await s.mall.connect(s.fulfiller).cancel(1, ref("no stock")); // refunded as epoch 2's
  await s.token.connect(s.issuer).issue(s.bob.address, 40n, ref("e2-bob"));
  await s.expiring.connect(s.bob).transferAtEpoch(2, s.alice.address, 30n); // epoch 2's, not the oldest
  await time.increase(EXPIRY_EPOCH); // epoch 0 expires
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

    it(`[${kind.name}] keeps the books balanced after points expire`, async function () {
      const { s, fromBlock } = await freshSystem();
      await expiringHistory(s);
      const { database } = await index(s, fromBlock);
      const state = await database.reader.selectFrom("indexer_state").selectAll().executeTakeFirstOrThrow();
      expect(state.checked_differences).to.deep.equal([]);
    });
  });
});
