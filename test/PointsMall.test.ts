import { expect } from "chai";
import { expectUnauthorized } from "./helpers/access.js";
import {
  ZERO_REF,
  catalogFixture,
  ethers,
  networkHelpers,
  orderFixture,
  ref,
  skuInput,
  systemFixture,
  type System,
} from "./helpers/system.js";

const { loadFixture, time } = networkHelpers;

const Status = { None: 0n, Placed: 1n, Fulfilled: 2n, Cancelled: 3n } as const;

async function roleOf(s: System, base: "MERCHANT_ADMIN" | "CATALOG_MANAGER" | "FULFILLER", merchantId = 1) {
  return s.mall.merchantRole(await s.mall[base](), merchantId);
}

/** A second merchant with its own catalog manager (carol) and fulfiller (bob). */
async function twoMerchantsFixture(): Promise<System> {
  const s = await catalogFixture();
  await s.mall.connect(s.admin).registerMerchant("Coffee Corner", s.outsider.address);
  await s.mall.connect(s.outsider).grantRole(await roleOf(s, "CATALOG_MANAGER", 2), s.carol.address);
  await s.mall.connect(s.outsider).grantRole(await roleOf(s, "FULFILLER", 2), s.bob.address);
  await s.mall.connect(s.carol).createCategory(2, "Coffee");
  return s;
}

