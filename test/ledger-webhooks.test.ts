import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { Wallet } from "ethers";
import { createApi, serveApi } from "../src/api/server.js";
import type { LedgerDatabase } from "../src/indexer/database.js";
import type { Indexer } from "../src/indexer/indexer.js";
import { addSubscription } from "../src/indexer/subscriptions.js";
import { WebhookDeliverer, verifySignature } from "../src/indexer/webhooks.js";
import { silentLogger } from "../src/indexer/log.js";
import { demoWallet } from "../scripts/lib/demo.js";
import { eachDatabase } from "./helpers/databases.js";
import { richHistory, startIndexer } from "./helpers/ledger.js";
import { connection, deploySystem, ethers, ref, type System } from "./helpers/system.js";

interface Received {
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  answered: number;
}

const servers: Server[] = [];

/** A webhook receiver that answers 500 to the first `failures` attempts of the first delivery it sees, then 200. */
async function receiver(failures: number): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  let left = failures;
  let first: unknown;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      first ??= req.headers["idempotency-key"];
      const answered = req.headers["idempotency-key"] === first && left-- > 0 ? 500 : 200;
      received.push({ at: Date.now(), headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: async () => undefined };
}

const rpc = (method: string, params: unknown[] = []) => connection.provider.request({ method, params });

