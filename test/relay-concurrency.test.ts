import { expect } from "chai";
import { closeRelays, post, relayerNonce, signedTransfer, startTestRelay } from "./helpers/relay.js";
import { ethers } from "./helpers/system.js";

describe("the relay under concurrent requests", function () {
  afterEach(closeRelays);

  it("sends one of ten requests a signer signed at once, refuses the other nine with a sentence, and counts what it spent", async function () {
    const t = await startTestRelay();
    const requests = await Promise.all(Array.from({ length: 10 }, () => signedTransfer(t, t.customer, t.bob.address, 10n)));
    const [nonce, coin] = [await relayerNonce(t), await ethers.provider.getBalance(t.relayer.address)];
    const answers = await Promise.all(requests.map((request) => post(t.url, { request })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(1, `statuses ${statuses.join(", ")}`);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 429 || s === 400), `statuses ${statuses.join(", ")}`).to.equal(true);
    expect(await relayerNonce(t)).to.equal(nonce + 1);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(10n);
    const fee = BigInt(answers.find((a) => a.status === 200)!.body.fee as string);
    expect(coin - (await ethers.provider.getBalance(t.relayer.address))).to.equal(fee);
    expect(await t.stores.spending.total(t.customer.address, Date.now())).to.equal(fee);
  });
});
