import { expect } from "chai";
import { ExpiryModel, connectPoints, expiringSoon, expiryPolicy, pointsByExpiry, reconcile, signForwardRequest } from "../src/sdk/index.js";
import { ExpiringPointsToken__factory } from "../types/ethers-contracts/index.js";
import { inProcessCli } from "./helpers/cli.js";
import { EXPIRY_EPOCH, EXPIRY_VALIDITY, actors, ethers, expiringFixture, networkHelpers, ref, skuInput, systemFixture } from "./helpers/system.js";

const { loadFixture, time } = networkHelpers;
const TIME_BASED = 1n;

/** Moves the chain into the next epoch (`n` epochs on). */
async function nextEpoch(n = 1): Promise<void> {
  await time.increase(EXPIRY_EPOCH * n);
}

describe("ExpiringPointsToken (ERC-7818): points that expire", function () {
  it("reports its policy through ERC-7818's views, and the SDK reads it", async function () {
    const s = await loadFixture(expiringFixture);
    expect(await s.expiring.epochLength()).to.equal(BigInt(EXPIRY_EPOCH));
    expect(await s.expiring.validityDuration()).to.equal(BigInt(EXPIRY_VALIDITY));
    expect(await s.expiring.epochType()).to.equal(TIME_BASED);
    expect(await s.expiring.currentEpoch()).to.equal(0n);
    const origin = await s.expiring.epochOrigin();
    expect(await s.expiring.getEpochInfo(2)).to.deep.equal([origin + 2n * BigInt(EXPIRY_EPOCH), origin + 3n * BigInt(EXPIRY_EPOCH)]);
    const client = connectPoints(s.alice, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    expect(await expiryPolicy(client)).to.deep.include({ epochSeconds: BigInt(EXPIRY_EPOCH), validityEpochs: BigInt(EXPIRY_VALIDITY), origin });
  });

  it("expires points lazily: balanceOf and totalSupply drop exactly when their epoch's validity ends, with no transaction", async function () {
    const s = await loadFixture(expiringFixture);
    await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("e0"));
    const [, end0] = await s.expiring.getEpochInfo(EXPIRY_VALIDITY - 1);
    await time.increaseTo(end0 - 2n);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(100n);
    expect(await s.expiring.isEpochExpired(0)).to.equal(false);
    await time.increaseTo(end0);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(0n);
    expect(await s.token.totalSupply()).to.equal(0n);
    expect(await s.expiring.isEpochExpired(0)).to.equal(true);
    expect(await s.expiring.balanceOfAtEpoch(0, s.alice.address)).to.equal(0n);
    await expect(s.token.connect(s.alice).transfer(s.bob.address, 1n))
      .to.be.revertedWithCustomError(s.token, "ERC20InsufficientBalance")
      .withArgs(s.alice.address, 0n, 1n);
  });

  it("spends the soonest-expiring points first; received points keep their expiry", async function () {
    const s = await loadFixture(expiringFixture);
    await s.token.connect(s.issuer).issue(s.alice.address, 30n, ref("e0"));
    await nextEpoch();
    await s.token.connect(s.issuer).issue(s.alice.address, 50n, ref("e1"));
    await expect(s.token.connect(s.alice).transfer(s.bob.address, 40n)).to.emit(s.token, "Transfer").withArgs(s.alice.address, s.bob.address, 40n);
    expect([await s.expiring.balanceOfAtEpoch(0, s.alice.address), await s.expiring.balanceOfAtEpoch(1, s.alice.address)]).to.deep.equal([0n, 40n]);
    expect([await s.expiring.balanceOfAtEpoch(0, s.bob.address), await s.expiring.balanceOfAtEpoch(1, s.bob.address)]).to.deep.equal([30n, 10n]);
    const [value, expiresAt] = await s.expiring.getNearestExpiryOf(s.bob.address);
    expect(value).to.equal(30n);
    expect(expiresAt).to.equal((await s.expiring.getEpochInfo(EXPIRY_VALIDITY))[0]);
    // Bob's 30 of epoch 0 expire a whole epoch before the 10 of epoch 1.
    await nextEpoch(EXPIRY_VALIDITY - 1);
    expect(await s.token.balanceOf(s.bob.address)).to.equal(10n);
    expect(await s.expiring.getNearestExpiryOf(s.alice.address)).to.deep.equal([40n, (await s.expiring.getEpochInfo(EXPIRY_VALIDITY + 1))[0]]);
  });

  it("transfers points of a chosen epoch, and refuses an expired or future one by name", async function () {
    const s = await loadFixture(expiringFixture);
    await s.token.connect(s.issuer).issue(s.alice.address, 30n, ref("e0"));
    await nextEpoch();
    await s.token.connect(s.issuer).issue(s.alice.address, 50n, ref("e1"));
    await s.expiring.connect(s.alice).transferAtEpoch(1, s.bob.address, 20n);
    expect(await s.expiring.balanceOfAtEpoch(1, s.bob.address)).to.equal(20n);
    expect(await s.expiring.balanceOfAtEpoch(0, s.alice.address)).to.equal(30n);
    await expect(s.expiring.connect(s.alice).transferAtEpoch(0, s.bob.address, 31n))
      .to.be.revertedWithCustomError(s.token, "ERC20InsufficientBalance")
      .withArgs(s.alice.address, 30n, 31n);
    await expect(s.expiring.connect(s.alice).transferAtEpoch(5, s.bob.address, 1n))
      .to.be.revertedWithCustomError(s.expiring, "ERC7818TransferredExpiredToken")
      .withArgs(s.alice.address, 5n);
    await s.token.connect(s.alice).approve(s.carol.address, 5n);
    await s.expiring.connect(s.carol).transferFromAtEpoch(0, s.alice.address, s.carol.address, 5n);
    expect(await s.expiring.balanceOfAtEpoch(0, s.carol.address)).to.equal(5n);
    await expect(s.expiring.connect(s.carol).transferFromAtEpoch(0, s.alice.address, s.carol.address, 1n))
      .to.be.revertedWithCustomError(s.token, "ERC20InsufficientAllowance")
      .withArgs(s.carol.address, 0n, 1n);
    await nextEpoch(EXPIRY_VALIDITY);
    await expect(s.expiring.connect(s.alice).transferAtEpoch(0, s.bob.address, 1n))
      .to.be.revertedWithCustomError(s.expiring, "ERC7818TransferredExpiredToken")
      .withArgs(s.alice.address, 0n);
  });

  it("redeems the soonest-expiring points; a cancel refunds them as the current epoch's; fulfilment finalizes", async function () {
    const s = await loadFixture(expiringFixture);
    await s.mall.connect(s.catalog).createCategory(1, "Gifts");
    await s.mall.connect(s.catalog).createSku(skuInput(1, { price: 40n }));
    await s.token.connect(s.issuer).issue(s.alice.address, 30n, ref("e0"));
    await nextEpoch();
    await s.token.connect(s.issuer).issue(s.alice.address, 50n, ref("e1"));
    await s.mall.connect(s.alice).redeem(1, 1, 40); // 30 of epoch 0, 10 of epoch 1
    expect(await s.expiring.epochSupply(0)).to.equal(0n);
    expect(await s.expiring.epochSupply(1)).to.equal(40n);
    expect(await s.token.refundReserve()).to.equal(40n);
    await nextEpoch();
    await s.mall.connect(s.fulfiller).cancel(1, ref("no stock"));
    expect(await s.expiring.balanceOfAtEpoch(2, s.alice.address)).to.equal(40n, "refunded as epoch 2's");
    expect(await s.token.balanceOf(s.alice.address)).to.equal(80n);
    await s.mall.connect(s.alice).redeem(1, 1, 40);
    await s.mall.connect(s.fulfiller).fulfil(2, ref("DHL"));
    expect(await s.token.refundReserve()).to.equal(0n);
  });

  it("keeps the books exactly: issued - burned + refunded - expired = supply, per epoch too, replayed by the SDK's model", async function () {
    const s = await loadFixture(expiringFixture);
    const model = new ExpiryModel({ epochSeconds: BigInt(EXPIRY_EPOCH), validityEpochs: BigInt(EXPIRY_VALIDITY), origin: await s.expiring.epochOrigin() });
    const at = async () => BigInt(await time.latest());
    const who = [s.alice, s.bob, s.carol];
    let issued = 0n;
    for (let step = 0; step < 12; step++) {
      const amount = BigInt(10 + step * 7);
      await s.token.connect(s.issuer).issue(who[step % 3]!.address, amount, ref(`s${step}`));
      model.mint(who[step % 3]!.address, amount, await at());
      issued += amount;
      const send = amount / 2n;
      const from = who[(step + 1) % 3]!;
      if ((await s.token.balanceOf(from.address)) >= send) {
        await s.token.connect(from).transfer(who[(step + 2) % 3]!.address, send);
        model.transfer(from.address, who[(step + 2) % 3]!.address, send, await at());
      }
      await time.increase(EXPIRY_EPOCH / 2);
      model.advance(await at());
      expect(await s.token.totalSupply()).to.equal(model.totalSupply(), `supply at step ${step}`);
      expect(issued - model.expired).to.equal(await s.token.totalSupply(), "issued - expired = supply");
      for (const w of who) expect(await s.token.balanceOf(w.address)).to.equal(model.balanceOf(w.address), `balance at step ${step}`);
      const epoch = await s.expiring.currentEpoch();
      let sum = 0n;
      for (let e = 0n; e < BigInt(EXPIRY_VALIDITY) && e <= epoch; e++) sum += await s.expiring.epochSupply(epoch - e);
      expect(sum).to.equal(await s.token.totalSupply(), "the epochs' supplies add up");
    }
    expect(model.expired).to.be.greaterThan(0n);
  });

  it("the SDK lists an account's points by expiry and what expires soon", async function () {
    const s = await loadFixture(expiringFixture);
    await s.token.connect(s.issuer).issue(s.alice.address, 30n, ref("e0"));
    await nextEpoch();
    await s.token.connect(s.issuer).issue(s.alice.address, 50n, ref("e1"));
    const client = connectPoints(s.alice, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    const lots = await pointsByExpiry(client, s.alice.address);
    expect(lots.map((l) => [l.epoch, l.points])).to.deep.equal([[0n, 30n], [1n, 50n]]);
    const soon = await expiringSoon(client, s.alice.address, BigInt(EXPIRY_EPOCH) * BigInt(EXPIRY_VALIDITY - 1));
    expect(soon.points).to.equal(30n);
  });

  it("refuses an expiry it cannot keep, and PointsToken refuses any expiry", async function () {
    const a = await actors();
    const base = { name: "P", symbol: "P", supplyCap: 0n, admin: a.admin.address, adminDelay: 0n, issuers: [], burners: [], pausers: [], trustedForwarder: ethers.ZeroAddress };
    const factory = new ExpiringPointsToken__factory(a.deployer);
    await expect(factory.deploy({ ...base, epochSeconds: 0n, validityEpochs: 2n }))
      .to.be.revertedWithCustomError(factory, "InvalidExpiryPolicy")
      .withArgs(0n, 2n, 4n);
    await expect(factory.deploy({ ...base, epochSeconds: 60n, validityEpochs: 5n }))
      .to.be.revertedWithCustomError(factory, "InvalidExpiryPolicy")
      .withArgs(60n, 5n, 4n);
    const { PointsToken__factory } = await import("../types/ethers-contracts/index.js");
    const plain = new PointsToken__factory(a.deployer);
    await expect(plain.deploy({ ...base, epochSeconds: 60n, validityEpochs: 2n })).to.be.revertedWithCustomError(plain, "InvalidExpiry").withArgs(60n, 2n, 0n);
  });

  it("refuses issuance past the cap counting only unexpired points, so expiry frees room", async function () {
    const { deployExpiringSystem } = await import("./helpers/system.js");
    const s = await deployExpiringSystem({ supplyCap: 100n });
    await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("a"));
    await expect(s.token.connect(s.issuer).issue(s.alice.address, 1n, ref("b")))
      .to.be.revertedWithCustomError(s.token, "SupplyCapExceeded")
      .withArgs(100n, 100n, 0n, 1n);
    await nextEpoch(EXPIRY_VALIDITY);
    await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("c"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(100n);
  });
});

describe("the RPC books of expiring points (reconcile without an index)", function () {
  it("replays issue, transfer, transferAtEpoch (direct and forwarded), redeem and cancel across epoch ends: balanced books whose expired equals the chain's and the model's", async function () {
    const s = await loadFixture(expiringFixture);
    const model = new ExpiryModel({ epochSeconds: BigInt(EXPIRY_EPOCH), validityEpochs: BigInt(EXPIRY_VALIDITY), origin: await s.expiring.epochOrigin() });
    const at = async () => BigInt(await time.latest());
    const client = connectPoints(ethers.provider, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    const people = [s.alice.address, s.bob.address, s.carol.address];

    /** The RPC books balance, and their expired is the chain's and the model's. */
    async function booksBalance(label: string): Promise<bigint> {
      const r = await reconcile(client);
      expect(r.differences, label).to.deep.equal([]);
      const supply = await s.token.totalSupply();
      expect(r.totalSupply, label).to.equal(supply);
      expect(r.expired, label).to.equal(r.issued - r.burned + r.refunded - supply, "issued - burned + refunded - totalSupply");
      model.advance(await at());
      expect(r.expired, label).to.equal(model.expired, "the model's expired");
      expect(r.sumOfBalances, label).to.equal(supply);
      const balances = await Promise.all(people.map((p) => s.token.balanceOf(p)));
      expect(r.holders, label).to.equal(balances.filter((b) => b > 0n).length);
      for (const [i, p] of people.entries()) expect(model.balanceOf(p), `${label}: ${p}`).to.equal(balances[i]);
      return r.expired!;
    }

    await s.mall.connect(s.catalog).createCategory(1, "Mugs");
    await s.mall.connect(s.catalog).createSku(skuInput(1, { price: 50n, stock: 20n }));
    await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("e0-alice"));
    model.mint(s.alice.address, 100n, await at());
    await s.token.connect(s.issuer).issue(s.bob.address, 60n, ref("e0-bob"));
    model.mint(s.bob.address, 60n, await at());
    expect(await booksBalance("epoch 0")).to.equal(0n);

    await nextEpoch();
    await s.token.connect(s.issuer).issue(s.alice.address, 50n, ref("e1-alice"));
    model.mint(s.alice.address, 50n, await at());
    await s.token.connect(s.alice).transfer(s.carol.address, 120n); // 100 of epoch 0 and 20 of epoch 1
    model.transfer(s.alice.address, s.carol.address, 120n, await at());

    await nextEpoch();
    await s.mall.connect(s.carol).redeem(1, 2, 50n); // order 1: Carol's 100 of epoch 0
    model.burn(s.carol.address, 100n, await at());
    await s.mall.connect(s.fulfiller).cancel(1, ref("no stock")); // refunded as epoch 2's
    model.mint(s.carol.address, 100n, await at());
    await s.token.connect(s.issuer).issue(s.bob.address, 40n, ref("e2-bob"));
    model.mint(s.bob.address, 40n, await at());
    await s.expiring.connect(s.bob).transferAtEpoch(2, s.alice.address, 30n); // epoch 2's, not Bob's older epoch 0
    model.transferAtEpoch(s.bob.address, s.alice.address, 2n, 30n, await at());
    const data = s.expiring.interface.encodeFunctionData("transferAtEpoch", [2n, s.carol.address, 10n]);
    await s.forwarder.connect(s.outsider).execute(await signForwardRequest(s.bob, { forwarder: await s.forwarder.getAddress(), to: await s.token.getAddress(), data }));
    model.transferAtEpoch(s.bob.address, s.carol.address, 2n, 10n, await at());
    // Alice now spends 30 of epoch 1 and 20 of epoch 2: read as oldest-first, Bob's transfers would have given her epoch 0's.
    await s.mall.connect(s.alice).redeem(1, 1, 50n);
    model.burn(s.alice.address, 50n, await at());
    await s.mall.connect(s.fulfiller).fulfil(2, ref("DHL"));
    // Carol spends 20 of epoch 1 and 30 of epoch 2: read as oldest-first, the forwarded call would have given her Bob's epoch 0.
    await s.mall.connect(s.carol).redeem(1, 1, 50n);
    model.burn(s.carol.address, 50n, await at());
    expect(await booksBalance("epoch 2")).to.equal(0n);

    await nextEpoch(); // epoch 0 ends: Bob's 60
    expect(await booksBalance("epoch 3")).to.equal(60n);
    await s.token.connect(s.carol).transfer(s.bob.address, 5n); // Carol's oldest: epoch 1
    model.transfer(s.carol.address, s.bob.address, 5n, await at());
    await nextEpoch(2); // epochs 1 and 2 end too
    const expired = await booksBalance("epoch 5");
    expect(expired).to.equal(model.expired).and.to.be.greaterThan(60n);
    expect(await s.token.totalSupply()).to.equal(0n, "everything has expired");

    // points reconcile without an index: exit 0, the expired line.
    const cli = await inProcessCli(s);
    try {
      const out = await cli.ok(["reconcile"]);
      expect(out).to.include(`- expired ${expired} = 0`).and.include("unexpired balances add up to 0").and.include("the books balance");
      expect(JSON.parse(await cli.ok(["--json", "reconcile"]))).to.deep.include({ expired: expired.toString(), differences: [] });
    } finally {
      await cli.close();
    }
  });

  it("leaves a plain token's books as they were: no expired, no expired line", async function () {
    const s = await loadFixture(systemFixture);
    await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("plain"));
    const r = await reconcile(connectPoints(ethers.provider, { token: await s.token.getAddress(), mall: await s.mall.getAddress() }));
    expect(r).to.not.have.property("expired");
    expect(r.differences).to.deep.equal([]);
    const cli = await inProcessCli(s);
    try {
      const out = await cli.ok(["reconcile"]);
      expect(out).to.include("issued 100 - burned 0 + refunded 0 = 100").and.not.include("expired");
    } finally {
      await cli.close();
    }
  });
});

