import { expect } from "chai";
import { expectUnauthorized } from "./helpers/access.js";
import { catalogFixture, deploySystem, ethers, networkHelpers, orderFixture, ref, skuInput, systemFixture } from "./helpers/system.js";

const { loadFixture } = networkHelpers;
const MAX40 = 2n ** 40n - 1n;

describe("the supply cap and the refund reserve", function () {
  it("never lets redeem, re-issue up to the cap and cancel take supply past the cap (the cycle that reached 4,000 of 1,000)", async function () {
    const s = await deploySystem({ supplyCap: 1_000n });
    await s.mall.connect(s.catalog).createCategory(1, "Gifts");
    await s.mall.connect(s.catalog).createSku(skuInput(1, { price: 100n, stock: 1_000n }));
    await s.token.connect(s.issuer).issue(s.alice.address, 1_000n, ref("welcome"));
    for (let cycle = 0; cycle < 3; cycle++) {
      await s.mall.connect(s.alice).redeem(1, 10, 100); // 1,000 points into an open order
      expect(await s.token.totalSupply()).to.equal(0n);
      expect(await s.token.refundReserve()).to.equal(1_000n);
      // The points of the open order still count: nothing more may be issued.
      await expect(s.token.connect(s.issuer).issue(s.bob.address, 1n, ref("more")))
        .to.be.revertedWithCustomError(s.token, "SupplyCapExceeded")
        .withArgs(1_000n, 0n, 1_000n, 1n);
      const [, , , orders] = await s.mall.counts();
      await s.mall.connect(s.fulfiller).cancel(orders, ref("cancel"));
      expect(await s.token.totalSupply()).to.equal(1_000n);
      expect(await s.token.refundReserve()).to.equal(0n);
    }
    expect(await s.token.totalSupply()).to.be.at.most(1_000n);
  });

  it("frees room under the cap when an order is fulfilled: its points can no longer come back", async function () {
    const s = await deploySystem({ supplyCap: 1_000n });
    await s.mall.connect(s.catalog).createCategory(1, "Gifts");
    await s.mall.connect(s.catalog).createSku(skuInput(1, { price: 100n }));
    await s.token.connect(s.issuer).issue(s.alice.address, 1_000n, ref("welcome"));
    await s.mall.connect(s.alice).redeem(1, 3, 100);
    const fulfil = s.mall.connect(s.fulfiller).fulfil(1, ref("DHL-1"));
    await expect(fulfil)
      .to.emit(s.token, "BurnFinalized")
      .withArgs(await s.mall.getAddress(), 300n, ethers.toBeHex(1n, 32));
    expect(await s.token.refundReserve()).to.equal(0n);
    expect(await s.token.refundable(await s.mall.getAddress())).to.equal(0n);
    await s.token.connect(s.issuer).issue(s.bob.address, 300n, ref("room again"));
    expect((await s.token.totalSupply()) + (await s.token.refundReserve())).to.equal(1_000n);
  });

  it("finalizeBurn: only burners, at most what they may refund, not zero; it works while paused", async function () {
    const s = await loadFixture(catalogFixture);
    const role = await s.token.BURNER_ROLE();
    await s.token.connect(s.admin).grantRole(role, s.carol.address);
    await s.token.connect(s.carol).burn(s.alice.address, 40n, ref("o"));
    await expectUnauthorized(() => s.token.connect(s.outsider).finalizeBurn(1n, ref("o")), s.token, s.outsider, role);
    await expect(s.token.connect(s.carol).finalizeBurn(0n, ref("o"))).to.be.revertedWithCustomError(s.token, "ZeroAmount");
    await expect(s.token.connect(s.carol).finalizeBurn(41n, ref("o")))
      .to.be.revertedWithCustomError(s.token, "RefundExceedsBurned")
      .withArgs(s.carol.address, 40n, 41n);
    await s.token.connect(s.pauser).pause();
    await expect(s.token.connect(s.carol).finalizeBurn(15n, ref("o")))
      .to.emit(s.token, "BurnFinalized")
      .withArgs(s.carol.address, 15n, ref("o"));
    expect(await s.token.refundable(s.carol.address)).to.equal(25n);
    expect(await s.token.refundReserve()).to.equal(25n);
    // A finalized point is never refunded: the burner may give back only what is left.
    await s.token.connect(s.pauser).unpause();
    await expect(s.token.connect(s.carol).refund(s.alice.address, 26n, ref("o")))
      .to.be.revertedWithCustomError(s.token, "RefundExceedsBurned")
      .withArgs(s.carol.address, 25n, 26n);
  });

  it("a burner cannot refund the points of another burner's open orders", async function () {
    const s = await loadFixture(orderFixture); // the mall holds 200 points of order 1 in the reserve
    const role = await s.token.BURNER_ROLE();
    await s.token.connect(s.admin).grantRole(role, s.carol.address);
    expect(await s.token.refundReserve()).to.equal(200n);
    await expect(s.token.connect(s.carol).refund(s.carol.address, 1n, ref("steal")))
      .to.be.revertedWithCustomError(s.token, "RefundExceedsBurned")
      .withArgs(s.carol.address, 0n, 1n);
  });
});

