import { expect } from "chai";
import { Wallet } from "ethers";
import { ContractRevertError, InvalidInputError, connectPoints, orderLines, redeemCart, signForwardRequest } from "../src/sdk/index.js";
import { catalogFixture, ethers, networkHelpers, ref, skuInput, type System } from "./helpers/system.js";

const { loadFixture, time } = networkHelpers;
const Status = { Placed: 1n, Fulfilled: 2n, Cancelled: 3n } as const;

/** The catalog fixture plus SKU 2 (50 points, 5 in stock, 1 per wallet) and SKU 3 (20, unlimited). */
async function cartFixture(): Promise<System> {
  const s = await catalogFixture();
  await s.mall.connect(s.catalog).createSku(skuInput(1, { price: 50n, stock: 5n, perWalletLimit: 1n }));
  await s.mall.connect(s.catalog).createSku(skuInput(1, { price: 20n, unlimited: true, stock: 0n }));
  return s;
}

const line = (skuId: number, qty: number, maxPricePerUnit: bigint) => ({ skuId, qty, maxPricePerUnit });

describe("a cart: several SKUs in one order and one confirmation (redeemCart)", function () {
  it("places one order with a line per SKU, burns the total once and logs OrderPlaced per line", async function () {
    const s = await loadFixture(cartFixture);
    const tx = s.mall.connect(s.alice).redeemCart([line(1, 2, 100n), line(2, 1, 50n), line(3, 4, 20n)]);
    await expect(tx).to.changeTokenBalance(ethers, s.token, s.alice, -330n);
    await expect(tx).to.emit(s.mall, "OrderPlaced").withArgs(1n, s.alice.address, 1n, 1n, 2n, 200n);
    await expect(tx).to.emit(s.mall, "OrderPlaced").withArgs(1n, s.alice.address, 2n, 1n, 1n, 50n);
    await expect(tx).to.emit(s.mall, "OrderPlaced").withArgs(1n, s.alice.address, 3n, 1n, 4n, 80n);
    await expect(tx).to.emit(s.token, "Burned").withArgs(await s.mall.getAddress(), s.alice.address, 330n, ethers.toBeHex(1n, 32));
    const receipt = await (await tx).wait();
    expect(receipt!.logs.filter((l) => l.topics[0] === s.token.interface.getEvent("Burned").topicHash)).to.have.length(1);

    expect(await s.mall.order(1)).to.deep.equal([1n, s.alice.address, 1n, 0n, 0n, 330n, Status.Placed, 3n]);
    expect((await s.mall.orderLines(1)).map((l) => [l.skuId, l.qty, l.pointsPaid])).to.deep.equal([
      [1n, 2n, 200n],
      [2n, 1n, 50n],
      [3n, 4n, 80n],
    ]);
    expect([(await s.mall.sku(1)).stock, (await s.mall.sku(2)).stock, (await s.mall.sku(3)).sold]).to.deep.equal([8n, 4n, 4n]);
    expect(await s.mall.purchased(2, s.alice.address)).to.equal(1n);
    expect(await s.token.refundReserve()).to.equal(330n);
  });

  it("reverts the whole cart on one bad line, naming its SKU, and charges nothing", async function () {
    const s = await loadFixture(cartFixture);
    const cases: [ReturnType<typeof line>[], string, unknown[]][] = [
      [[line(1, 1, 100n), line(2, 1, 49n)], "PriceAboveMax", [2n, 50n, 49n]],
      [[line(1, 1, 100n), line(2, 2, 50n)], "WalletLimitExceeded", [2n, 1n, 0n, 2n]],
      [[line(1, 11, 100n)], "InsufficientStock", [1n, 10n, 11n]],
      [[line(3, 1, 20n), line(9, 1, 20n)], "UnknownSku", [9n]],
      [[line(3, 0, 20n)], "ZeroQuantity", []],
    ];
    for (const [lines, error, args] of cases) {
      await expect(s.mall.connect(s.alice).redeemCart(lines))
        .to.be.revertedWithCustomError(s.mall, error)
        .withArgs(...args);
    }
    await s.mall.connect(s.catalog).setSkuActive(2, false);
    await expect(s.mall.connect(s.alice).redeemCart([line(1, 1, 100n), line(2, 1, 50n)]))
      .to.be.revertedWithCustomError(s.mall, "SkuNotActive")
      .withArgs(2n);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(1_000n);
    expect((await s.mall.counts()).orders).to.equal(0n);
  });

  it("refuses an empty cart, a SKU twice, another merchant's SKU, and more than 32 lines", async function () {
    const s = await loadFixture(cartFixture);
    await expect(s.mall.connect(s.alice).redeemCart([])).to.be.revertedWithCustomError(s.mall, "EmptyCart");
    await expect(s.mall.connect(s.alice).redeemCart([line(1, 1, 100n), line(3, 1, 20n), line(1, 1, 100n)]))
      .to.be.revertedWithCustomError(s.mall, "DuplicateCartLine")
      .withArgs(1n);
    await s.mall.connect(s.admin).registerMerchant("Other", s.merchantAdmin.address);
    const catalogRole = await s.mall.merchantRole(await s.mall.CATALOG_MANAGER(), 2);
    await s.mall.connect(s.merchantAdmin).grantRole(catalogRole, s.catalog.address);
    await s.mall.connect(s.catalog).createCategory(2, "Theirs");
    await s.mall.connect(s.catalog).createSku(skuInput(2, { price: 10n }));
    await expect(s.mall.connect(s.alice).redeemCart([line(1, 1, 100n), line(4, 1, 10n)]))
      .to.be.revertedWithCustomError(s.mall, "CartMixesMerchants")
      .withArgs(4n, 2n, 1n);
    const long = Array.from({ length: 33 }, (_, i) => line(i + 1, 1, 1n));
    await expect(s.mall.connect(s.alice).redeemCart(long)).to.be.revertedWithCustomError(s.mall, "CartTooLong").withArgs(33n, 32n);
  });

  it("cancels a cart whole: every line's units back, the total refunded once; fulfilling it finalizes the total", async function () {
    const s = await loadFixture(cartFixture);
    await s.mall.connect(s.alice).redeemCart([line(1, 2, 100n), line(2, 1, 50n), line(3, 4, 20n)]);
    await s.mall.connect(s.alice).redeemCart([line(1, 1, 100n), line(3, 1, 20n)]);
    const cancel = s.mall.connect(s.fulfiller).cancel(1, ref("no stock"));
    await expect(cancel).to.emit(s.mall, "OrderCancelled").withArgs(1n, s.fulfiller.address, ref("no stock"), 330n);
    await expect(cancel).to.changeTokenBalance(ethers, s.token, s.alice, 330n);
    expect([(await s.mall.sku(1)).stock, (await s.mall.sku(2)).stock, (await s.mall.sku(3)).sold]).to.deep.equal([9n, 5n, 1n]);
    expect(await s.mall.purchased(2, s.alice.address)).to.equal(0n);
    await expect(s.mall.connect(s.fulfiller).cancel(1, ref("again")))
      .to.be.revertedWithCustomError(s.mall, "OrderNotPlaced")
      .withArgs(1n, Status.Cancelled);
    await expect(s.mall.connect(s.fulfiller).fulfil(2, ref("DHL-7")))
      .to.emit(s.token, "BurnFinalized")
      .withArgs(await s.mall.getAddress(), 120n, ethers.toBeHex(2n, 32));
    expect(await s.token.refundReserve()).to.equal(0n);
  });

  it("only the cart's merchant's fulfillers may fulfil or cancel it", async function () {
    const s = await loadFixture(cartFixture);
    await s.mall.connect(s.alice).redeemCart([line(1, 1, 100n), line(3, 1, 20n)]);
    const role = await s.mall.merchantRole(await s.mall.FULFILLER(), 1);
    await expect(s.mall.connect(s.outsider).cancel(1, ref("x")))
      .to.be.revertedWithCustomError(s.mall, "AccessControlUnauthorizedAccount")
      .withArgs(s.outsider.address, role);
    await expect(s.mall.connect(s.outsider).fulfil(1, ref("x")))
      .to.be.revertedWithCustomError(s.mall, "AccessControlUnauthorizedAccount")
      .withArgs(s.outsider.address, role);
  });

  it("applies each line's sale window", async function () {
    const s = await loadFixture(cartFixture);
    await networkHelpers.mine(); // the fixture's snapshot keeps its old time; the next block jumps to the clock
    const start = BigInt(await time.latest()) + 1_000n;
    await s.mall.connect(s.catalog).createSku(skuInput(1, { price: 5n, saleStart: start }));
    await expect(s.mall.connect(s.alice).redeemCart([line(3, 1, 20n), line(4, 1, 5n)]))
      .to.be.revertedWithCustomError(s.mall, "SaleNotStarted")
      .withArgs(4n, start);
  });

  it("works for a customer with no native coin through the forwarder: the order is the customer's", async function () {
    const s = await loadFixture(cartFixture);
    const customer = Wallet.createRandom().connect(ethers.provider);
    await s.token.connect(s.issuer).issue(customer.address, 500n, ref("welcome"));
    const data = s.mall.interface.encodeFunctionData("redeemCart", [[line(1, 1, 100n), line(3, 2, 20n)]]);
    const request = await signForwardRequest(customer, { forwarder: await s.forwarder.getAddress(), to: await s.mall.getAddress(), data });
    await s.forwarder.connect(s.outsider).execute(request);
    expect((await s.mall.order(1)).buyer).to.equal(customer.address);
    expect(await s.token.balanceOf(customer.address)).to.equal(360n);
    expect(await ethers.provider.getBalance(customer.address)).to.equal(0n);
  });

  it("the SDK's redeemCart bounds each line by the price now, refuses an empty cart or a SKU twice, and reads the lines", async function () {
    const s = await loadFixture(cartFixture);
    const client = connectPoints(s.alice, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    await expect(redeemCart(client, [])).to.be.rejectedWith(InvalidInputError, /empty/);
    await expect(redeemCart(client, [{ skuId: 1, qty: 1 }, { skuId: 1, qty: 2 }])).to.be.rejectedWith(InvalidInputError, /SKU 1 is in it twice/);
    await expect(redeemCart(client, [{ skuId: 1, qty: 0 }])).to.be.rejectedWith(InvalidInputError, /line 1: quantity/);
    const r = await redeemCart(client, [{ skuId: 1, qty: 1 }, { skuId: 3, qty: 2 }]);
    expect([r.orderId, r.pointsPaid]).to.deep.equal([1n, 140n]);
    expect(await orderLines(client, r.orderId)).to.deep.equal([
      { skuId: 1, qty: 1, pointsPaid: 100n },
      { skuId: 3, qty: 2, pointsPaid: 40n },
    ]);
    // A price raised between reading it and buying is refused for the whole cart.
    await s.mall.connect(s.catalog).updateSku(3, { categoryId: 1, price: 25n, perWalletLimit: 0n, saleStart: 0n, saleEnd: 0n, metadataURI: "" });
    const stale = await redeemCart(client, [{ skuId: 1, qty: 1 }, { skuId: 3, qty: 1, maxPricePerUnit: 20n }]).catch((e: unknown) => e);
    expect(stale).to.be.instanceOf(ContractRevertError);
    expect((stale as ContractRevertError).errorName).to.equal("PriceAboveMax");
    expect(await orderLines(client, 1n)).to.have.length(2);
  });
});