describe("the program's point assets", function () {
  it("reads a plain token's points as never expiring, and a node that does not answer as an error, not as a plain token", async function () {
    const { JsonRpcProvider, Network } = await import("ethers");
    const { NetworkError } = await import("../src/sdk/index.js");
    const s = await loadFixture(systemFixture);
    const addresses = { token: await s.token.getAddress(), mall: await s.mall.getAddress() };
    expect(await expiryPolicy(connectPoints(s.alice, addresses))).to.equal(undefined);
    const gone = new JsonRpcProvider("http://127.0.0.1:9", undefined, { staticNetwork: Network.from(31337) });
    try {
      const error = await expiryPolicy(connectPoints(gone, addresses)).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(NetworkError);
      expect((error as Error).message).to.match(/^reading the token's expiry policy failed/);
    } finally {
      gone.destroy();
    }
  });
  it("lists each asset with its class, name, symbol and expiry policy; ERC-165 tells the expiring token apart", async function () {
    const { pointAssets } = await import("../src/sdk/index.js");
    const { rulesFixture } = await import("./helpers/rules.js");
    const s = await loadFixture(expiringFixture);
    expect(await s.expiring.supportsInterface("0x01ffc9a7")).to.equal(true);
    const client = connectPoints(s.alice, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    const [spendable] = await pointAssets(client);
    expect(spendable).to.deep.include({ class: "spendable", name: "Mall Points", symbol: "MPT", decimals: 0 });
    expect(spendable!.expiry?.validityEpochs).to.equal(BigInt(EXPIRY_VALIDITY));

    const r = await loadFixture(rulesFixture); // a program with status points, on PointsToken
    const rc = connectPoints(r.alice, { token: await r.token.getAddress(), mall: await r.mall.getAddress() });
    const assets = await pointAssets(rc, { status: await r.status.getAddress() });
    expect(assets.map((a) => a.class)).to.deep.equal(["spendable", "status"]);
    expect(assets[0]!.expiry).to.equal(undefined);
    expect(assets[1]!.window?.tiers).to.deep.equal([
      { name: "Member", threshold: 0n },
      { name: "Silver", threshold: 1_000n },
      { name: "Gold", threshold: 5_000n },
    ]);
  });
});