describe("points sent where they would be lost", function () {
  it("refuses transfer, transferFrom and issuance to the token itself, naming it", async function () {
    const s = await loadFixture(catalogFixture);
    const self = await s.token.getAddress();
    await expect(s.token.connect(s.alice).transfer(self, 1n)).to.be.revertedWithCustomError(s.token, "ERC20InvalidReceiver").withArgs(self);
    await s.token.connect(s.alice).approve(s.bob.address, 10n);
    await expect(s.token.connect(s.bob).transferFrom(s.alice.address, self, 1n))
      .to.be.revertedWithCustomError(s.token, "ERC20InvalidReceiver")
      .withArgs(self);
    await expect(s.token.connect(s.issuer).issue(self, 1n, ref("x"))).to.be.revertedWithCustomError(s.token, "ERC20InvalidReceiver").withArgs(self);
    expect(await s.token.balanceOf(self)).to.equal(0n);
  });
});

describe("roles and the trusted forwarder", function () {
  it("refuses every role to the forwarder, on the token and on the mall", async function () {
    const s = await loadFixture(systemFixture);
    const forwarder = await s.forwarder.getAddress();
    for (const role of [await s.token.ISSUER_ROLE(), await s.token.BURNER_ROLE(), await s.token.PAUSER_ROLE()]) {
      await expect(s.token.connect(s.admin).grantRole(role, forwarder))
        .to.be.revertedWithCustomError(s.token, "RoleForForwarder")
        .withArgs(role, forwarder);
    }
    const fulfillerRole = await s.mall.merchantRole(await s.mall.FULFILLER(), 1);
    await expect(s.mall.connect(s.merchantAdmin).grantRole(fulfillerRole, forwarder))
      .to.be.revertedWithCustomError(s.mall, "RoleForForwarder")
      .withArgs(fulfillerRole, forwarder);
    await expect(s.mall.connect(s.admin).registerMerchant("Via forwarder", forwarder))
      .to.be.revertedWithCustomError(s.mall, "RoleForForwarder")
      .withArgs(await s.mall.merchantRole(await s.mall.MERCHANT_ADMIN(), 2), forwarder);
    // Nor as the next admin: the hand-over ends in a grant, which is refused.
    await s.token.connect(s.admin).beginDefaultAdminTransfer(forwarder);
    expect(await s.token.hasRole(ethers.ZeroHash, forwarder)).to.equal(false);
  });

  it("refuses a deployment that names the forwarder in a role", async function () {
    const { PointsToken__factory } = await import("../types/ethers-contracts/index.js");
    const s = await loadFixture(systemFixture);
    const forwarder = await s.forwarder.getAddress();
    const factory = new PointsToken__factory(s.deployer);
    const config = {
      name: "P", symbol: "P", supplyCap: 0n, admin: s.admin.address, adminDelay: 0n,
      issuers: [{ account: forwarder, quota: 1n }], burners: [], pausers: [], trustedForwarder: forwarder, epochSeconds: 0n, validityEpochs: 0n,
    };
    await expect(factory.deploy(config)).to.be.revertedWithCustomError(factory, "RoleForForwarder");
  });
});

describe("stock arithmetic that could make a cancel impossible", function () {
  it("refuses a restock that would take stock plus sold past 2^40 - 1, so every cancel still refunds", async function () {
    const s = await loadFixture(orderFixture); // SKU 1: 8 in stock, 2 sold in order 1
    await expect(s.mall.connect(s.catalog).restock(1, MAX40 - 9n))
      .to.be.revertedWithCustomError(s.mall, "StockOverflow")
      .withArgs(1n, 8n, 2n, MAX40 - 9n, MAX40);
    await s.mall.connect(s.catalog).restock(1, MAX40 - 10n); // exactly to the edge
    const before = await s.mall.sku(1);
    expect(before.stock + before.sold).to.equal(MAX40);
    await expect(s.mall.connect(s.fulfiller).cancel(1, ref("out of stock"))).to.emit(s.mall, "OrderCancelled");
    const after = await s.mall.sku(1);
    expect([after.stock, after.sold]).to.deep.equal([MAX40, 0n]);
  });

  it("an unlimited SKU refuses a quantity that would overflow what it counts as sold, by name", async function () {
    const s = await loadFixture(catalogFixture);
    await s.mall.connect(s.catalog).createSku(skuInput(1, { unlimited: true, price: 1n }));
    await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("more"));
    // Find SKU 2's storage slot (a mapping entry: keccak256(id, slot of the mapping)) by its price
    // and merchant, then put `sold` 10 below the 40-bit edge, as 2^40 purchases would.
    const coder = ethers.AbiCoder.defaultAbiCoder();
    const mall = await s.mall.getAddress();
    let slot: string | undefined;
    for (let i = 0; i < 40 && slot === undefined; i++) {
      const candidate = ethers.keccak256(coder.encode(["uint256", "uint256"], [2, i]));
      const word = BigInt(await ethers.provider.getStorage(mall, candidate));
      if ((word & MAX40) === 1n && ((word >> 224n) & 0xffffn) === 1n && word >> 248n === 1n) slot = candidate;
    }
    if (slot === undefined) throw new Error("SKU 2's slot not found");
    const word = BigInt(await ethers.provider.getStorage(mall, slot));
    await networkHelpers.setStorageAt(mall, slot, word | ((MAX40 - 10n) << 80n));
    await expect(s.mall.connect(s.alice).redeem(2, 11, 1))
      .to.be.revertedWithCustomError(s.mall, "InsufficientStock")
      .withArgs(2n, 10n, 11n);
    await s.mall.connect(s.alice).redeem(2, 10, 1);
    expect((await s.mall.sku(2)).sold).to.equal(MAX40);
  });
});
