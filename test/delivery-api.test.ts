import { expect } from "chai";
import { SiweMessage } from "siwe";
import { createApi, serveApi, type RunningApi } from "../src/api/server.js";
import type { LedgerDatabase } from "../src/indexer/database.js";
import {
  DeliveryError, deleteDeliveryDetails, deliveryStatus, merchantRoleId, readDeliveryDetails, signDeliveryDetails, signInForDelivery, submitDeliveryDetails,
} from "../src/sdk/index.js";
import { eachDatabase } from "./helpers/databases.js";
import { deploySystem, ethers, ref, skuInput, type System } from "./helpers/system.js";

type Json = Record<string, unknown>;
type Signer = System["alice"];

const origin = "http://shop.example";
const details = (orderId: bigint, name = "Alice Liddell") => ({ orderId, name, address: "12 Rabbit Hole Lane\nOxford OX1 1AA", phone: "+44 1865 000000" });

eachDatabase((kind) => {
  describe(`delivery details off chain [${kind.name}]`, function () {
    this.timeout(180_000);
    let s: System;
    let database: LedgerDatabase;
    let api: RunningApi;
    let chain: { chainId: bigint; mall: string };
    let skew = 0; // the API's clock runs this far ahead of the test's

    before(async function () {
      s = await deploySystem();
      await s.mall.connect(s.catalog).createCategory(1, "Mugs");
      await s.mall.connect(s.catalog).createSku(skuInput(1, { metadataURI: 'data:application/json,{"name":"Mug","kind":"physical"}' }));
      await s.token.connect(s.issuer).issueBatch([s.alice.address, s.bob.address], [1_000n, 1_000n], ref("welcome"));
      await s.mall.connect(s.alice).redeem(1, 1, 100n); // order 1
      await s.mall.connect(s.bob).redeem(1, 1, 100n); // order 2
      chain = { chainId: (await ethers.provider.getNetwork()).chainId, mall: await s.mall.getAddress() };
      database = await kind.open();
      api = await serveApi(createApi({ database, allowOrigins: [origin], chain: { runner: ethers.provider, ...chain }, now: () => Date.now() + skew, writesPerMinute: 1_000 }), 0);
    });
    after(async () => {
      await api?.close();
      await database?.close();
    });

    const call = async (method: string, path: string, body?: unknown, token?: string) => {
      const r = await fetch(`${api.url}${path}`, {
        method,
        headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
      });
      return { status: r.status, body: (await r.json()) as Json };
    };
    const signIn = (who: Signer) => signInForDelivery(api.url, who, { origin, chainId: chain.chainId });
    const refusal = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (error) {
        expect(error).to.be.instanceOf(DeliveryError);
        return error as DeliveryError;
      }
      throw new Error("not refused");
    };

    it(`[${kind.name}] stores the buyer's signed details, which the merchant's fulfiller reads after signing in; the latest wins`, async function () {
      expect(await deliveryStatus(api.url, 1n)).to.deep.include({ onFile: false, deleted: false });
      const stored = await submitDeliveryDetails(api.url, s.alice, chain, details(1n));
      expect(stored).to.deep.include({ orderId: 1, onFile: true, deleted: false });
      const session = await signIn(s.fulfiller);
      expect(session.address).to.equal(s.fulfiller.address);
      expect(Date.parse(session.expiresAt) - Date.now()).to.be.within(59 * 60_000, 60 * 60_000 + 5_000);
      expect(await readDeliveryDetails(api.url, session.token, 1n)).to.deep.include({ buyer: s.alice.address, merchantId: 1, name: "Alice Liddell", address: details(1n).address, phone: details(1n).phone, orderId: 1 });
      await submitDeliveryDetails(api.url, s.alice, chain, details(1n, "A. Liddell"));
      expect((await readDeliveryDetails(api.url, session.token, 1n)).name).to.equal("A. Liddell");
      // Only the hash of the token is kept.
      const rows = await database.reader.selectFrom("delivery_sessions").select("token_hash").execute();
      expect(rows.map((r) => r.token_hash)).to.not.include(session.token);
    });

    it(`[${kind.name}] refuses details signed by someone else, a replay, a stale or future time, and bad fields, naming the field`, async function () {
      const bobSigned = await signDeliveryDetails(s.bob, chain, details(1n));
      const other = await call("POST", "/orders/1/delivery", bobSigned);
      expect(other.status).to.equal(403);
      expect(other.body.error).to.match(/not by the order's buyer/);

      const signed = await signDeliveryDetails(s.alice, chain, details(1n, "Replayed"));
      expect((await call("POST", "/orders/1/delivery", signed)).status).to.equal(200);
      const replay = await call("POST", "/orders/1/delivery", signed);
      expect(replay.status).to.equal(409);
      expect(replay.body.error).to.match(/already used/);

      const stale = await signDeliveryDetails(s.alice, chain, details(1n), Date.now() - 11 * 60_000);
      expect((await call("POST", "/orders/1/delivery", stale)).body.field).to.equal("issuedAt");
      const future = await signDeliveryDetails(s.alice, chain, details(1n), Date.now() + 5 * 60_000);
      expect((await call("POST", "/orders/1/delivery", future)).body.field).to.equal("issuedAt");

      const issuedAt = String(Date.now());
      for (const [patch, field] of [[{ phone: "call me" }, "phone"], [{ name: "x".repeat(101) }, "name"], [{ address: "" }, "address"], [{ name: "A\u0007B" }, "name"], [{ orderId: "2" }, "orderId"]] as const) {
        const answer = await call("POST", "/orders/1/delivery", { details: { ...details(1n), issuedAt, ...patch }, signature: signed.signature });
        expect(answer.status, field).to.equal(400);
        expect(answer.body.field, field).to.equal(field);
        expect(answer.body.hint, field).to.be.a("string");
      }
      expect((await call("POST", "/orders/1/delivery", { details: { ...details(1n), issuedAt }, signature: "0x12" })).body.field).to.equal("signature");
      expect((await call("POST", "/orders/1/delivery", "{not json")).status).to.equal(400);
      expect((await call("POST", "/orders/1/delivery", { details: { ...details(1n), address: "x".repeat(9_000), issuedAt }, signature: signed.signature })).status).to.equal(413);
      const unknown = await signDeliveryDetails(s.alice, chain, details(99n));
      expect((await call("POST", "/orders/99/delivery", unknown)).status).to.equal(404);
      // A signature for another chain or mall (the domain) recovers someone else: refused.
      const elsewhere = await signDeliveryDetails(s.alice, { chainId: 1n, mall: chain.mall }, details(1n));
      expect((await call("POST", "/orders/1/delivery", elsewhere)).status).to.equal(403);
    });

    async function siwe(who: Signer, patch: Partial<SiweMessage> = {}) {
      const { nonce } = (await call("GET", "/auth/nonce")).body as { nonce: string };
      const now = Date.now();
      const message = new SiweMessage({
        domain: "shop.example", address: who.address, statement: "Sign in.", uri: origin, version: "1", chainId: Number(chain.chainId), nonce,
        issuedAt: new Date(now).toISOString(), expirationTime: new Date(now + 3_600_000).toISOString(), ...patch,
      }).prepareMessage();
      return { message, signature: await who.signMessage(message) };
    }

    it(`[${kind.name}] refuses a sign-in that expired, is for another domain or chain, reuses a nonce, or is signed by someone else`, async function () {
      const cases: [string, () => Promise<{ message: string; signature: string }>, RegExp][] = [
        ["expired", () => siwe(s.fulfiller, { issuedAt: new Date(Date.now() - 120_000).toISOString(), expirationTime: new Date(Date.now() - 60_000).toISOString() }), /expired/],
        ["another domain", () => siwe(s.fulfiller, { domain: "evil.example", uri: "http://evil.example" }), /signed for evil\.example/],
        ["a URI elsewhere", () => siwe(s.fulfiller, { uri: "http://evil.example/login" }), /URI/],
        ["another chain", () => siwe(s.fulfiller, { chainId: 1 }), /chain 1/],
        ["an unknown nonce", () => siwe(s.fulfiller, { nonce: "abcdefgh12345678" }), /nonce/],
        ["no expiry", () => siwe(s.fulfiller, { expirationTime: undefined }), /Expiration/],
        ["an old message", () => siwe(s.fulfiller, { issuedAt: new Date(Date.now() - 20 * 60_000).toISOString() }), /issued/],
        ["someone else's signature", async () => ({ ...(await siwe(s.fulfiller)), signature: await s.outsider.signMessage("hello") }), /not made by/],
      ];
      for (const [what, make, pattern] of cases) {
        const answer = await call("POST", "/auth/session", await make());
        expect(answer.status, what).to.equal(401);
        expect(answer.body.error, what).to.match(pattern);
      }
      const once = await siwe(s.fulfiller);
      expect((await call("POST", "/auth/session", once)).status).to.equal(200);
      const again = await call("POST", "/auth/session", once);
      expect(again.status).to.equal(401);
      expect(again.body.error).to.match(/nonce/);
      expect((await call("POST", "/auth/session", { message: "hello", signature: once.signature })).body.field).to.equal("message");
    });

    it(`[${kind.name}] lets only the order's merchant's fulfillers read: not a shopper, another merchant's fulfiller, a revoked fulfiller, or no session`, async function () {
      await submitDeliveryDetails(api.url, s.bob, chain, details(2n, "Bob"));
      expect((await call("GET", "/orders/2/delivery")).status).to.equal(401);
      expect((await call("GET", "/orders/2/delivery", undefined, "not-a-token")).status).to.equal(401);
      const shopper = await signIn(s.alice);
      const refused = await refusal(readDeliveryDetails(api.url, shopper.token, 2n));
      expect(refused.status).to.equal(403);
      expect(refused.message).to.match(/is not a fulfiller of merchant 1/);
      // The buyer of order 1 is no reader of order 1 either.
      expect((await refusal(readDeliveryDetails(api.url, shopper.token, 1n))).status).to.equal(403);

      await s.mall.connect(s.admin).registerMerchant("Tea House", s.outsider.address);
      await s.mall.connect(s.outsider).grantRole(merchantRoleId("FULFILLER", 2), s.carol.address);
      const tea = await signIn(s.carol);
      expect((await refusal(readDeliveryDetails(api.url, tea.token, 2n))).status).to.equal(403);

      // Carol becomes a fulfiller of merchant 1 too: she reads; revoked, she reads nothing from then on.
      await s.mall.connect(s.merchantAdmin).grantRole(merchantRoleId("FULFILLER", 1), s.carol.address);
      expect((await readDeliveryDetails(api.url, tea.token, 2n)).name).to.equal("Bob");
      await s.mall.connect(s.merchantAdmin).revokeRole(merchantRoleId("FULFILLER", 1), s.carol.address);
      expect((await refusal(readDeliveryDetails(api.url, tea.token, 2n))).status).to.equal(403);
    });

    it(`[${kind.name}] ends sessions when they expire or on sign-out`, async function () {
      const session = await signIn(s.fulfiller);
      expect((await readDeliveryDetails(api.url, session.token, 2n)).name).to.equal("Bob");
      skew = 61 * 60_000;
      try {
        const expired = await refusal(readDeliveryDetails(api.url, session.token, 2n));
        expect(expired.status).to.equal(401);
        expect(expired.message).to.match(/expired/);
      } finally {
        skew = 0;
      }
      const short = await signInForDelivery(api.url, s.fulfiller, { origin, chainId: chain.chainId, ttlMs: 60_000 });
      expect(Date.parse(short.expiresAt) - Date.now()).to.be.at.most(60_000); // the message's own expiry is kept
      const other = await signIn(s.fulfiller);
      expect((await call("DELETE", "/auth/session", undefined, other.token)).status).to.equal(200);
      expect((await refusal(readDeliveryDetails(api.url, other.token, 2n))).status).to.equal(401);
    });

    it(`[${kind.name}] erases the details when the buyer deletes them: nothing to read, and old signatures cannot bring them back`, async function () {
      const old = await signDeliveryDetails(s.bob, chain, details(2n, "Bob again"));
      const session = await signIn(s.fulfiller);
      expect((await refusal(deleteDeliveryDetails(api.url, s.alice, chain, 2n))).status).to.equal(403); // not her order
      const deleted = await deleteDeliveryDetails(api.url, s.bob, chain, 2n);
      expect(deleted).to.deep.include({ onFile: false, deleted: true });
      const gone = await refusal(readDeliveryDetails(api.url, session.token, 2n));
      expect(gone.status).to.equal(404);
      expect(gone.message).to.match(/deleted/);
      const row = await database.reader.selectFrom("delivery_details").selectAll().where("order_id", "=", 2).executeTakeFirstOrThrow();
      expect([row.name, row.address, row.phone]).to.deep.equal([null, null, null]);
      expect((await call("POST", "/orders/2/delivery", old)).status).to.equal(409);
      // New details signed after the deletion are stored again.
      await submitDeliveryDetails(api.url, s.bob, chain, details(2n, "Bob, moved"));
      expect((await readDeliveryDetails(api.url, session.token, 2n)).name).to.equal("Bob, moved");
    });

    it(`[${kind.name}] limits writes per client and minute, counted in the database: two API processes share the limit, and nonces count`, async function () {
      // An hour on, so the writes of the tests above have left the window.
      const later = () => Date.now() + 3_600_000;
      const options = { database, allowOrigins: [origin], chain: { runner: ethers.provider, ...chain }, writesPerMinute: 3, now: later };
      const [one, two] = [await serveApi(createApi(options), 0), await serveApi(createApi(options), 0)];
      try {
        const session = (url: string) => fetch(`${url}/auth/session`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        const statuses = [(await session(one.url)).status, (await session(two.url)).status, (await fetch(`${one.url}/auth/nonce`)).status];
        expect(statuses).to.deep.equal([400, 400, 200]);
        const refused = await session(two.url);
        expect(refused.status).to.equal(429);
        expect(((await refused.json()) as Json).error).to.equal("too many requests: at most 3 a minute");
        expect((await fetch(`${one.url}/auth/nonce`)).status).to.equal(429);
      } finally {
        await one.close();
        await two.close();
      }
    });

    it(`[${kind.name}] answers 503 with a sentence when it has no chain, and allows the web origin to POST (CORS)`, async function () {
      const bare = await serveApi(createApi({ database, allowOrigins: [origin] }), 0);
      try {
        const signed = await signDeliveryDetails(s.alice, chain, details(1n));
        const r = await fetch(`${bare.url}/orders/1/delivery`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(signed, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)) });
        expect(r.status).to.equal(503);
        expect(((await r.json()) as Json).error).to.match(/no connection to the chain/);
      } finally {
        await bare.close();
      }
      const preflight = await fetch(`${api.url}/orders/1/delivery`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
      expect(preflight.headers.get("access-control-allow-origin")).to.equal(origin);
      expect(preflight.headers.get("access-control-allow-methods")).to.include("POST");
    });
  });
});
