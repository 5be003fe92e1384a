import { expect } from "chai";
import type { HDNodeWallet } from "ethers";
import { closeRelays, gaslessCustomer, post, relayerNonce, signedTransfer, startTestRelay, type Answer } from "./helpers/relay.js";
import { ethers } from "./helpers/system.js";

/** Statuses and sentences of refusals: every one says what happened and what to do, none is a 5xx. */
function expectRefusedInWords(answers: Answer[]): void {
  for (const a of answers) {
    expect([400, 429], `status ${a.status}: ${String(a.body.error)}`).to.include(a.status);
    expect(a.body.error).to.be.a("string").and.match(/^\S.* \S/);
    expect(a.body.hint).to.be.a("string").and.not.equal("");
    if (a.status === 429) {
      expect(a.headers.get("retry-after")).to.equal("1");
      expect(a.body.error).to.match(/^another request of 0x[0-9a-fA-F]{40} (is being checked|went out in 0x[0-9a-f]{64}, which has no receipt yet); the relay takes one request per address at a time$/);
    } else {
      expect(a.body.name).to.equal("ERC2771ForwarderInvalidSigner");
    }
  }
}

const coinOf = (address: string) => ethers.provider.getBalance(address);

describe("the relay under concurrent requests", function () {
  afterEach(closeRelays);

  it("sends one of ten requests a signer signed at once, refuses the other nine with a sentence, and counts what it spent", async function () {
    const t = await startTestRelay();
    const requests = await Promise.all(Array.from({ length: 10 }, () => signedTransfer(t, t.customer, t.bob.address, 10n)));
    const [nonce, coin] = [await relayerNonce(t), await coinOf(t.relayer.address)];
    const answers = await Promise.all(requests.map((request) => post(t.url, { request })));
    const sent = answers.filter((a) => a.status === 200);
    expect(sent, `statuses ${answers.map((a) => a.status).join(", ")}`).to.have.length(1);
    expectRefusedInWords(answers.filter((a) => a.status !== 200));
    expect(await relayerNonce(t)).to.equal(nonce + 1);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(10n);
    const fee = BigInt(sent[0]!.body.fee as string);
    expect(coin - (await coinOf(t.relayer.address))).to.equal(fee);
    expect(await t.stores.spending.total(t.customer.address, Date.now())).to.equal(fee);
    // Refusals for a request in flight or a spent nonce are not counted against the rate limit.
    expect(await t.stores.requests.total(t.customer.address, Date.now())).to.equal(1n);
  });

  it("serves several signers at once, one request each in flight, with limits kept apart; the relayer's spend equals what the caps record", async function () {
    const t = await startTestRelay({ rateLimit: { requests: 2, windowSeconds: 60 } });
    const customers: HDNodeWallet[] = [t.customer];
    for (let i = 0; i < 5; i++) customers.push(await gaslessCustomer(t, 100n));
    const [nonce, coin] = [await relayerNonce(t), await coinOf(t.relayer.address)];

    // Three requests each, signed and sent at once: one per signer goes out.
    const batches = await Promise.all(customers.map((c) => Promise.all([1, 2, 3].map(() => signedTransfer(t, c, t.bob.address, 1n)))));
    const first = await Promise.all(batches.map((requests) => Promise.all(requests.map((request) => post(t.url, { request })))));
    const fees = new Map<string, bigint>();
    first.forEach((answers, i) => {
      const sent = answers.filter((a) => a.status === 200);
      expect(sent, `signer ${i}: ${answers.map((a) => a.status).join(", ")}`).to.have.length(1);
      expectRefusedInWords(answers.filter((a) => a.status !== 200));
      fees.set(customers[i]!.address, BigInt(sent[0]!.body.fee as string));
    });
    expect(await relayerNonce(t)).to.equal(nonce + customers.length);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(BigInt(customers.length));

    // Then one more each, all at once: within every signer's limit of 2, all go out.
    const second = await Promise.all(customers.map(async (c) => post(t.url, { request: await signedTransfer(t, c, t.bob.address, 1n) })));
    expect(second.map((a) => a.status)).to.deep.equal(customers.map(() => 200));
    second.forEach((a, i) => fees.set(customers[i]!.address, fees.get(customers[i]!.address)! + BigInt(a.body.fee as string)));

    // A third each is over every signer's own limit, and only that signer's.
    const third = await Promise.all(customers.map(async (c) => post(t.url, { request: await signedTransfer(t, c, t.bob.address, 1n) })));
    third.forEach((a, i) => {
      expect(a.status).to.equal(429);
      expect(a.body.error).to.equal(`${customers[i]!.address} sent 2 requests in the last 60 s, the most this relay takes`);
    });

    let recorded = 0n;
    for (const c of customers) {
      const total = await t.stores.spending.total(c.address, Date.now());
      expect(total).to.equal(fees.get(c.address));
      recorded += total;
    }
    expect(coin - (await coinOf(t.relayer.address))).to.equal(recorded);
    expect(await relayerNonce(t)).to.equal(nonce + 2 * customers.length);
  });

  it("does not let requests that the named signer did not sign hold its slot", async function () {
    const t = await startTestRelay();
    const forged = { ...(await signedTransfer(t, t.alice, t.bob.address, 1n)), from: t.customer.address };
    const real = await signedTransfer(t, t.customer, t.bob.address, 5n);
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => post(t.url, { request: forged })),
      post(t.url, { request: real }),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([400, 400, 400, 400, 400, 200]);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(5n);
  });

  it("refuses before sending a request signed for a forwarder nonce that another request has spent", async function () {
    const t = await startTestRelay();
    const [toBob, toCarol] = await Promise.all([
      signedTransfer(t, t.customer, t.bob.address, 10n),
      signedTransfer(t, t.customer, t.carol.address, 20n),
    ]);
    expect((await post(t.url, { request: toBob })).status).to.equal(200);
    const nonce = await relayerNonce(t);
    const late = await post(t.url, { request: toCarol });
    expect(late.status).to.equal(400);
    expect(late.body.name).to.equal("ERC2771ForwarderInvalidSigner");
    expect(late.body.error).to.match(/or for a nonce already used/);
    expect(await relayerNonce(t)).to.equal(nonce);
    expect(await t.token.balanceOf(t.carol.address)).to.equal(0n);
  });
});
