import { expect } from "chai";
import {
  ContractRevertError,
  InvalidInputError,
  MERCHANT_ROLES,
  NetworkError,
  UserRejectedError,
  connectPoints,
  deploymentBlockFromJournal,
  history,
  issue,
  issueBatch,
  merchantRoleId,
  queryInChunks,
  reconcile,
  redeem,
  settle,
  signPermit,
  submitPermit,
  toPointsError,
  transfer,
  type PointsClient,
} from "../src/sdk/index.js";
import { catalogFixture, ethers, networkHelpers, skuInput, type System } from "./helpers/system.js";

const skuOf = (categoryId: number) => skuInput(categoryId, { stock: 100n });

const { loadFixture, time } = networkHelpers;

async function clients(s: System): Promise<{ issuer: PointsClient; alice: PointsClient; bob: PointsClient; reader: PointsClient }> {
  const addresses = { token: await s.token.getAddress(), mall: await s.mall.getAddress() };
  return {
    issuer: connectPoints(s.issuer, addresses),
    alice: connectPoints(s.alice, addresses),
    bob: connectPoints(s.bob, addresses),
    reader: connectPoints(ethers.provider, addresses),
  };
}

describe("SDK", function () {
  it("derives merchant role ids locally exactly as the mall does", async function () {
    const s = await loadFixture(catalogFixture);
    for (const role of MERCHANT_ROLES) {
      for (const merchant of [1, 2, 300]) {
        expect(merchantRoleId(role, merchant)).to.equal(await s.mall.merchantRole(ethers.id(role), merchant));
      }
    }
  });

  it("reads the deployment block from an Ignition journal, and 0 from a journal without one", function () {
    const journal = [
      JSON.stringify({ chainId: 31337, type: "DEPLOYMENT_INITIALIZE" }),
      JSON.stringify({ futureId: "PointsSystem#PointsDeployer", hash: "0x01", receipt: { blockNumber: 4711, logs: [] }, type: "TRANSACTION_CONFIRM" }),
    ].join("\n");
    expect(deploymentBlockFromJournal(journal)).to.equal(4711);
    expect(deploymentBlockFromJournal(journal.split("\n")[0]!)).to.equal(0);
  });

  it("settles a coalition: redemptions shared pro rata to issuance, positions summing to zero", async function () {
    const s = await loadFixture(catalogFixture); // merchant 1's issuer gave Alice 1,000
    const { reader } = await clients(s);
    // Merchant 2, Coffee Corner, with its own issuer (Carol) and its own catalog.
    await s.mall.connect(s.admin).registerMerchant("Coffee Corner", s.outsider.address);
    await s.mall.connect(s.outsider).grantRole(await s.mall.merchantRole(await s.mall.CATALOG_MANAGER(), 2), s.outsider.address);
    await s.mall.connect(s.outsider).createCategory(2, "Coffee");
    await s.mall.connect(s.outsider).createSku({ ...skuOf(2), price: 50n });
    await s.token.connect(s.admin).grantRole(await s.token.ISSUER_ROLE(), s.carol.address);
    await s.token.connect(s.admin).setIssuerQuota(s.carol.address, 1_000n);
    await s.mall.connect(s.admin).setMerchantIssuer(s.carol.address, 2);
    await s.token.connect(s.carol).issue(s.bob.address, 1_000n, ethers.encodeBytes32String("coffee-card"));
    const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
    // Alice (merchant 1's customer) redeems 300 at merchant 2; Bob (merchant 2's) 100 at merchant 1.
    await s.mall.connect(s.alice).redeem(2, 6, 50);
    await s.mall.connect(s.bob).redeem(1, 1, 100);

    const result = await settle(reader, { fromBlock });
    const [m1, m2] = result.merchants;
    // 400 redeemed in the period; both issued 1,000 to date: each bears 200.
    expect(m1).to.deep.include({ merchantId: 1, name: "Demo Store", issued: 0n, redeemed: 100n, liability: 200n, net: -100n });
    expect(m2).to.deep.include({ merchantId: 2, name: "Coffee Corner", issued: 0n, redeemed: 300n, liability: 200n, net: 100n });
    expect(result.obligations).to.deep.equal([{ from: 1, to: 2, points: 100n }]);
    expect(result.merchants.reduce((sum, m) => sum + m.net, 0n)).to.equal(0n);

    const whole = await settle(reader);
    expect(whole.merchants.map((m) => m.issued)).to.deep.equal([1_000n, 1_000n]);
  });

  it("refuses to send from a read-only client", async function () {
    const s = await loadFixture(catalogFixture);
    const { reader } = await clients(s);
    await expect(transfer(reader, { to: s.bob.address, amount: 1n })).to.be.rejectedWith(/can only read/);
  });

  it("signs a permit with the owner's key and any account submits it, tolerating a front-run", async function () {
    const s = await loadFixture(catalogFixture);
    const { alice, bob } = await clients(s);
    // A block first: a fixture's snapshot keeps its old time, and the next block jumps to the clock.
    await networkHelpers.mine();
    const permit = await signPermit(alice, { spender: s.bob.address, value: 40n, deadline: BigInt(await time.latest()) + 600n });
    expect((await submitPermit(bob, permit)).alreadyApplied).to.equal(false);
    expect(await s.token.allowance(s.alice.address, s.bob.address)).to.equal(40n);
    // Submitted again (as after a front-run): the permit reverts, but its allowance stands.
    expect(await submitPermit(bob, permit)).to.deep.equal({ receipt: undefined, alreadyApplied: true });
    // Once the allowance is spent, a replayed permit is an error again.
    await s.token.connect(s.bob).transferFrom(s.alice.address, s.bob.address, 40n);
    await expect(submitPermit(bob, permit)).to.be.rejectedWith(ContractRevertError, /the permit was signed by 0x\w+, not by the owner/);
  });

  it("turns a revert into a typed error with its name, arguments and a sentence, before sending", async function () {
    const s = await loadFixture(catalogFixture);
    const { alice } = await clients(s);
    const before = await ethers.provider.getBlockNumber();
    const error = await redeem(alice, { skuId: 1, qty: 11 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ContractRevertError);
    const revert = error as ContractRevertError;
    expect(revert.errorName).to.equal("InsufficientStock");
    expect(revert.args).to.deep.equal({ skuId: 1n, available: 10n, wanted: 11n });
    expect(revert.message).to.equal("SKU 1 has 10 left, you asked for 11");
    expect(await ethers.provider.getBlockNumber()).to.equal(before);
  });

  it("refuses bad input by field before anything is sent", async function () {
    const s = await loadFixture(catalogFixture);
    const { issuer } = await clients(s);
    for (const [input, field] of [
      [{ to: "0x12", amount: 1n, ref: "r" }, "to"],
      [{ to: s.bob.address, amount: "1.5", ref: "r" }, "amount"],
      [{ to: s.bob.address, amount: 1n, ref: "x".repeat(32) }, "reference"],
    ] as const) {
      const error = await issue(issuer, input).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).to.equal(field);
    }
  });

  it("classifies wallet rejections and network failures", function () {
    expect(toPointsError({ code: 4001, message: "User rejected the request." })).to.be.instanceOf(UserRejectedError);
    expect(toPointsError({ code: "ACTION_REJECTED", shortMessage: "user rejected action" })).to.be.instanceOf(UserRejectedError);
    expect(toPointsError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "NETWORK_ERROR" }))).to.be.instanceOf(
      NetworkError,
    );
  });

  it("reads the same events in one-block ranges as in one range", async function () {
    const s = await loadFixture(catalogFixture);
    const { reader, issuer } = await clients(s);
    await issueBatch(issuer, { recipients: [s.bob.address, s.carol.address], amounts: [5n, 6n], batchRef: "b-1" });
    const all = await queryInChunks(reader, s.token, s.token.filters.Transfer());
    const chunked = await queryInChunks(reader, s.token, s.token.filters.Transfer(), { chunk: 1 });
    expect(chunked.map((e) => e.transactionHash + e.index)).to.deep.equal(all.map((e) => e.transactionHash + e.index));
    expect(all.length).to.equal(3);
  });

  it("halves a range that the provider refuses as too large", async function () {
    const s = await loadFixture(catalogFixture);
    const { reader } = await clients(s);
    let calls = 0;
    // A provider that, like many RPC services, refuses spans of more than 2 blocks.
    const picky = new Proxy(s.token, {
      get(target, prop, receiver) {
        if (prop !== "queryFilter") return Reflect.get(target, prop, receiver);
        return async (filter: Parameters<typeof target.queryFilter>[0], from: number, to: number) => {
          calls += 1;
          if (to - from + 1 > 2) throw new Error("query returned more than 10000 results; limit exceeded");
          return target.queryFilter(filter, from, to);
        };
      },
    });
    const events = await queryInChunks(reader, picky, s.token.filters.Transfer(), { chunk: 16 });
    expect(events.length).to.equal(1);
    expect(calls).to.be.greaterThan(3);
  });

  it("traces every movement with the running balance, and reconciles the books", async function () {
    const s = await loadFixture(catalogFixture);
    const { alice, issuer, reader } = await clients(s);
    await issueBatch(issuer, { recipients: [s.alice.address], amounts: [50n], batchRef: "autumn" });
    await transfer(alice, { to: s.bob.address, amount: 30n });
    const { orderId } = await redeem(alice, { skuId: 1, qty: 2 });
    await s.mall.connect(s.fulfiller).cancel(orderId, ethers.encodeBytes32String("no stock"));

    const moves = await history(reader, s.alice.address);
    expect(moves.map((m) => [m.kind, m.points, m.balance, m.ref])).to.deep.equal([
      ["issued", 1_000n, 1_000n, "welcome"],
      ["issued", 50n, 1_050n, "autumn"],
      ["sent", -30n, 1_020n, ""],
      ["redeemed", -200n, 820n, "order #1"],
      ["refunded", 200n, 1_020n, "order #1"],
    ]);
    expect(moves[1]!.batch).to.equal(true);
    expect(moves[3]!.orderId).to.equal(1n);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(moves.at(-1)!.balance);

    const books = await reconcile(reader);
    expect(books.differences).to.deep.equal([]);
    expect(books.totalSupply).to.equal(1_050n);
    expect([books.issued, books.burned, books.refunded]).to.deep.equal([1_050n, 200n, 200n]);
    expect(books.issuers).to.deep.equal([
      { issuer: s.issuer.address, quotaLeft: await s.token.issuerQuota(s.issuer.address), issued: 1_050n, redeemedByItsCustomers: 0n },
    ]);
    expect(books.skus[0]).to.deep.include({ skuId: 1, supplied: 10n, stock: 10n, sold: 0n, soldByOrders: 0n });
  });
});
