import { expect } from "chai";
import { Wallet, parseUnits } from "ethers";
import { createSender } from "../src/relay/sender.js";
import { startRelay } from "../src/relay/index.js";
import { PointsError, RelayRefusal, maxPricePerGas, type ForwardRequest } from "../src/sdk/index.js";
import { demoWallet } from "../scripts/lib/demo.js";
import {
  closeRelays,
  gaslessCustomer,
  post,
  rejection,
  relayerNonce,
  signedTransfer,
  startTestRelay,
  until,
  withoutAutomine,
  type RelaySetup,
} from "./helpers/relay.js";
import { catalogFixture, ethers, networkHelpers } from "./helpers/system.js";

const coinOf = (address: string) => ethers.provider.getBalance(address);
const receiptOf = async (hash: unknown) => (await ethers.provider.getTransactionReceipt(String(hash)))!;

/** The most the relay reserves for `request` now: its gas estimate at the most a unit of gas may cost. */
async function reservationFor(t: RelaySetup, request: ForwardRequest): Promise<bigint> {
  return (await t.forwarder.connect(t.relayer).execute.estimateGas(request)) * (await maxPricePerGas(ethers.provider));
}

describe("what the relay charges to a signer's limits", function () {
  afterEach(closeRelays);

  it("counts a signer's requests one after another: with 4 a minute, exactly 4 of 10 are sent", async function () {
    const t = await startTestRelay({ rateLimit: { requests: 4, windowSeconds: 60 } });
    const nonce = await relayerNonce(t);
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await post(t.url, { request: await signedTransfer(t, t.customer, t.bob.address, 1n) }));
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 200, 429, 429, 429, 429, 429, 429]);
    for (const a of answers.slice(4)) {
      expect(a.body.error).to.equal(`${t.customer.address} sent 4 requests in the last 60 s, the most this relay takes`);
      expect(Number(a.headers.get("retry-after"))).to.be.within(1, 60);
    }
    expect(await relayerNonce(t)).to.equal(nonce + 4);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(4n);
  });

  it("refuses the first call whose most cost no longer fits the spend cap, counting what the earlier ones cost", async function () {
    const probe = await startTestRelay();
    const cap = (await reservationFor(probe, await signedTransfer(probe, probe.customer, probe.bob.address, 1n))) * 3n;
    const t = await startTestRelay({ spendCap: { wei: cap, windowSeconds: 86_400 } });
    const coin = await coinOf(t.relayer.address);
    const fees: bigint[] = [];
    let refused;
    for (let i = 0; i < 20 && refused === undefined; i++) {
      const a = await post(t.url, { request: await signedTransfer(t, t.customer, t.bob.address, 1n) });
      if (a.status === 200) fees.push(BigInt(a.body.fee as string));
      else refused = a;
    }
    expect(refused?.status).to.equal(429);
    const used = fees.reduce((s, f) => s + f, 0n);
    const [, said, needs] = /has used (\d+) of its (\d+) wei of relayed gas in the last 86400 s; this call needs up to (\d+)$/.exec(String(refused!.body.error))!;
    expect([BigInt(said!), BigInt(needs!) + used > cap]).to.deep.equal([used, true]);
    expect(fees.length).to.be.at.least(3); // what was spent, not what was reserved, is what counts
    expect(coin - (await coinOf(t.relayer.address))).to.equal(used);
    expect(await t.stores.spending.total(t.customer.address, Date.now())).to.equal(used);
  });

  it("charges a request that reverts on chain after it was sent, and the cap then refuses the next", async function () {
    const probe = await startTestRelay();
    const cap = ((await reservationFor(probe, await signedTransfer(probe, probe.customer, probe.bob.address, 10n))) * 13n) / 10n;
    const t = await startTestRelay({ spendCap: { wei: cap, windowSeconds: 86_400 } });
    const request = await signedTransfer(t, t.customer, t.bob.address, 10n);
    const [nonce, coin] = [await relayerNonce(t), await coinOf(t.relayer.address)];
    const answer = await withoutAutomine(async () => {
      const answered = post(t.url, { request });
      await until(async () => (await relayerNonce(t, "pending")) > nonce, "the relay's transaction waits in the mempool");
      // A pauser pauses after the relay checked the request, in the same block and before it (a higher tip).
      await t.token.connect(t.pauser).pause({ maxPriorityFeePerGas: parseUnits("50", "gwei"), maxFeePerGas: parseUnits("100", "gwei") });
      await networkHelpers.mine();
      return answered;
    });
    expect(answer.status).to.equal(422);
    expect(answer.body.error).to.match(/^transaction 0x[0-9a-f]{64} reverted on chain: the points system is paused/);
    expect(answer.body.name).to.equal("EnforcedPause");
    const receipt = await receiptOf(answer.body.hash);
    expect(receipt.status).to.equal(0);
    const fee = receipt.gasUsed * receipt.gasPrice;
    expect(BigInt(answer.body.fee as string)).to.equal(fee);
    expect(coin - (await coinOf(t.relayer.address))).to.equal(fee);
    expect(await t.stores.spending.total(t.customer.address, Date.now())).to.equal(fee);

    await t.token.connect(t.pauser).unpause();
    const next = await post(t.url, { request: await signedTransfer(t, t.customer, t.bob.address, 10n) });
    expect(next.status).to.equal(429);
    expect(next.body.error).to.match(new RegExp(`has used ${fee} of its ${cap} wei of relayed gas`));
    expect(await relayerNonce(t)).to.equal(nonce + 1);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(0n);
  });

  it("keeps the reservation and the signer's slot while a sent request has no receipt, and charges the receipt when it comes", async function () {
    const t = await startTestRelay({ receiptTimeoutSeconds: 0.2 });
    const pending = await withoutAutomine(async () => {
      const answer = await post(t.url, { request: await signedTransfer(t, t.customer, t.bob.address, 10n) });
      expect(answer.status).to.equal(202);
      expect(answer.body.pending).to.equal(true);
      expect(await t.stores.spending.total(t.customer.address, Date.now())).to.equal(BigInt(answer.body.reserved as string));
      const again = await post(t.url, { request: await signedTransfer(t, t.customer, t.bob.address, 1n) });
      expect(again.status).to.equal(429);
      expect(again.headers.get("retry-after")).to.equal("1");
      expect(again.body.error).to.include(`went out in ${String(answer.body.hash)}, which has no receipt yet`);
      await networkHelpers.mine();
      return answer;
    });
    const receipt = await receiptOf(pending.body.hash);
    const fee = receipt.gasUsed * receipt.gasPrice;
    await until(async () => (await t.stores.spending.total(t.customer.address, Date.now())) === fee, "the relay charges the receipt");
    const next = await post(t.url, { request: await signedTransfer(t, t.customer, t.bob.address, 1n) });
    expect(next.status).to.equal(200);
    expect(await t.token.balanceOf(t.bob.address)).to.equal(11n);
  });

  it("refuses at start a relayer that cannot sign a transaction itself (an account the node holds)", async function () {
    const t = await startTestRelay();
    const error = await rejection(startRelay({ ...t.config, signer: t.outsider }, 0));
    expect(error).to.be.instanceOf(PointsError);
    expect((error as PointsError).message).to.equal("the relayer's signer cannot sign a transaction itself");
  });
});