async function until(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

eachDatabase((kind) => {
  describe(`webhooks and alerts [${kind.name}]`, function () {
    this.timeout(180_000);
    let database: LedgerDatabase | undefined;
    let indexer: Indexer | undefined;
    let deliverer: WebhookDeliverer | undefined;
    afterEach(async () => {
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise((r) => server.close(() => r(undefined)));
      }
      await deliverer?.stop();
      await indexer?.stop();
      await database?.close();
      [deliverer, indexer, database] = [undefined, undefined, undefined];
    });
    async function setUp(options: Parameters<typeof startIndexer>[2] = {}): Promise<{ s: System; db: LedgerDatabase; ix: Indexer }> {
      const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
      const s = await deploySystem();
      database = await kind.open();
      indexer = await startIndexer(database, s, { deployment: { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock }, ...options });
      await indexer.caughtUp();
      deliverer = new WebhookDeliverer({ db: database.db, log: silentLogger, baseDelayMs: 100, pollMs: 20 });
      deliverer.start();
      return { s, db: database, ix: indexer };
    }
    const pending = async (db: LedgerDatabase) => Number((await db.reader.selectFrom("webhook_outbox").select((e) => e.fn.countAll<number>().as("n")).where("status", "=", "pending").executeTakeFirstOrThrow()).n);

    it(`[${kind.name}] signs deliveries with HMAC-SHA256, retries a failing receiver with growing waits, and delivers each event once`, async function () {
      const { s, db, ix } = await setUp();
      const hook = await receiver(3);
      const sub = await addSubscription(db.db, { url: hook.url, events: ["order.placed", "order.fulfilled", "order.cancelled", "points.issued"] });
      await richHistory(s);
      await ix.caughtUp();
      await until(async () => (await pending(db)) === 0, "the outbox to empty");
      const ok = hook.received.filter((r) => r.answered === 200);
      for (const r of hook.received) expect(verifySignature(sub.secret!, String(r.headers["x-points-signature"]), r.body), r.body).to.equal(true);
      expect(verifySignature("whsec_not-the-secret-at-all", String(ok[0]!.headers["x-points-signature"]), ok[0]!.body)).to.equal(false);
      const keys = ok.map((r) => String(r.headers["idempotency-key"]));
      expect(new Set(keys).size).to.equal(keys.length);
      const events = ok.map((r) => (JSON.parse(r.body) as { event: string }).event).sort();
      expect(events).to.deep.equal([...Array(4).fill("order.placed"), "order.cancelled", "order.fulfilled", "order.fulfilled", ...Array(5).fill("points.issued")].sort());
      const cart = JSON.parse(ok.find((r) => r.headers["x-points-event"] === "order.placed" && r.body.includes('"lineCount":2'))!.body) as { data: { lines: unknown[]; pointsPaid: string } };
      expect(cart.data.lines).to.deep.equal([{ skuId: 1, qty: 1, pointsPaid: "100" }, { skuId: 2, qty: 2, pointsPaid: "60" }]);
      expect(cart.data.pointsPaid).to.equal("160");
      // The first delivery failed three times and went through on the fourth, each wait longer than the last.
      const first = hook.received.filter((r) => r.headers["idempotency-key"] === hook.received[0]!.headers["idempotency-key"]);
      expect(first.map((r) => [r.answered, r.headers["x-points-attempt"]])).to.deep.equal([[500, "1"], [500, "2"], [500, "3"], [200, "4"]]);
      const waits = first.slice(1).map((r, i) => r.at - first[i]!.at);
      expect(waits[1]).to.be.above(waits[0]!);
      expect(waits[2]).to.be.above(waits[1]!);
      const log = await db.reader.selectFrom("webhook_deliveries").selectAll().orderBy("id").execute();
      expect(log.length).to.equal(hook.received.length);
      expect(log.filter((d) => d.status_code === 500)).to.have.length(3);
      const payload = JSON.parse(ok.find((r) => r.headers["x-points-event"] === "order.cancelled")!.body) as { data: Record<string, unknown>; chainId: number; token: string };
      expect(payload.data).to.include({ orderId: "2", status: "Cancelled", reasonText: "out of beans", pointsRefunded: "90" });
      expect(payload.token).to.equal(await s.token.getAddress());
      await hook.close();
    });

    it(`[${kind.name}] does not deliver again when a reorg puts the same transaction back`, async function () {
      const { s, db, ix } = await setUp();
      const hook = await receiver(0);
      await addSubscription(db.db, { url: hook.url, events: ["points.issued"] });
      const issuer = new Wallet(demoWallet(2).privateKey, ethers.provider);
      expect(issuer.address).to.equal(s.issuer.address);
      const request = await s.token.connect(s.issuer).issue.populateTransaction(s.alice.address, 42n, ref("once"));
      const fee = await ethers.provider.getFeeData();
      const raw = await issuer.signTransaction({
        ...request, chainId: (await ethers.provider.getNetwork()).chainId, nonce: await issuer.getNonce(), gasLimit: 200_000n, maxFeePerGas: fee.maxFeePerGas! * 2n, maxPriorityFeePerGas: 1n, type: 2,
      });
      const snapshot = await rpc("evm_snapshot");
      await rpc("eth_sendRawTransaction", [raw]);
      await ix.caughtUp();
      await until(async () => hook.received.length === 1, "the first delivery");
      await rpc("evm_revert", [snapshot]);
      await rpc("evm_mine"); // a block in its place, with another time and hash
      await rpc("eth_sendRawTransaction", [raw]);
      await ix.caughtUp();
      await new Promise((r) => setTimeout(r, 500));
      expect(ix.status.reorgs).to.be.at.least(1);
      expect(await pending(db)).to.equal(0);
      expect(hook.received).to.have.length(1);
      expect(await s.token.balanceOf(s.alice.address)).to.equal(42n);
      await hook.close();
    });

    it(`[${kind.name}] raises over-issuance: an issuer above the threshold in a window is stored, served and sent`, async function () {
      const { s, db, ix } = await setUp({ overIssuance: { points: 1_000n, windowSeconds: 86_400 } });
      const hook = await receiver(0);
      await addSubscription(db.db, { url: hook.url, events: ["issuer.over_issuance"] });
      await s.token.connect(s.issuer).issue(s.alice.address, 600n, ref("a"));
      await s.token.connect(s.issuer).issue(s.bob.address, 600n, ref("b"));
      await s.token.connect(s.issuer).issue(s.bob.address, 600n, ref("c")); // already over: no second alert
      await ix.caughtUp();
      await until(async () => hook.received.length === 1, "the alert's delivery");
      const body = JSON.parse(hook.received[0]!.body) as { event: string; data: Record<string, unknown> };
      expect(body.event).to.equal("issuer.over_issuance");
      expect(body.data).to.include({ issuer: s.issuer.address, issued: "1200", threshold: "1000", windowSeconds: 86_400 });
      const api = await serveApi(createApi({ database: db }), 0);
      const alerts = (await (await fetch(`${api.url}/alerts`)).json()) as { items: { kind: string }[] };
      expect(alerts.items.map((a) => a.kind)).to.deep.equal(["over_issuance"]);
      await api.close();
      await hook.close();
    });

    it(`[${kind.name}] reports books out of balance: logged, stored, served by /books and /checks, and sent`, async function () {
      const { s, db, ix } = await setUp();
      await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("fine"));
      await ix.caughtUp();
      await ix.stop();
      // The index's sum of balances is tampered with while the indexer is down; the chain disagrees.
      await db.db.updateTable("totals").set({ sum_of_balances: 105n }).execute();
      const hook = await receiver(0);
      await addSubscription(db.db, { url: hook.url, events: ["books.unbalanced"] });
      const lines: string[] = [];
      indexer = await startIndexer(db, s, { deployment: { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock: (await db.reader.selectFrom("indexer_state").select("from_block").executeTakeFirstOrThrow()).from_block }, log: { ...silentLogger, warn: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`), child: () => ({ ...silentLogger, warn: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`) }) } });
      await s.token.connect(s.alice).transfer(s.bob.address, 1n);
      await indexer.caughtUp();
      await until(async () => hook.received.length === 1, "the books alert");
      expect(lines.some((l) => l.startsWith("the books do not balance") && l.includes("totalSupply 100 but the balances add up to 105"))).to.equal(true);
      const api = await serveApi(createApi({ database: db }), 0);
      const books = (await (await fetch(`${api.url}/books`)).json()) as { differences: string[] };
      expect(books.differences).to.include("totalSupply 100 but the balances add up to 105 (difference -5)");
      const checks = (await (await fetch(`${api.url}/checks`)).json()) as { items: { differences: string[] }[] };
      expect(checks.items[0]!.differences).to.deep.equal(books.differences);
      const body = JSON.parse(hook.received[0]!.body) as { event: string; data: { differences: string[] } };
      expect(body.event).to.equal("books.unbalanced");
      expect(body.data.differences).to.deep.equal(books.differences);
      await api.close();
      await hook.close();
    });
  });
});