describe("PointsMall", function () {
  describe("deployment", function () {
    it("knows its token, registers merchant 1 and gives its roles to the named accounts only", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.mall.token()).to.equal(await s.token.getAddress());
      expect(await s.mall.merchant(1)).to.deep.equal([1n, "Demo Store"]);
      expect(await s.mall.counts()).to.deep.equal([1n, 0n, 0n, 0n]);
      expect(await s.mall.defaultAdmin()).to.equal(s.admin.address);
      expect(await s.mall.hasRole(await roleOf(s, "MERCHANT_ADMIN"), s.merchantAdmin.address)).to.equal(true);
      expect(await s.mall.hasRole(await roleOf(s, "CATALOG_MANAGER"), s.catalog.address)).to.equal(true);
      expect(await s.mall.hasRole(await roleOf(s, "FULFILLER"), s.fulfiller.address)).to.equal(true);
      for (const base of ["MERCHANT_ADMIN", "CATALOG_MANAGER", "FULFILLER"] as const) {
        expect(await s.mall.hasRole(await roleOf(s, base), s.deployer.address)).to.equal(false);
      }
      expect(await s.mall.hasRole(ZERO_REF, s.deployer.address)).to.equal(false);
    });
  });

  describe("registerMerchant", function () {
    it("registers the next merchant, makes its admin the admin of its catalog and fulfiller roles", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.mall.connect(s.admin).registerMerchant("Coffee Corner", s.carol.address))
        .to.emit(s.mall, "MerchantRegistered")
        .withArgs(2n, "Coffee Corner", s.carol.address);
      expect(await s.mall.merchant(2)).to.deep.equal([2n, "Coffee Corner"]);
      expect(await s.mall.getRoleAdmin(await roleOf(s, "CATALOG_MANAGER", 2))).to.equal(
        await roleOf(s, "MERCHANT_ADMIN", 2),
      );
      expect(await s.mall.getRoleAdmin(await roleOf(s, "FULFILLER", 2))).to.equal(await roleOf(s, "MERCHANT_ADMIN", 2));
    });

    it("reverts on an empty name and may only be called by the platform admin", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.mall.connect(s.admin).registerMerchant("", s.carol.address)).to.be.revertedWithCustomError(
        s.mall,
        "EmptyName",
      );
      await expectUnauthorized(
        () => s.mall.connect(s.merchantAdmin).registerMerchant("X", s.carol.address),
        s.mall,
        s.merchantAdmin,
        ZERO_REF,
      );
    });

    it("reading an unknown merchant reverts with its id", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.mall.merchant(2)).to.be.revertedWithCustomError(s.mall, "UnknownMerchant").withArgs(2n);
      await expect(s.mall.merchant(0)).to.be.revertedWithCustomError(s.mall, "UnknownMerchant").withArgs(0n);
    });
  });

  describe("setMerchantIssuer", function () {
    it("a deployment counts the token's issuers as merchant 1's", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.mall.merchantOfIssuer(s.issuer.address)).to.equal(1n);
      expect(await s.mall.merchantOfIssuer(s.alice.address)).to.equal(0n);
    });

    it("maps an issuer to a merchant, emits MerchantIssuerSet, and clears with 0", async function () {
      const s = await loadFixture(twoMerchantsFixture);
      await expect(s.mall.connect(s.admin).setMerchantIssuer(s.carol.address, 2))
        .to.emit(s.mall, "MerchantIssuerSet")
        .withArgs(s.carol.address, 2n);
      expect(await s.mall.merchantOfIssuer(s.carol.address)).to.equal(2n);
      await s.mall.connect(s.admin).setMerchantIssuer(s.carol.address, 0);
      expect(await s.mall.merchantOfIssuer(s.carol.address)).to.equal(0n);
    });

    it("reverts for an unknown merchant and for callers other than the platform admin", async function () {
      const s = await loadFixture(twoMerchantsFixture);
      await expect(s.mall.connect(s.admin).setMerchantIssuer(s.carol.address, 3))
        .to.be.revertedWithCustomError(s.mall, "UnknownMerchant")
        .withArgs(3n);
      await expectUnauthorized(() => s.mall.connect(s.merchantAdmin).setMerchantIssuer(s.carol.address, 1), s.mall, s.merchantAdmin, ZERO_REF);
    });
  });

  describe("merchant roles", function () {
    it("a merchant admin grants and revokes its own merchant's roles, not another's", async function () {
      const s = await loadFixture(twoMerchantsFixture);
      const catalog1 = await roleOf(s, "CATALOG_MANAGER", 1);
      await expect(s.mall.connect(s.merchantAdmin).grantRole(catalog1, s.alice.address))
        .to.emit(s.mall, "RoleGranted")
        .withArgs(catalog1, s.alice.address, s.merchantAdmin.address);
      await s.mall.connect(s.merchantAdmin).revokeRole(catalog1, s.alice.address);
      expect(await s.mall.hasRole(catalog1, s.alice.address)).to.equal(false);
      // The outsider administers merchant 2 only.
      await expectUnauthorized(
        () => s.mall.connect(s.outsider).grantRole(catalog1, s.outsider.address),
        s.mall,
        s.outsider,
        await roleOf(s, "MERCHANT_ADMIN", 1),
      );
    });

    it("a catalog manager of one merchant cannot touch another merchant's catalog", async function () {
      const s = await loadFixture(twoMerchantsFixture);
      const catalog1 = await roleOf(s, "CATALOG_MANAGER", 1);
      await expectUnauthorized(() => s.mall.connect(s.carol).createCategory(1, "Hijack"), s.mall, s.carol, catalog1);
      await expectUnauthorized(() => s.mall.connect(s.carol).renameCategory(1, "Hijack"), s.mall, s.carol, catalog1);
      await expectUnauthorized(() => s.mall.connect(s.carol).setSkuActive(1, false), s.mall, s.carol, catalog1);
      await expectUnauthorized(() => s.mall.connect(s.carol).createSku(skuInput(1)), s.mall, s.carol, catalog1);
    });

    it("a fulfiller of one merchant cannot fulfil or cancel another merchant's orders", async function () {
      const s = await loadFixture(twoMerchantsFixture);
      await s.mall.connect(s.alice).redeem(1, 1, 100);
      const fulfiller1 = await roleOf(s, "FULFILLER", 1);
      await expectUnauthorized(() => s.mall.connect(s.bob).fulfil(1, ref("x")), s.mall, s.bob, fulfiller1);
      await expectUnauthorized(() => s.mall.connect(s.bob).cancel(1, ref("x")), s.mall, s.bob, fulfiller1);
    });
  });

  describe("categories", function () {
    it("createCategory adds a category of the merchant and emits CategoryCreated", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.mall.connect(s.catalog).createCategory(1, "Mugs"))
        .to.emit(s.mall, "CategoryCreated")
        .withArgs(1n, 1n, "Mugs");
      expect(await s.mall.category(1)).to.deep.equal([1n, 1n, false, "Mugs"]);
    });

    it("createCategory reverts for an unknown merchant, an empty name, and callers without the role", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.mall.connect(s.catalog).createCategory(7, "X"))
        .to.be.revertedWithCustomError(s.mall, "UnknownMerchant")
        .withArgs(7n);
      await expect(s.mall.connect(s.catalog).createCategory(1, "")).to.be.revertedWithCustomError(s.mall, "EmptyName");
      await expectUnauthorized(
        () => s.mall.connect(s.merchantAdmin).createCategory(1, "X"),
        s.mall,
        s.merchantAdmin,
        await roleOf(s, "CATALOG_MANAGER"),
      );
    });

    it("renameCategory renames and emits CategoryRenamed; reverts on unknown id, empty name, wrong caller", async function () {
      const s = await loadFixture(catalogFixture);
      await expect(s.mall.connect(s.catalog).renameCategory(1, "Cups"))
        .to.emit(s.mall, "CategoryRenamed")
        .withArgs(1n, "Cups");
      expect((await s.mall.category(1)).name).to.equal("Cups");
      await expect(s.mall.connect(s.catalog).renameCategory(9, "X"))
        .to.be.revertedWithCustomError(s.mall, "UnknownCategory")
        .withArgs(9n);
      await expect(s.mall.connect(s.catalog).renameCategory(1, "")).to.be.revertedWithCustomError(s.mall, "EmptyName");
      await expectUnauthorized(
        () => s.mall.connect(s.alice).renameCategory(1, "X"),
        s.mall,
        s.alice,
        await roleOf(s, "CATALOG_MANAGER"),
      );
    });

    it("retireCategory stops new SKUs in it and leaves its SKUs on sale", async function () {
      const s = await loadFixture(catalogFixture);
      await expect(s.mall.connect(s.catalog).retireCategory(1)).to.emit(s.mall, "CategoryRetired").withArgs(1n);
      expect((await s.mall.category(1)).retired).to.equal(true);
      await expect(s.mall.connect(s.catalog).createSku(skuInput(1)))
        .to.be.revertedWithCustomError(s.mall, "CategoryIsRetired")
        .withArgs(1n);
      await expect(s.mall.connect(s.catalog).retireCategory(1))
        .to.be.revertedWithCustomError(s.mall, "CategoryIsRetired")
        .withArgs(1n);
      await expect(s.mall.connect(s.alice).redeem(1, 1, 100)).to.emit(s.mall, "OrderPlaced");
    });

    it("retireCategory reverts on an unknown id and for callers without the role", async function () {
      const s = await loadFixture(catalogFixture);
      await expect(s.mall.connect(s.catalog).retireCategory(5))
        .to.be.revertedWithCustomError(s.mall, "UnknownCategory")
        .withArgs(5n);
      await expectUnauthorized(
        () => s.mall.connect(s.fulfiller).retireCategory(1),
        s.mall,
        s.fulfiller,
        await roleOf(s, "CATALOG_MANAGER"),
      );
    });
  });

  describe("SKUs", function () {
    it("createSku stores every field under the category's merchant and emits SkuCreated with them", async function () {
      const s = await loadFixture(catalogFixture);
      const input = skuInput(1, { price: 250n, stock: 3n, perWalletLimit: 2n, saleStart: 10n, saleEnd: 99_999_999_999n });
      await expect(s.mall.connect(s.catalog).createSku(input))
        .to.emit(s.mall, "SkuCreated")
        .withArgs(2n, 1n, 1n, [1n, 250n, 3n, false, 2n, 10n, 99_999_999_999n, true, "ipfs://bafy/mug.json"]);
      const sku = await s.mall.sku(2);
      expect(sku.merchantId).to.equal(1n);
      expect(sku.price).to.equal(250n);
      expect(sku.stock).to.equal(3n);
      expect(sku.sold).to.equal(0n);
      expect(sku.perWalletLimit).to.equal(2n);
      expect(sku.saleEnd).to.equal(99_999_999_999n);
      expect(sku.metadataURI).to.equal("ipfs://bafy/mug.json");
    });

    it("createSku reverts on zero price, a sale that ends before it starts, an unknown category", async function () {
      const s = await loadFixture(catalogFixture);
      await expect(s.mall.connect(s.catalog).createSku(skuInput(1, { price: 0n }))).to.be.revertedWithCustomError(
        s.mall,
        "ZeroPrice",
      );
      await expect(s.mall.connect(s.catalog).createSku(skuInput(1, { saleStart: 100n, saleEnd: 100n })))
        .to.be.revertedWithCustomError(s.mall, "InvalidSaleWindow")
        .withArgs(100n, 100n);
      await expect(s.mall.connect(s.catalog).createSku(skuInput(4)))
        .to.be.revertedWithCustomError(s.mall, "UnknownCategory")
        .withArgs(4n);
    });

    it("createSku rejects a price that does not fit, before sending", async function () {
      const s = await loadFixture(catalogFixture);
      // uint40 in the ABI: ethers refuses to encode it, so nothing reaches the chain.
      await expect(s.mall.connect(s.catalog).createSku(skuInput(1, { price: 2n ** 40n }))).to.be.rejectedWith(
        /value out-of-bounds/,
      );
    });

    it("updateSku changes price, limit, window, category and metadata and emits SkuUpdated", async function () {
      const s = await loadFixture(catalogFixture);
      await s.mall.connect(s.catalog).createCategory(1, "Cups");
      const update = { categoryId: 2n, price: 120n, perWalletLimit: 1n, saleStart: 5n, saleEnd: 0n, metadataURI: "ipfs://v2" };
      await expect(s.mall.connect(s.catalog).updateSku(1, update))
        .to.emit(s.mall, "SkuUpdated")
        .withArgs(1n, [2n, 120n, 1n, 5n, 0n, "ipfs://v2"]);
      const sku = await s.mall.sku(1);
      expect([sku.categoryId, sku.price, sku.perWalletLimit, sku.saleStart, sku.metadataURI]).to.deep.equal([
        2n,
        120n,
        1n,
        5n,
        "ipfs://v2",
      ]);
      expect(sku.stock).to.equal(10n);
    });

    it("updateSku reverts on an unknown SKU, zero price, bad window, and another merchant's category", async function () {
      const s = await loadFixture(twoMerchantsFixture);
      const update = { categoryId: 1n, price: 1n, perWalletLimit: 0n, saleStart: 0n, saleEnd: 0n, metadataURI: "" };
      await expect(s.mall.connect(s.catalog).updateSku(9, update))
        .to.be.revertedWithCustomError(s.mall, "UnknownSku")
        .withArgs(9n);
      await expect(s.mall.connect(s.catalog).updateSku(1, { ...update, price: 0n })).to.be.revertedWithCustomError(
        s.mall,
        "ZeroPrice",
      );
      await expect(s.mall.connect(s.catalog).updateSku(1, { ...update, saleStart: 9n, saleEnd: 8n }))
        .to.be.revertedWithCustomError(s.mall, "InvalidSaleWindow")
        .withArgs(9n, 8n);
      await expect(s.mall.connect(s.catalog).updateSku(1, { ...update, categoryId: 2n }))
        .to.be.revertedWithCustomError(s.mall, "CategoryOfOtherMerchant")
        .withArgs(2n, 2n, 1n);
      await expectUnauthorized(
        () => s.mall.connect(s.alice).updateSku(1, update),
        s.mall,
        s.alice,
        await roleOf(s, "CATALOG_MANAGER"),
      );
    });

    it("setSkuActive withdraws a SKU from sale and puts it back, emitting SkuActiveSet", async function () {
      const s = await loadFixture(catalogFixture);
      await expect(s.mall.connect(s.catalog).setSkuActive(1, false)).to.emit(s.mall, "SkuActiveSet").withArgs(1n, false);
      await expect(s.mall.connect(s.alice).redeem(1, 1, 100))
        .to.be.revertedWithCustomError(s.mall, "SkuNotActive")
        .withArgs(1n);
      await expect(s.mall.connect(s.catalog).setSkuActive(1, true)).to.emit(s.mall, "SkuActiveSet").withArgs(1n, true);
      await expect(s.mall.connect(s.alice).redeem(1, 1, 100)).to.emit(s.mall, "OrderPlaced");
      await expect(s.mall.connect(s.catalog).setSkuActive(3, true))
        .to.be.revertedWithCustomError(s.mall, "UnknownSku")
        .withArgs(3n);
    });

    it("restock adds units and emits SkuRestocked with the new stock", async function () {
      const s = await loadFixture(catalogFixture);
      await expect(s.mall.connect(s.catalog).restock(1, 5)).to.emit(s.mall, "SkuRestocked").withArgs(1n, 5n, 15n);
      expect((await s.mall.sku(1)).stock).to.equal(15n);
    });

    it("restock reverts on zero, on overflow, on an unlimited SKU, an unknown SKU, a wrong caller", async function () {
      const s = await loadFixture(catalogFixture);
      await s.mall.connect(s.catalog).createSku(skuInput(1, { unlimited: true }));
      await expect(s.mall.connect(s.catalog).restock(1, 0)).to.be.revertedWithCustomError(s.mall, "ZeroQuantity");
      await expect(s.mall.connect(s.catalog).restock(1, 2n ** 40n - 1n))
        .to.be.revertedWithCustomError(s.mall, "StockOverflow")
        .withArgs(1n, 10n, 0n, 2n ** 40n - 1n, 2n ** 40n - 1n);
      await expect(s.mall.connect(s.catalog).restock(2, 1))
        .to.be.revertedWithCustomError(s.mall, "SkuIsUnlimited")
        .withArgs(2n);
      await expect(s.mall.connect(s.catalog).restock(3, 1))
        .to.be.revertedWithCustomError(s.mall, "UnknownSku")
        .withArgs(3n);
      await expectUnauthorized(
        () => s.mall.connect(s.fulfiller).restock(1, 1),
        s.mall,
        s.fulfiller,
        await roleOf(s, "CATALOG_MANAGER"),
      );
    });
  });

  describe("redeem", function () {
    it("burns price x qty, takes the units from stock, records the order and emits OrderPlaced and Burned", async function () {
      const s = await loadFixture(catalogFixture);
      const tx = s.mall.connect(s.alice).redeem(1, 3, 100);
      await expect(tx).to.changeTokenBalance(ethers, s.token, s.alice, -300n);
      await expect(tx).to.emit(s.mall, "OrderPlaced").withArgs(1n, s.alice.address, 1n, 1n, 3n, 300n);
      await expect(tx)
        .to.emit(s.token, "Burned")
        .withArgs(await s.mall.getAddress(), s.alice.address, 300n, ethers.toBeHex(1n, 32));
      const sku = await s.mall.sku(1);
      expect([sku.stock, sku.sold]).to.deep.equal([7n, 3n]);
      expect(await s.mall.order(1)).to.deep.equal([1n, s.alice.address, 1n, 1n, 3n, 300n, Status.Placed, 1n]);
      expect((await s.mall.counts()).orders).to.equal(1n);
    });

    it("reverts when the price rose above maxPrice", async function () {
      const s = await loadFixture(catalogFixture);
      await s.mall
        .connect(s.catalog)
        .updateSku(1, { categoryId: 1n, price: 150n, perWalletLimit: 0n, saleStart: 0n, saleEnd: 0n, metadataURI: "" });
      await expect(s.mall.connect(s.alice).redeem(1, 1, 100))
        .to.be.revertedWithCustomError(s.mall, "PriceAboveMax")
        .withArgs(1n, 150n, 100n);
      expect(await s.token.balanceOf(s.alice.address)).to.equal(1_000n);
    });

    it("charges the current price when it fell below maxPrice", async function () {
      const s = await loadFixture(catalogFixture);
      await s.mall
        .connect(s.catalog)
        .updateSku(1, { categoryId: 1n, price: 80n, perWalletLimit: 0n, saleStart: 0n, saleEnd: 0n, metadataURI: "" });
      await expect(s.mall.connect(s.alice).redeem(1, 1, 100)).to.changeTokenBalance(ethers, s.token, s.alice, -80n);
    });

    it("reverts with what is left when the stock is too small", async function () {
      const s = await loadFixture(catalogFixture);
      await expect(s.mall.connect(s.alice).redeem(1, 11, 100))
        .to.be.revertedWithCustomError(s.mall, "InsufficientStock")
        .withArgs(1n, 10n, 11n);
    });

    it("sells an unlimited SKU beyond any stock", async function () {
      const s = await loadFixture(catalogFixture);
      await s.mall.connect(s.catalog).createSku(skuInput(1, { unlimited: true, stock: 0n, price: 1n }));
      await s.mall.connect(s.alice).redeem(2, 500, 1);
      const sku = await s.mall.sku(2);
      expect([sku.stock, sku.sold, sku.unlimited]).to.deep.equal([0n, 500n, true]);
    });

    it("enforces the per-wallet limit across orders and per wallet", async function () {
      const s = await loadFixture(catalogFixture);
      await s.mall.connect(s.catalog).createSku(skuInput(1, { perWalletLimit: 2n, price: 1n }));
      await s.token.connect(s.issuer).issue(s.bob.address, 10n, ref("welcome"));
      await s.mall.connect(s.alice).redeem(2, 2, 1);
      expect(await s.mall.purchased(2, s.alice.address)).to.equal(2n);
      await expect(s.mall.connect(s.alice).redeem(2, 1, 1))
        .to.be.revertedWithCustomError(s.mall, "WalletLimitExceeded")
        .withArgs(2n, 2n, 2n, 1n);
      await s.mall.connect(s.bob).redeem(2, 2, 1);
    });

    it("respects the sale window at its edges", async function () {
      const s = await loadFixture(catalogFixture);
      const now = BigInt(await time.latest());
      const start = now + 100n;
      const end = now + 200n;
      await s.mall.connect(s.catalog).createSku(skuInput(1, { saleStart: start, saleEnd: end, price: 1n }));
      await time.setNextBlockTimestamp(start - 1n);
      await expect(s.mall.connect(s.alice).redeem(2, 1, 1))
        .to.be.revertedWithCustomError(s.mall, "SaleNotStarted")
        .withArgs(2n, start);
      await time.setNextBlockTimestamp(start);
      await s.mall.connect(s.alice).redeem(2, 1, 1);
      await time.setNextBlockTimestamp(end - 1n);
      await s.mall.connect(s.alice).redeem(2, 1, 1);
      await time.setNextBlockTimestamp(end);
      await expect(s.mall.connect(s.alice).redeem(2, 1, 1))
        .to.be.revertedWithCustomError(s.mall, "SaleEnded")
        .withArgs(2n, end);
    });

    it("reverts on an unknown SKU, zero quantity, an order too large, and too few points", async function () {
      const s = await loadFixture(catalogFixture);
      await expect(s.mall.connect(s.alice).redeem(9, 1, 100))
        .to.be.revertedWithCustomError(s.mall, "UnknownSku")
        .withArgs(9n);
      await expect(s.mall.connect(s.alice).redeem(1, 0, 100)).to.be.revertedWithCustomError(s.mall, "ZeroQuantity");
      const maxPrice = 2n ** 40n - 1n;
      await s.mall.connect(s.catalog).createSku(skuInput(1, { price: maxPrice, unlimited: true }));
      await expect(s.mall.connect(s.alice).redeem(2, 2, maxPrice))
        .to.be.revertedWithCustomError(s.mall, "OrderTooLarge")
        .withArgs(maxPrice * 2n, maxPrice);
      await expect(s.mall.connect(s.bob).redeem(1, 1, 100))
        .to.be.revertedWithCustomError(s.token, "ERC20InsufficientBalance")
        .withArgs(s.bob.address, 0n, 100n);
    });

    it("reverts while the token is paused, and changes nothing", async function () {
      const s = await loadFixture(catalogFixture);
      await s.token.connect(s.pauser).pause();
      await expect(s.mall.connect(s.alice).redeem(1, 1, 100)).to.be.revertedWithCustomError(s.token, "EnforcedPause");
      expect((await s.mall.sku(1)).stock).to.equal(10n);
      expect((await s.mall.counts()).orders).to.equal(0n);
    });
  });

  describe("fulfil", function () {
    it("marks a Placed order Fulfilled and emits OrderFulfilled with the delivery reference", async function () {
      const s = await loadFixture(orderFixture);
      await expect(s.mall.connect(s.fulfiller).fulfil(1, ref("DHL-123")))
        .to.emit(s.mall, "OrderFulfilled")
        .withArgs(1n, s.fulfiller.address, ref("DHL-123"));
      expect((await s.mall.order(1)).status).to.equal(Status.Fulfilled);
    });

    it("reverts on an unknown order, a non-Placed order, and callers without the role", async function () {
      const s = await loadFixture(orderFixture);
      await expect(s.mall.connect(s.fulfiller).fulfil(2, ref("x")))
        .to.be.revertedWithCustomError(s.mall, "UnknownOrder")
        .withArgs(2n);
      await expectUnauthorized(
        () => s.mall.connect(s.catalog).fulfil(1, ref("x")),
        s.mall,
        s.catalog,
        await roleOf(s, "FULFILLER"),
      );
      await s.mall.connect(s.fulfiller).fulfil(1, ref("x"));
      await expect(s.mall.connect(s.fulfiller).fulfil(1, ref("x")))
        .to.be.revertedWithCustomError(s.mall, "OrderNotPlaced")
        .withArgs(1n, Status.Fulfilled);
      await expect(s.mall.connect(s.fulfiller).cancel(1, ref("x")))
        .to.be.revertedWithCustomError(s.mall, "OrderNotPlaced")
        .withArgs(1n, Status.Fulfilled);
    });
  });

  describe("cancel", function () {
    it("refunds exactly the points paid, restores stock and emits OrderCancelled and Refunded", async function () {
      const s = await loadFixture(orderFixture);
      const tx = s.mall.connect(s.fulfiller).cancel(1, ref("no stock"));
      await expect(tx).to.changeTokenBalance(ethers, s.token, s.alice, 200n);
      await expect(tx).to.emit(s.mall, "OrderCancelled").withArgs(1n, s.fulfiller.address, ref("no stock"), 200n);
      await expect(tx)
        .to.emit(s.token, "Refunded")
        .withArgs(await s.mall.getAddress(), s.alice.address, 200n, ethers.toBeHex(1n, 32));
      const sku = await s.mall.sku(1);
      expect([sku.stock, sku.sold]).to.deep.equal([10n, 0n]);
      expect((await s.mall.order(1)).status).to.equal(Status.Cancelled);
    });

    it("refunds once: a second cancel reverts and a fulfil after it too", async function () {
      const s = await loadFixture(orderFixture);
      await s.mall.connect(s.fulfiller).cancel(1, ref("a"));
      await expect(s.mall.connect(s.fulfiller).cancel(1, ref("b")))
        .to.be.revertedWithCustomError(s.mall, "OrderNotPlaced")
        .withArgs(1n, Status.Cancelled);
      await expect(s.mall.connect(s.fulfiller).fulfil(1, ref("b")))
        .to.be.revertedWithCustomError(s.mall, "OrderNotPlaced")
        .withArgs(1n, Status.Cancelled);
      expect(await s.token.balanceOf(s.alice.address)).to.equal(1_000n);
    });

    it("gives the units back to the wallet limit", async function () {
      const s = await loadFixture(catalogFixture);
      await s.mall.connect(s.catalog).createSku(skuInput(1, { perWalletLimit: 1n, price: 1n }));
      await s.mall.connect(s.alice).redeem(2, 1, 1);
      await s.mall.connect(s.fulfiller).cancel(1, ref("x"));
      expect(await s.mall.purchased(2, s.alice.address)).to.equal(0n);
      await s.mall.connect(s.alice).redeem(2, 1, 1);
    });

    it("reverts on an unknown order, for callers without the role, and while paused", async function () {
      const s = await loadFixture(orderFixture);
      await expect(s.mall.connect(s.fulfiller).cancel(7, ref("x")))
        .to.be.revertedWithCustomError(s.mall, "UnknownOrder")
        .withArgs(7n);
      await expectUnauthorized(() => s.mall.connect(s.alice).cancel(1, ref("x")), s.mall, s.alice, await roleOf(s, "FULFILLER"));
      await s.token.connect(s.pauser).pause();
      await expect(s.mall.connect(s.fulfiller).cancel(1, ref("x"))).to.be.revertedWithCustomError(s.token, "EnforcedPause");
      expect((await s.mall.order(1)).status).to.equal(Status.Placed);
    });
  });

  describe("reads", function () {
    it("pages through categories, SKUs and orders", async function () {
      const s = await loadFixture(catalogFixture);
      await s.mall.connect(s.catalog).createCategory(1, "Cups");
      await s.mall.connect(s.catalog).createCategory(1, "Bags");
      for (let i = 0; i < 4; i++) await s.mall.connect(s.catalog).createSku(skuInput(2, { price: 1n }));
      for (let i = 0; i < 3; i++) await s.mall.connect(s.alice).redeem(2 + i, 1, 1);

      expect((await s.mall.listCategories(0, 10)).map((c) => c.name)).to.deep.equal(["Mugs", "Cups", "Bags"]);
      expect((await s.mall.listCategories(2, 1)).map((c) => c.id)).to.deep.equal([2n]);
      expect((await s.mall.listSkus(2, 2)).map((k) => k.id)).to.deep.equal([2n, 3n]);
      expect((await s.mall.listSkus(5, 10)).map((k) => k.id)).to.deep.equal([5n]);
      expect(await s.mall.listSkus(6, 10)).to.deep.equal([]);
      expect((await s.mall.listOrders(1, 100)).map((o) => [o.id, o.skuId])).to.deep.equal([
        [1n, 2n],
        [2n, 3n],
        [3n, 4n],
      ]);
      expect(await s.mall.counts()).to.deep.equal([1n, 3n, 5n, 3n]);
    });

    it("reading an unknown category, SKU or order reverts with its id", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.mall.category(1)).to.be.revertedWithCustomError(s.mall, "UnknownCategory").withArgs(1n);
      await expect(s.mall.sku(1)).to.be.revertedWithCustomError(s.mall, "UnknownSku").withArgs(1n);
      await expect(s.mall.order(1)).to.be.revertedWithCustomError(s.mall, "UnknownOrder").withArgs(1n);
    });

    it("merchantRole derives a distinct role per merchant", async function () {
      const s = await loadFixture(systemFixture);
      const base = await s.mall.CATALOG_MANAGER();
      const expected = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint16"], [base, 1]));
      expect(await s.mall.merchantRole(base, 1)).to.equal(expected);
      expect(await s.mall.merchantRole(base, 2)).to.not.equal(expected);
    });
  });
});
