import { expect } from "chai";
import { createApi, serveApi, type RunningApi } from "../src/api/server.js";
import type { LedgerDatabase } from "../src/indexer/database.js";
import type { Indexer } from "../src/indexer/indexer.js";
import { connectIndexer, connectPoints, dailyActivity, history, listOrders, reconcile, settle, type PointsClient } from "../src/sdk/index.js";
import { eachDatabase } from "./helpers/databases.js";
import { richHistory, startIndexer, type History } from "./helpers/ledger.js";
import { checkSchema } from "./helpers/schema-check.js";
import { deploySystem, ethers, type System } from "./helpers/system.js";

type Json = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean; schema: Json }[]; responses: Record<string, { content?: Record<string, { schema: Json }> }>; security?: unknown[] }>>; components: { schemas: Record<string, Json> } };

eachDatabase((kind) => {
  describe(`the ledger API [${kind.name}]`, function () {
    this.timeout(180_000);
    let s: System;
    let h: History;
    let database: LedgerDatabase;
    let indexer: Indexer;
    let api: RunningApi;
    let rpc: PointsClient;
    let fromBlock: number;
    const origin = "http://shop.example";

    before(async function () {
      fromBlock = (await ethers.provider.getBlockNumber()) + 1;
      s = await deploySystem();
      h = await richHistory(s);
      for (const tag of ["bonus-a", "bonus-b", "bonus-c"]) await s.token.connect(s.issuer).issue(s.carol.address, 3n, ethers.encodeBytes32String(tag));
      database = await kind.open();
      indexer = await startIndexer(database, s, { deployment: { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock }, overIssuance: { points: 1_000n, windowSeconds: 86_400 } });
      await indexer.caughtUp();
      api = await serveApi(createApi({ database, allowOrigins: [origin], status: () => indexer.status }), 0);
      rpc = connectPoints(ethers.provider, { token: await s.token.getAddress(), mall: await s.mall.getAddress(), fromBlock });
    });
    after(async () => {
      await api?.close();
      await indexer?.stop();
      await database?.close();
    });
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const r = await fetch(`${api.url}${path}`, { headers });
      return { status: r.status, headers: r.headers, body: (await r.json()) as Json };
    };

    it(`[${kind.name}] the SDK client returns what the RPC functions return on the same chain`, async function () {
      const ix = connectIndexer(api.url);
      for (const a of h.accounts) expect(await ix.history(a), a).to.deep.equal(await history(rpc, a));
      expect(await ix.orders()).to.deep.equal(await listOrders(rpc));
      expect(await ix.orders({ buyer: s.bob.address })).to.deep.equal(await listOrders(rpc, { buyer: s.bob.address }));
      expect(await ix.orders({ status: "Placed" })).to.deep.equal(await listOrders(rpc, { status: "Placed" }));
      const books = await reconcile(rpc);
      books.issuers.sort((a, b) => a.issuer.localeCompare(b.issuer));
      expect(await ix.books()).to.deep.equal(books);
      expect(await ix.settlement()).to.deep.equal(await settle(rpc));
      const mid = fromBlock + 20;
      expect(await ix.settlement({ fromBlock: mid })).to.deep.equal(await settle(rpc, { fromBlock: mid }));
      expect(await ix.activity()).to.deep.equal(await dailyActivity(rpc));
    });

    it(`[${kind.name}] connectPoints({ indexer }) reads from the API, and from the chain with a one-line note when the API is gone`, async function () {
      const notes: string[] = [];
      const addresses = { token: await s.token.getAddress(), mall: await s.mall.getAddress(), fromBlock };
      const viaApi = connectPoints(ethers.provider, addresses, { indexer: { client: connectIndexer(api.url), note: (m) => notes.push(m) } });
      expect(await history(viaApi, s.alice.address)).to.deep.equal(await history(rpc, s.alice.address));
      expect(await listOrders(viaApi, { buyer: s.carol.address })).to.deep.equal(await listOrders(rpc, { buyer: s.carol.address }));
      expect(notes).to.deep.equal([]);
      const gone = connectPoints(ethers.provider, addresses, { indexer: { client: connectIndexer("http://127.0.0.1:9", { timeoutMs: 2_000 }), note: (m) => notes.push(m) } });
      expect(await history(gone, s.alice.address)).to.deep.equal(await history(rpc, s.alice.address));
      expect(notes).to.have.length(1);
      expect(notes[0]).to.match(/^note: the indexer at http:\/\/127\.0\.0\.1:9 did not answer .*; reading from the chain$/);
      const other = connectPoints(ethers.provider, { ...addresses, token: await s.mall.getAddress() }, { indexer: { client: connectIndexer(api.url), note: (m) => notes.push(m) } });
      await dailyActivity(other).catch(() => undefined);
      expect(notes[1]).to.match(/follows token .* not .*; reading from the chain/);
    });

    it(`[${kind.name}] answers every route of its OpenAPI 3.1 document as the document's schema says`, async function () {
      const doc = (await get("/openapi.json")).body as unknown as Doc;
      expect((doc as unknown as Json).openapi).to.equal("3.1.0");
      const tx = (await database.reader.selectFrom("events").select("tx_hash").where("name", "=", "BatchIssued").executeTakeFirstOrThrow()).tx_hash;
      const samples: Record<string, string> = { address: s.alice.address, id: "1", hash: tx, q: "batch" };
      let checked = 0;
      for (const [path, ops] of Object.entries(doc.paths)) {
        const op = ops.get;
        if (op === undefined || op.security !== undefined) continue;
        let url = path.replace(/\{(\w+)\}/g, (_m, name: string) => samples[name]!);
        const required = (op.parameters ?? []).filter((p) => p.in === "query" && p.required === true);
        if (required.length > 0) url += `?${required.map((p) => `${p.name}=${encodeURIComponent(samples[p.name]!)}`).join("&")}`;
        const answer = await get(url);
        const expected = path === "/health/ready" ? [200, 503] : [200];
        expect(expected, `${url}: ${JSON.stringify(answer.body)}`).to.include(answer.status);
        const schema = op.responses[String(answer.status)]!.content!["application/json"]!.schema;
        expect(checkSchema(answer.body, schema, doc.components.schemas), url).to.deep.equal([]);
        checked += 1;
      }
      expect(checked).to.be.at.least(30);
    });

    it(`[${kind.name}] pages every list with cursors: pages of one add up to the whole list, either way round`, async function () {
      const lists: string[] = [
        `/accounts/${s.alice.address}/history`, `/accounts/${s.alice.address}/history?order=asc`, `/accounts/${s.bob.address}/orders`, "/orders", "/orders?order=asc",
        "/orders?merchant=1&status=Cancelled", "/books/issuers", "/books/skus", "/activity", "/issuers", "/holders", "/movements", "/roles", "/roles?merchant=1",
        "/merchants", "/categories", "/skus", "/rules", "/purchases", "/vouchers", "/alerts",
      ];
      for (const list of lists) {
        const join = list.includes("?") ? "&" : "?";
        const whole = (await get(`${list}${join}limit=100`)).body.items as unknown[];
        const paged: unknown[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 200; i++) {
          const page: Json = (await get(`${list}${join}limit=1${cursor === null ? "" : `&cursor=${cursor}`}`)).body;
          paged.push(...(page.items as unknown[]));
          cursor = page.next as string | null;
          if (cursor === null) break;
        }
        expect(whole.length, list).to.be.above(0);
        expect(paged, list).to.deep.equal(whole);
      }
      // Search pages its reference matches (the other kinds of hit come on the first page).
      const issuances = (items: unknown[]) => (items as Json[]).filter((x) => x.type === "issuance");
      const all = issuances((await get("/search?q=bonus&limit=100")).body.items as unknown[]);
      const pagedHits: unknown[] = [];
      for (let cursor: string | null = null, i = 0; i < 50; i++) {
        const page: Json = (await get(`/search?q=bonus&limit=1${cursor === null ? "" : `&cursor=${cursor}`}`)).body;
        pagedHits.push(...issuances(page.items as unknown[]));
        cursor = page.next as string | null;
        if (cursor === null) break;
      }
      expect(all.length).to.be.at.least(2);
      expect(pagedHits).to.deep.equal(all);
      const history = (await get(`/accounts/${s.alice.address}/history?limit=100`)).body.items as Json[];
      const ascending = (await get(`/accounts/${s.alice.address}/history?order=asc&limit=100`)).body.items as Json[];
      expect(history.map((m) => m.balance)).to.deep.equal(ascending.map((m) => m.balance).reverse());
      expect(history[0]!.balance).to.equal(String(await s.token.balanceOf(s.alice.address)));
    });

    it(`[${kind.name}] refuses a bad parameter with 400 naming it, and an unknown id with 404`, async function () {
      for (const [path, field] of [
        ["/accounts/0x123/history", "address"], ["/orders?status=Lost", "status"], ["/orders?limit=0", "limit"], ["/orders?limit=abc", "limit"],
        ["/orders?cursor=notacursor", "cursor"], ["/activity?from=yesterday", "from"], ["/settlement?from=someday", "from"], ["/search?q=", "q"],
        ["/transactions/0x12", "hash"], ["/roles?contract=vault", "contract"], ["/roles?role=KING", "role"],
      ] as const) {
        const answer = await get(path);
        expect(answer.status, path).to.equal(400);
        expect(answer.body.field, path).to.equal(field);
        expect(answer.body.hint, path).to.be.a("string");
      }
      expect((await get("/orders/999")).status).to.equal(404);
      expect((await get("/merchants/77")).status).to.equal(404);
      expect((await get(`/transactions/0x${"ab".repeat(32)}`)).status).to.equal(404);
      expect((await get("/no/such/route")).body.hint).to.include("/openapi.json");
    });

    it(`[${kind.name}] allows the configured web origins only (CORS), and writes amounts as strings`, async function () {
      const allowed = await get("/books", { origin });
      expect(allowed.headers.get("access-control-allow-origin")).to.equal(origin);
      const other = await get("/books", { origin: "http://evil.example" });
      expect(other.headers.get("access-control-allow-origin")).to.equal(null);
      expect(allowed.body.totalSupply).to.equal(String(await s.token.totalSupply()));
    });

    it(`[${kind.name}] searches by address, transaction hash, order id and reference text, and names the roles per merchant`, async function () {
      const types = async (q: string) => ((await get(`/search?q=${encodeURIComponent(q)}`)).body.items as Json[]).map((x) => x.type);
      expect(await types(s.issuer.address.toLowerCase())).to.deep.equal(["issuer"]);
      expect(await types(s.alice.address)).to.deep.equal(["account"]);
      expect(await types(s.outsider.address)).to.include.members(["issuer", "merchant"]);
      expect(await types(await s.mall.getAddress())).to.deep.equal(["contract"]);
      const tx = (await database.reader.selectFrom("events").select("tx_hash").limit(1).executeTakeFirstOrThrow()).tx_hash;
      expect(await types(tx)).to.include("transaction");
      expect(await types("order #2")).to.include("order");
      expect(await types("TILL")).to.deep.equal(["issuance"]);
      expect(await types("dhl")).to.deep.equal(["delivery"]);
      expect(await types("coffee")).to.include.members(["merchant", "issuance"]);
      const roles = ((await get("/roles?merchant=1")).body.items as Json[]).map((r) => [r.roleName, r.account]);
      expect(roles).to.have.deep.members([["MERCHANT_ADMIN", s.merchantAdmin.address], ["CATALOG_MANAGER", s.catalog.address], ["FULFILLER", s.fulfiller.address]]);
      const issuers = ((await get("/roles?contract=token&role=ISSUER_ROLE")).body.items as Json[]).map((r) => r.account);
      expect(issuers).to.have.members([s.issuer.address, await h.rules.getAddress()]);
    });

    it(`[${kind.name}] serves health: indexed block, chain head, lag and the database`, async function () {
      const health = (await get("/health")).body;
      expect(health.status).to.equal("ok");
      expect(health.indexedBlock).to.equal(await ethers.provider.getBlockNumber());
      expect(health.lagBlocks).to.equal(0);
      expect((health.database as Json).kind).to.equal(kind.name === "PGlite" ? "pglite" : "postgres");
      expect((await get("/health/ready")).status).to.equal(200);
      expect((await get("/health/live")).body).to.deep.equal({ ok: true });
    });
  });
});