describe("the relayer's key (src/relay/sender.ts)", function () {
  it("finds a transaction that the node mined but answered with an error, and prices it from the receipt", async function () {
    const s = await networkHelpers.loadFixture(catalogFixture);
    const key = demoWallet(10).connect(ethers.provider);
    const sender = await createSender(key, 20);
    const customer = await gaslessCustomer(s, 50n);
    const forwarder = await s.forwarder.getAddress();
    const t = { forwarderAddress: forwarder, addresses: { token: await s.token.getAddress() }, token: s.token } as RelaySetup;
    const request = await signedTransfer(t, customer, s.bob.address, 10n);
    await s.forwarder.connect(s.alice).execute(request); // spends the request's nonce: the forwarder now reverts
    const data = s.forwarder.interface.encodeFunctionData("execute", [request]);
    // Hardhat's node answers the broadcast of a reverting transaction with an error, and mines it anyway.
    await expect(key.sendTransaction({ to: forwarder, data, gasLimit: 200_000n })).to.be.rejected;
    const [nonce, coin] = [await ethers.provider.getTransactionCount(key.address), await coinOf(key.address)];
    const sent = await sender.broadcast({ to: forwarder, data, gasLimit: 200_000n }, await sender.price());
    expect(sent.nonce).to.equal(nonce);
    const settled = await sender.settle(sent, Date.now() + 5_000);
    expect(settled.kind).to.equal("receipt");
    if (settled.kind !== "receipt") return;
    expect(settled.receipt.status).to.equal(0);
    expect(settled.receipt.hash).to.equal(sent.hash);
    expect(settled.fee).to.equal(coin - (await coinOf(key.address)));
  });

  it("reports a transaction the node refused as not sent, at no cost", async function () {
    await networkHelpers.loadFixture(catalogFixture);
    const broke = Wallet.createRandom().connect(ethers.provider);
    const sender = await createSender(broke, 20);
    const error = await rejection(sender.broadcast({ to: broke.address, data: "0x", gasLimit: 21_000n }, await sender.price()));
    expect(error).to.be.instanceOf(RelayRefusal);
    expect([(error as RelayRefusal).status, (error as RelayRefusal).message]).to.deep.equal([503, "the relayer has too little native coin to pay for this call"]);
    expect(await ethers.provider.getTransactionCount(broke.address, "pending")).to.equal(0);
  });
});
