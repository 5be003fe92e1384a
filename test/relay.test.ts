import { expect } from "chai";
import { Wallet } from "ethers";
import {
  ContractRevertError,
  RelayError,
  claimVoucher,
  connectPoints,
  issue,
  redeem,
  signForwardRequest,
  signVoucher,
  submitToRelay,
  transfer,
} from "../src/sdk/index.js";
import { clientOf, closeRelays, post, rejection, relayerNonce, signedTransfer, startTestRelay as setUp } from "./helpers/relay.js";
import { ethers, networkHelpers } from "./helpers/system.js";

const { time } = networkHelpers;

describe("gasless use: points relay and the SDK's relayed path (ERC-2771)", function () {
  afterEach(closeRelays);

  it("lets a customer with no native coin redeem: the order is the customer's, the relayer pays the gas", async function () {
    const t = await setUp();
    const relayerCoin = await ethers.provider.getBalance(t.relayer.address);
    const r = await redeem(clientOf(t, t.customer), { skuId: 1, qty: 2 });
    expect(r.orderId).to.equal(1n);
    expect((await t.mall.order(1)).buyer).to.equal(t.customer.address);
    expect(await t.token.balanceOf(t.customer.address)).to.equal(300n);
    expect(await ethers.provider.getBalance(t.customer.address)).to.equal(0n);
    expect(r.receipt.from).to.equal(t.relayer.address);
    expect(await ethers.provider.getBalance(t.relayer.address)).to.equal(relayerCoin - r.receipt.gasUsed * r.receipt.gasPrice);
    const logs = r.receipt.logs.map((l) => t.forwarder.interface.parseLog(l)).filter((l) => l !== null);
    expect(logs.map((l) => [l.name, l.args[0], l.args[2]])).to.deep.equal([["ExecutedForwardRequest", t.customer.address, true]]);
    expect(t.lines.at(-1)).to.match(/^relayed mall\.redeem for 0x[0-9a-fA-F]{40}: tx 0x/);
  });

  it("lets a customer with no native coin claim a voucher and send points", async function () {
    const t = await setUp();
    const issuer = connectPoints(t.issuer, t.addresses);
    const voucher = await signVoucher(issuer, {
      recipient: t.customer.address,
      amount: 70n,
      ref: "till-9",
      expiry: BigInt(await time.latest()) + 3600n,
      id: 1n,
    });
    const client = clientOf(t, t.customer);
    await claimVoucher(client, voucher);
    expect(await t.token.balanceOf(t.customer.address)).to.equal(570n);
    const receipt = await transfer(client, { to: t.bob.address, amount: 70n });
    expect(receipt.from).to.equal(t.relayer.address);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(70n);
    expect(await t.token.balanceOf(t.customer.address)).to.equal(500n);
  });

  it("sends directly, not through the relay, when the wallet can pay its gas (auto), and relays always when told", async function () {
    const t = await setUp();
    await t.token.connect(t.issuer).issue(t.alice.address, 10n, ethers.encodeBytes32String("a"));
    const direct = await transfer(clientOf(t, t.alice), { to: t.bob.address, amount: 5n });
    expect(direct.from).to.equal(t.alice.address);
    const relayed = await transfer(clientOf(t, t.alice, "always"), { to: t.bob.address, amount: 5n });
    expect(relayed.from).to.equal(t.relayer.address);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(10n);
  });

  it("never relays a role holder's call: an issuer's issue goes out directly", async function () {
    const t = await setUp();
    const receipt = await transfer(clientOf(t, t.alice, "always"), { to: t.bob.address, amount: 1n });
    expect(receipt.from).to.equal(t.relayer.address);
    const issued = await issue(clientOf(t, t.issuer, "always"), { to: t.bob.address, amount: 3n, ref: "direct" });
    expect(issued.from).to.equal(t.issuer.address);
  });

  it("refuses a request that names another address than its signer: ERC2771ForwarderInvalidSigner, nothing sent", async function () {
    const t = await setUp();
    const request = await signedTransfer(t, t.customer, t.bob.address, 100n);
    const nonce = await relayerNonce(t);
    // Alice holds 1,000 points; a request signed by the customer cannot spend them.
    const forged = { ...request, from: t.alice.address };
    const answer = await post(t.url, { request: forged });
    expect(answer.status).to.equal(400);
    expect(answer.body.name).to.equal("ERC2771ForwarderInvalidSigner");
    // The digest names Alice, so the key recovers to some third address: never Alice.
    const args = answer.body.args as { signer: string; from: string };
    expect(args.from).to.equal(t.alice.address);
    expect(args.signer).to.not.equal(t.alice.address);
    expect(answer.body.error).to.match(/says it is from 0x[0-9a-fA-F]{40} but was signed by/);
    expect(await relayerNonce(t)).to.equal(nonce);
    expect(await t.token.balanceOf(t.alice.address)).to.equal(1_000n);
    // Executed directly, the forwarder refuses it the same way.
    await expect(t.forwarder.execute(forged)).to.be.revertedWithCustomError(t.forwarder, "ERC2771ForwarderInvalidSigner");
  });

  it("refuses a replayed request: its nonce is spent", async function () {
    const t = await setUp();
    const request = await signedTransfer(t, t.customer, t.bob.address, 10n);
    await submitToRelay(t.url, ethers.provider, request);
    const again = await post(t.url, { request });
    expect(again.status).to.equal(400);
    expect(again.body.name).to.equal("ERC2771ForwarderInvalidSigner");
    expect(await t.token.balanceOf(t.bob.address)).to.equal(10n);
  });

  it("refuses an expired request", async function () {
    const t = await setUp();
    const request = await signedTransfer(t, t.customer, t.bob.address, 10n);
    await time.increaseTo(request.deadline + 1n);
    const answer = await post(t.url, { request });
    expect(answer.status).to.equal(400);
    expect(answer.body.name).to.equal("ERC2771ForwarderExpiredRequest");
    expect(answer.body.error).to.match(/expired at/);
  });

  it("refuses other contracts, other functions and native coin, saying what it forwards", async function () {
    const t = await setUp();
    const forwarder = await t.forwarder.getAddress();
    const sign = (to: string, data: string) => signForwardRequest(t.customer, { forwarder, to, data, gas: 100_000n });
    const elsewhere = await post(t.url, { request: await sign(t.bob.address, "0xa9059cbb") });
    expect(elsewhere.status).to.equal(403);
    expect(elsewhere.body.error).to.equal(`${t.bob.address} is not a contract of this deployment that the relay serves`);
    expect(elsewhere.body.hint).to.equal(`this relay forwards to token ${t.addresses.token}, mall ${t.addresses.mall}`);
    const issue = t.token.interface.encodeFunctionData("issue", [t.customer.address, 1n, ethers.encodeBytes32String("x")]);
    const notForwarded = await post(t.url, { request: await sign(t.addresses.token, issue) });
    expect(notForwarded.status).to.equal(403);
    expect(notForwarded.body.error).to.match(/does not forward this function/);
    expect(notForwarded.body.hint).to.equal("it forwards token.transfer, token.approve, token.transferFrom, token.claim, mall.redeem, mall.redeemCart, rules.claimPurchase, rules.release");
    const redeemOnToken = t.mall.interface.encodeFunctionData("redeem", [1, 1, 100]);
    expect((await post(t.url, { request: await sign(t.addresses.token, redeemOnToken) })).status).to.equal(403);
    const request = await signedTransfer(t, t.customer, t.bob.address, 1n);
    const withValue = await post(t.url, { request: { ...request, value: 1n } });
    expect(withValue.status).to.equal(403);
    expect(withValue.body.error).to.match(/no native coin/);
  });

  it("names the custom error of a call that would revert and sends nothing; the SDK refuses it before signing", async function () {
    const t = await setUp();
    await t.mall.connect(t.catalog).updateSku(1, {
      categoryId: 1, price: 150n, perWalletLimit: 0n, saleStart: 0n, saleEnd: 0n, metadataURI: "ipfs://bafy/mug.json",
    });
    const forwarder = await t.forwarder.getAddress();
    const data = t.mall.interface.encodeFunctionData("redeem", [1, 1, 100]);
    const request = await signForwardRequest(t.customer, { forwarder, to: t.addresses.mall, data, gas: 200_000n });
    const before = await relayerNonce(t);
    const answer = await post(t.url, { request });
    expect(answer.status).to.equal(422);
    expect(answer.body.name).to.equal("PriceAboveMax");
    expect(answer.body.args).to.deep.equal({ skuId: "1", price: "150", maxPrice: "100" });
    expect(await relayerNonce(t)).to.equal(before);
    await expect(redeem(clientOf(t, t.customer), { skuId: 1, qty: 1, maxPricePerUnit: 100n }))
      .to.be.rejectedWith(ContractRevertError, /costs 150 points a unit now, above your limit of 100/);
  });

  it("limits each address's requests: the next one in the window gets 429, Retry-After and a sentence", async function () {
    const t = await setUp({ rateLimit: { requests: 2, windowSeconds: 60 } });
    const client = clientOf(t, t.customer);
    await transfer(client, { to: t.bob.address, amount: 1n });
    await transfer(client, { to: t.bob.address, amount: 1n });
    const error = await rejection(transfer(client, { to: t.bob.address, amount: 1n }));
    expect(error).to.be.instanceOf(RelayError);
    const e = error as RelayError;
    expect(e.status).to.equal(429);
    expect(e.message).to.match(/sent 2 requests in the last 60 s, the most this relay takes/);
    expect(e.hint).to.match(/^try again in \d+ s$/);
    expect(e.retryAfter).to.be.within(1, 60);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(2n);
    // Another address is not held back.
    await t.token.connect(t.issuer).issue(t.alice.address, 10n, ethers.encodeBytes32String("a"));
    await transfer(clientOf(t, t.alice, "always"), { to: t.bob.address, amount: 1n });
    expect(await t.token.balanceOf(t.bob.address)).to.equal(3n);
  });

  it("does not count requests that someone else signed against an address's limit", async function () {
    const t = await setUp({ rateLimit: { requests: 1, windowSeconds: 60 } });
    const forged = { ...(await signedTransfer(t, t.alice, t.bob.address, 1n)), from: t.customer.address };
    for (let i = 0; i < 3; i++) expect((await post(t.url, { request: forged })).status).to.equal(400);
    await transfer(clientOf(t, t.customer), { to: t.bob.address, amount: 1n });
    expect(await t.token.balanceOf(t.bob.address)).to.equal(1n);
  });

  it("caps the native coin spent for each address: a call above the cap gets 429 and nothing is sent", async function () {
    const t = await setUp();
    const request = await signedTransfer(t, t.customer, t.bob.address, 1n);
    const first = await post(t.url, { request });
    expect(first.status).to.equal(200);
    const spent = BigInt(first.body.fee as string);
    expect(spent > 0n).to.equal(true);

    const capped = await setUp({ spendCap: { wei: spent * 3n / 2n, windowSeconds: 86_400 } });
    const client = clientOf(capped, capped.customer);
    await transfer(client, { to: capped.bob.address, amount: 1n });
    const before = await relayerNonce(capped);
    const error = await rejection(transfer(client, { to: capped.bob.address, amount: 1n }));
    expect(error).to.be.instanceOf(RelayError);
    expect((error as RelayError).status).to.equal(429);
    expect((error as RelayError).message).to.match(/has used \d+ of its \d+ wei of relayed gas in the last 86400 s/);
    expect(await relayerNonce(capped)).to.equal(before);
  });

  it("says when the relayer cannot pay (503), and answers malformed bodies with the field at fault (400)", async function () {
    const broke = Wallet.createRandom().connect(ethers.provider);
    const t = await setUp({ signer: broke });
    const answer = await post(t.url, { request: await signedTransfer(t, t.customer, t.bob.address, 1n) });
    expect(answer.status).to.equal(503);
    expect(answer.body.error).to.match(/has too little native coin/);

    expect((await post(t.url, "not json")).body.error).to.equal("the body is not JSON");
    expect((await post(t.url, { nope: 1 })).status).to.equal(400);
    const request = await signedTransfer(t, t.customer, t.bob.address, 1n);
    const bad = await post(t.url, { request: { ...request, gas: "-1" } });
    expect([bad.status, bad.body.error]).to.deep.equal([400, "request.gas must be a whole number, as a decimal string"]);
    const { signature: _omitted, ...unsigned } = request;
    expect((await post(t.url, { request: unsigned })).body.error).to.equal("request.signature is missing");
    const huge = await post(t.url, { request: { ...request, data: `0x${"00".repeat(40_000)}` } });
    expect([huge.status, huge.body.error]).to.deep.equal([413, "the body is over 65536 bytes"]);
  });

  it("describes itself on GET /, answers unknown routes with 404, and lets only the allowed web origins call it", async function () {
    const t = await setUp({ allowOrigins: ["http://127.0.0.1:8080"] });
    const info = await fetch(t.url, { headers: { origin: "http://127.0.0.1:8080" } });
    expect(info.headers.get("access-control-allow-origin")).to.equal("http://127.0.0.1:8080");
    expect(await info.json()).to.deep.include({
      chainId: "31337",
      forwarder: await t.forwarder.getAddress(),
      relayer: t.relayer.address,
      targets: { ...t.addresses, rules: [] },
    });
    const other = await fetch(t.url, { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).to.equal(null);
    const preflight = (origin: string) =>
      fetch(`${t.url}/forward`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    const allowed = await preflight("http://127.0.0.1:8080");
    expect(allowed.status).to.equal(204);
    expect(allowed.headers.get("access-control-allow-origin")).to.equal("http://127.0.0.1:8080");
    expect(allowed.headers.get("access-control-allow-headers")).to.equal("content-type");
    expect(allowed.headers.get("access-control-expose-headers")).to.equal("retry-after");
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).to.equal(null);
    const missing = await fetch(`${t.url}/nope`);
    expect(missing.status).to.equal(404);
    expect(await missing.json()).to.deep.equal({ error: "no GET /nope here", hint: "GET / describes the relay; POST /forward takes a signed request" });
  });
});
