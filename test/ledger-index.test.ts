import { expect } from "chai";
import { id } from "ethers";
import { orderStatusName } from "../src/sdk/index.js";
import type { LedgerDatabase } from "../src/indexer/database.js";
import type { Indexer } from "../src/indexer/indexer.js";
import { eachDatabase } from "./helpers/databases.js";
import { RpcFailure, type RpcCall, type RpcTransport } from "../src/indexer/rpc.js";
import { dumpIndex, inProcess, richHistory, startIndexer, type History } from "./helpers/ledger.js";
import { connection, deploySystem, ethers, ref, type System } from "./helpers/system.js";

/** A fresh deployment on the in-process chain, indexed from its own deployment block. */
async function freshSystem(): Promise<{ s: System; fromBlock: number }> {
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  return { s: await deploySystem(), fromBlock };
}

const rpc = (method: string, params: unknown[] = []) => connection.provider.request({ method, params });

eachDatabase((kind) => {
  describe(`the indexer [${kind.name}]`, function () {
    this.timeout(180_000);
    const open: LedgerDatabase[] = [];
    const running: Indexer[] = [];
    afterEach(async () => {
      for (const i of running.splice(0)) await i.stop();
      for (const d of open.splice(0)) await d.close();
    });
    async function index(s: System, fromBlock: number, options: Parameters<typeof startIndexer>[2] = {}) {
      const database = await kind.open();
      open.push(database);
      const indexer = await startIndexer(database, s, { deployment: { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock }, ...options });
      running.push(indexer);
      await indexer.caughtUp();
      return { database, indexer };
    }

    it(`[${kind.name}] writes every event of the deployment decoded, and its derived tables agree with the chain`, async function () {
      const { s, fromBlock } = await freshSystem();
      const history: History = await richHistory(s);
      const { database } = await index(s, fromBlock);
      const db = database.reader;
      const rules = await history.rules.getAddress();
      const addresses = [await s.token.getAddress(), await s.mall.getAddress(), await s.forwarder.getAddress(), rules];
      const logs = (await rpc("eth_getLogs", [{ address: addresses, fromBlock: `0x${fromBlock.toString(16)}`, toBlock: "latest" }])) as unknown[];
      const events = await db.selectFrom("events").selectAll().orderBy("block_number").orderBy("log_index").execute();
      expect(events.length).to.equal(logs.length);
      expect(events.filter((e) => e.name.startsWith("unknown:"))).to.deep.equal([]);
      // Each event's arguments are what ethers' own decoding of the log gives.
      const interfaces = { token: s.token.interface, mall: s.mall.interface, forwarder: s.forwarder.interface, rules: history.rules.interface } as Record<string, import("ethers").Interface>;
      const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))) as unknown;
      (logs as { topics: string[]; data: string }[]).forEach((log, i) => {
        const parsed = interfaces[events[i]!.contract]!.parseLog(log)!;
        expect([events[i]!.name, events[i]!.args]).to.deep.equal([parsed.name, json(parsed.args.toObject(true))]);
      });
      const transfer = events.find((e) => e.name === "Transfer")!;
      expect(transfer.args).to.have.keys("from", "to", "value");
      expect(transfer.block_time).to.be.above(0);

      for (const h of await db.selectFrom("holders").selectAll().execute()) expect(h.balance, h.address).to.equal(await s.token.balanceOf(h.address));
      for (const a of history.accounts) {
        const onChain = await s.token.balanceOf(a);
        if (onChain > 0n) expect((await db.selectFrom("holders").select("balance").where("address", "=", a).executeTakeFirstOrThrow()).balance).to.equal(onChain);
      }
      const orders = await db.selectFrom("orders").selectAll().orderBy("id").execute();
      expect(orders.length).to.equal(Number((await s.mall.counts())[3]));
      for (const o of orders) expect(o.status).to.equal(orderStatusName((await s.mall.order(o.id)).status));
      expect(orders.map((o) => o.status)).to.deep.equal(["Fulfilled", "Cancelled", "Fulfilled", "Placed"]);
      const cart = orders[2]!;
      expect([cart.line_count, cart.sku_id, cart.qty, cart.points_paid]).to.deep.equal([2, 0, 0, 160n]);
      const onChainLines = await s.mall.orderLines(3);
      expect(cart.lines).to.equal(onChainLines.map((l) => `${l.skuId}:${l.qty}:${l.pointsPaid}`).join(";"));
      const history1 = await db.selectFrom("order_events").select("status").where("order_id", "=", 2).orderBy("block_number").execute();
      expect(history1.map((e) => e.status)).to.deep.equal(["Placed", "Cancelled"]);
      for (const k of await db.selectFrom("skus").selectAll().execute()) {
        const onChain = await s.mall.sku(k.id);
        expect([k.stock, k.sold], `SKU ${k.id}`).to.deep.equal([onChain.stock, onChain.sold]);
      }
      for (const i of await db.selectFrom("issuers").selectAll().execute()) expect(i.quota, i.address).to.equal(await s.token.issuerQuota(i.address));

      const roles = await db.selectFrom("roles").selectAll().execute();
      for (const r of roles) {
        const contract = r.contract === (await s.token.getAddress()) ? s.token : r.contract === rules ? history.rules : s.mall;
        expect(await contract.hasRole(r.role, r.account), `${r.role} ${r.account}`).to.equal(true);
      }
      // The outsider's issuer role was revoked: it holds none on the token now.
      expect(roles.filter((r) => r.account === s.outsider.address && r.role === id("ISSUER_ROLE"))).to.deep.equal([]);

      const vouchers = await db.selectFrom("vouchers").selectAll().execute();
      expect(vouchers.map((v) => [v.issuer, v.voucher_id, v.recipient, v.amount, v.ref_text])).to.deep.equal([[s.issuer.address, 42n, s.carol.address, 75n, "till-9"]]);
      const purchases = await db.selectFrom("purchases").selectAll().execute();
      expect(purchases.map((p) => [p.receipt_text, p.customer, p.points, p.returned_spend, p.cancelled + p.taken_back + p.owed])).to.deep.equal([["R-77", s.carol.address, 25n, 400n, 4n]]);
      const found = await db.selectFrom("contracts").selectAll().where("kind", "=", "rules").execute();
      expect(found.map((c) => c.address)).to.deep.equal([rules]);
      expect(found[0]!.found_block).to.be.a("number");
      expect((await db.selectFrom("rules").selectAll().execute()).map((r) => [r.rule_id, r.version, r.retired_at])).to.deep.equal([[1n, 0n, null]]);

      const relayed = await db.selectFrom("movements").selectAll().where("relayed", "=", true).execute();
      expect(relayed.map((m) => [m.account, m.kind, m.points])).to.have.deep.members([[s.carol.address, "sent", -25n], [s.alice.address, "received", 25n]]);
      const batch = await db.selectFrom("movements").selectAll().where("account", "=", s.bob.address).where("batch", "=", true).executeTakeFirstOrThrow();
      expect([batch.kind, batch.counterparty, batch.ref_text, batch.points]).to.deep.equal(["issued", s.issuer.address, "batch-1", 500n]);
      const merchants = await db.selectFrom("merchants").select(["id", "issued"]).orderBy("id").execute();
      expect(merchants).to.deep.equal([{ id: 1, issued: 1_950n }, { id: 2, issued: 200n }]);

      const state = await db.selectFrom("indexer_state").selectAll().executeTakeFirstOrThrow();
      expect([state.checked_ok, state.checked_differences, state.checked_supply]).to.deep.equal([true, [], await s.token.totalSupply()]);
      const totals = await db.selectFrom("totals").selectAll().executeTakeFirstOrThrow();
      expect(totals.issued - totals.burned + totals.refunded).to.equal(await s.token.totalSupply());
    });

    it(`[${kind.name}] on a node that keeps no old state (not an archive), finds the rules contract and ends with the rows an archive gives`, async function () {
      const { s, fromBlock } = await freshSystem();
      await richHistory(s);
      await connection.provider.request({ method: "hardhat_mine", params: ["0x20"] });
      const archive = await index(s, fromBlock);
      // As a pruning node answers: state (code, calls) only for the last few blocks, logs and headers for all.
      const refused: string[] = [];
      const pruned: RpcTransport = {
        describe: "a pruning node",
        batch: async (calls) => {
          const head = Number(((await inProcess.batch([{ method: "eth_blockNumber", params: [] }]))[0]) as string);
          const old = (c: RpcCall) => (c.method === "eth_getCode" || c.method === "eth_call") && typeof c.params[1] === "string" && c.params[1].startsWith("0x") && Number(c.params[1]) < head - 2;
          const answers = await inProcess.batch(calls.filter((c) => !old(c)));
          return calls.map((c) => {
            if (!old(c)) return answers.shift();
            refused.push(c.method);
            return new RpcFailure("error", "missing trie node (state is not available at that block)", -32000);
          });
        },
      };
      const database = await kind.open();
      open.push(database);
      const indexer = await startIndexer(database, s, { deployment: { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock }, transport: pruned, logs: { max: 4, initial: 2 } });
      running.push(indexer);
      await indexer.caughtUp();
      expect(refused).to.include("eth_getCode");
      expect(indexer.status.lastError ?? null).to.equal(null);
      expect((await database.reader.selectFrom("contracts").select("kind").where("kind", "=", "rules").execute()).length).to.equal(1);
      expect(await dumpIndex(database)).to.deep.equal(await dumpIndex(archive.database));
    });

    it(`[${kind.name}] follows new blocks: a transaction mined after the backfill shows within a poll`, async function () {
      const { s, fromBlock } = await freshSystem();
      const { database, indexer } = await index(s, fromBlock);
      await s.token.connect(s.issuer).issue(s.alice.address, 7n, ref("late"));
      await indexer.caughtUp();
      const row = await database.reader.selectFrom("movements").selectAll().where("account", "=", s.alice.address).executeTakeFirstOrThrow();
      expect([row.kind, row.points, row.ref_text]).to.deep.equal(["issued", 7n, "late"]);
      expect(indexer.status.phase).to.equal("live");
    });

    it(`[${kind.name}] rolls back a reorg (evm_snapshot, evm_revert, other blocks) and ends with exactly the rows a fresh index has`, async function () {
      const { s, fromBlock } = await freshSystem();
      await richHistory(s);
      const { database, indexer } = await index(s, fromBlock);
      const snapshot = await rpc("evm_snapshot");
      // A branch that will be dropped: issuance, a transfer, an order and its cancellation.
      await s.token.connect(s.issuer).issue(s.bob.address, 900n, ref("dropped"));
      await s.token.connect(s.bob).transfer(s.alice.address, 100n);
      await s.mall.connect(s.bob).redeem(1, 2, 100n);
      await s.mall.connect(s.fulfiller).cancel(4, ref("dropped too"));
      await indexer.caughtUp();
      expect(await database.reader.selectFrom("movements").select("ref_text").where("ref_text", "=", "dropped").execute()).to.have.length(1);
      // The chain goes back, first to a shorter chain than the index, then past it on other blocks.
      await rpc("evm_revert", [snapshot]);
      await s.token.connect(s.issuer).issue(s.carol.address, 11n, ref("kept"));
      await indexer.caughtUp();
      await s.mall.connect(s.alice).redeem(1, 1, 100n);
      await s.token.connect(s.alice).transfer(s.carol.address, 5n);
      await s.token.connect(s.issuer).issueBatch([s.bob.address, s.outsider.address], [3n, 4n], ref("kept-batch"));
      await s.mall.connect(s.fulfiller).fulfil(4, ref("kept"));
      await indexer.caughtUp();
      expect(indexer.status.reorgs).to.be.at.least(1);
      expect(await database.reader.selectFrom("movements").select("ref_text").where("ref_text", "like", "dropped%").execute()).to.deep.equal([]);
      const fresh = await index(s, fromBlock);
      expect(await dumpIndex(database)).to.deep.equal(await dumpIndex(fresh.database));
      const state = await database.reader.selectFrom("indexer_state").select(["checked_ok"]).executeTakeFirstOrThrow();
      expect(state.checked_ok).to.equal(true);
    });

    it(`[${kind.name}] rebuilds when a reorg goes deeper than the undo history, and still ends equal to a fresh index`, async function () {
      const { s, fromBlock } = await freshSystem();
      const snapshot = await rpc("evm_snapshot");
      await richHistory(s);
      const { database, indexer } = await index(s, fromBlock, { undoDepth: 0 });
      await rpc("evm_revert", [snapshot]);
      await s.token.connect(s.issuer).issue(s.alice.address, 5n, ref("after"));
      await rpc("hardhat_mine", ["0x30"]);
      await indexer.caughtUp();
      expect(indexer.status.rebuilds).to.equal(1);
      const fresh = await index(s, fromBlock);
      expect(await dumpIndex(database)).to.deep.equal(await dumpIndex(fresh.database));
    });
  });
});
