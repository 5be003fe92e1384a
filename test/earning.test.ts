import { expect } from "chai";
import { EarningRules__factory, type EarningRules } from "../types/ethers-contracts/index.js";
import type { IEarningRules } from "../types/ethers-contracts/contracts/EarningRules.js";
import { expectUnauthorized } from "./helpers/access.js";
import { ethers, networkHelpers, ref, systemFixture, type System } from "./helpers/system.js";

const { loadFixture, time } = networkHelpers;
type Rule = IEarningRules.RuleStruct;

/** 1 point per 100 spent, no cap, always on. */
const base: Rule = {
  pointsPerUnit: 1n,
  spendUnit: 100n,
  multiplierBps: 10_000n,
  minSpend: 0n,
  perPurchaseCap: 0n,
  dailyCap: 0n,
  start: 0n,
  end: 0n,
  active: true,
};

/** A merchant's rules contract: the catalog manager manages rules, the fulfiller reports (a till). */
async function rulesFixture(): Promise<System & { rules: EarningRules }> {
  const s = await systemFixture();
  const rules = await new EarningRules__factory(s.deployer).deploy(
    await s.token.getAddress(),
    s.merchantAdmin.address,
    [s.catalog.address],
    [s.fulfiller.address],
  );
  const address = await rules.getAddress();
  await s.token.connect(s.admin).grantRole(await s.token.ISSUER_ROLE(), address);
  await s.token.connect(s.admin).setIssuerQuota(address, 1_000_000n);
  await s.mall.connect(s.admin).setMerchantIssuer(address, 1);
  return { ...s, rules };
}

describe("EarningRules", function () {
  it("adds a rule with RuleAdded, and a reported purchase earns and issues its points", async function () {
    const s = await loadFixture(rulesFixture);
    await expect(s.rules.connect(s.catalog).addRule(base)).to.emit(s.rules, "RuleAdded");
    expect(await s.rules.ruleCount()).to.equal(1n);
    expect(await s.rules.quote(s.alice.address, 2_599n)).to.deep.equal([1n, 25n]);
    const tx = s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 2_599n, ref("R-1"));
    await expect(tx).to.emit(s.rules, "PurchaseRewarded").withArgs(ref("R-1"), s.alice.address, 2_599n, 1n, 25n);
    await expect(tx).to.emit(s.token, "Issued").withArgs(await s.rules.getAddress(), s.alice.address, 25n, ref("R-1"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(25n);
    expect(await s.mall.merchantOfIssuer(await s.rules.getAddress())).to.equal(1n);
  });

  it("trusts exactly the token's forwarder", async function () {
    const s = await loadFixture(rulesFixture);
    expect(await s.rules.isTrustedForwarder(await s.forwarder.getAddress())).to.equal(true);
    expect(await s.rules.isTrustedForwarder(s.outsider.address)).to.equal(false);
    expect(await s.rules.isTrustedForwarder(ethers.ZeroAddress)).to.equal(false);
  });

  it("only rules managers manage rules and only reporters report", async function () {
    const s = await loadFixture(rulesFixture);
    await expectUnauthorized(() => s.rules.connect(s.alice).addRule(base), s.rules, s.alice, await s.rules.RULES_MANAGER());
    await s.rules.connect(s.catalog).addRule(base);
    await expectUnauthorized(() => s.rules.connect(s.alice).updateRule(1, base), s.rules, s.alice, await s.rules.RULES_MANAGER());
    await expectUnauthorized(() => s.rules.connect(s.alice).retireRule(1), s.rules, s.alice, await s.rules.RULES_MANAGER());
    await expectUnauthorized(
      () => s.rules.connect(s.alice).reportPurchase(s.alice.address, 100n, ref("R")),
      s.rules,
      s.alice,
      await s.rules.REPORTER(),
    );
  });

  it("refuses an invalid rule, an unknown rule and a 17th active rule", async function () {
    const s = await loadFixture(rulesFixture);
    for (const bad of [{ ...base, spendUnit: 0n }, { ...base, multiplierBps: 0n }, { ...base, start: 10n, end: 10n }]) {
      await expect(s.rules.connect(s.catalog).addRule(bad)).to.be.revertedWithCustomError(s.rules, "InvalidRule");
    }
    await expect(s.rules.connect(s.catalog).retireRule(1)).to.be.revertedWithCustomError(s.rules, "UnknownRule").withArgs(1n);
    for (let i = 0; i < 16; i++) await s.rules.connect(s.catalog).addRule(base);
    await expect(s.rules.connect(s.catalog).addRule(base)).to.be.revertedWithCustomError(s.rules, "TooManyActiveRules").withArgs(16n);
    await s.rules.connect(s.catalog).addRule({ ...base, active: false }); // inactive ones do not count
    await s.rules.connect(s.catalog).retireRule(3);
    await s.rules.connect(s.catalog).updateRule(17, base);
  });

  it("applies a campaign multiplier exactly inside its window", async function () {
    const s = await loadFixture(rulesFixture);
    const now = BigInt(await time.latest());
    const [start, end] = [now + 100n, now + 200n];
    await s.rules.connect(s.catalog).addRule(base);
    await s.rules.connect(s.catalog).addRule({ ...base, multiplierBps: 20_000n, start, end });
    const earned: bigint[] = [];
    for (const [at, receipt] of [[start - 1n, "a"], [start, "b"], [end - 1n, "c"], [end, "d"]] as const) {
      await time.setNextBlockTimestamp(at);
      const receiptBefore = await s.token.balanceOf(s.alice.address);
      await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref(receipt));
      earned.push((await s.token.balanceOf(s.alice.address)) - receiptBefore);
    }
    expect(earned).to.deep.equal([10n, 20n, 20n, 10n]);
  });

  it("applies the minimum spend and the per-purchase cap at their edges", async function () {
    const s = await loadFixture(rulesFixture);
    await s.rules.connect(s.catalog).addRule({ ...base, minSpend: 500n, perPurchaseCap: 30n });
    await expect(s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 499n, ref("a")))
      .to.emit(s.rules, "PurchaseRewarded")
      .withArgs(ref("a"), s.alice.address, 499n, 0n, 0n);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(0n);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 500n, ref("b"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(5n);
    expect((await s.rules.quote(s.alice.address, 3_000n))[1]).to.equal(30n);
    expect((await s.rules.quote(s.alice.address, 3_100n))[1]).to.equal(30n);
  });

  it("caps what a customer earns per UTC day, and starts again the next day", async function () {
    const s = await loadFixture(rulesFixture);
    await s.rules.connect(s.catalog).addRule({ ...base, dailyCap: 50n });
    const day = BigInt(await time.latest()) / 86_400n + 1n;
    await time.setNextBlockTimestamp(day * 86_400n + 10n);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("a")); // 40
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("b")); // 10 of 40
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("c")); // 0
    expect(await s.token.balanceOf(s.alice.address)).to.equal(50n);
    expect(await s.rules.earnedOn(s.alice.address, day)).to.equal(50n);
    expect((await s.rules.quote(s.bob.address, 4_000n))[1]).to.equal(40n); // per customer
    await time.setNextBlockTimestamp((day + 1n) * 86_400n);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("d"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(90n);
  });

  it("picks the best rule; a change or a retirement applies to later purchases only", async function () {
    const s = await loadFixture(rulesFixture);
    await s.rules.connect(s.catalog).addRule(base);
    await s.rules.connect(s.catalog).addRule({ ...base, pointsPerUnit: 3n, minSpend: 1_000n });
    expect(await s.rules.quote(s.alice.address, 999n)).to.deep.equal([1n, 9n]);
    expect(await s.rules.quote(s.alice.address, 1_000n)).to.deep.equal([2n, 30n]);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("a"));
    await expect(s.rules.connect(s.catalog).updateRule(2, { ...base, pointsPerUnit: 5n })).to.emit(s.rules, "RuleUpdated");
    expect(await s.token.balanceOf(s.alice.address)).to.equal(30n);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("b"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(80n);
    await expect(s.rules.connect(s.catalog).retireRule(2)).to.emit(s.rules, "RuleRetired").withArgs(2n);
    expect(await s.rules.quote(s.alice.address, 1_000n)).to.deep.equal([1n, 10n]);
    expect((await s.rules.rule(2)).active).to.equal(false);
  });

  it("reports a receipt once", async function () {
    const s = await loadFixture(rulesFixture);
    await s.rules.connect(s.catalog).addRule(base);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("R-9"));
    await expect(s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("R-9")))
      .to.be.revertedWithCustomError(s.rules, "ReceiptAlreadyReported")
      .withArgs(ref("R-9"));
    expect(await s.rules.receiptReported(ref("R-9"))).to.equal(true);
  });

  it("takes a purchase a reporter signed from anyone, once, before its expiry, from no other signer", async function () {
    const s = await loadFixture(rulesFixture);
    await s.rules.connect(s.catalog).addRule(base);
    const domain = {
      name: "Points Earning Rules",
      version: "1",
      chainId: (await ethers.provider.getNetwork()).chainId,
      verifyingContract: await s.rules.getAddress(),
    };
    const types = {
      PurchaseVoucher: [
        { name: "customer", type: "address" },
        { name: "spend", type: "uint256" },
        { name: "receipt", type: "bytes32" },
        { name: "expiry", type: "uint256" },
      ],
    };
    const expiry = BigInt(await time.latest()) + 600n;
    const voucher = { customer: s.alice.address, spend: 2_000n, receipt: ref("V-1"), expiry };
    const signature = await s.fulfiller.signTypedData(domain, types, voucher);
    await expect(s.rules.connect(s.alice).claimPurchase(voucher, signature))
      .to.emit(s.rules, "PurchaseRewarded")
      .withArgs(ref("V-1"), s.alice.address, 2_000n, 1n, 20n);
    await expect(s.rules.connect(s.bob).claimPurchase(voucher, signature)).to.be.revertedWithCustomError(s.rules, "ReceiptAlreadyReported");

    const forged = { ...voucher, receipt: ref("V-2") };
    const forgedSig = await s.alice.signTypedData(domain, types, forged); // Alice is no reporter
    await expectUnauthorized(() => s.rules.claimPurchase(forged, forgedSig), s.rules, s.alice, await s.rules.REPORTER());
    const late = { ...voucher, receipt: ref("V-3"), expiry: BigInt(await time.latest()) - 1n };
    const lateSig = await s.fulfiller.signTypedData(domain, types, late);
    await expect(s.rules.claimPurchase(late, lateSig)).to.be.revertedWithCustomError(s.rules, "PurchaseVoucherExpired").withArgs(late.expiry);
  });

  it("issues nothing beyond its own quota", async function () {
    const s = await loadFixture(rulesFixture);
    await s.rules.connect(s.catalog).addRule(base);
    await s.token.connect(s.admin).setIssuerQuota(await s.rules.getAddress(), 5n);
    await expect(s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("a")))
      .to.be.revertedWithCustomError(s.token, "IssuerQuotaExceeded")
      .withArgs(await s.rules.getAddress(), 5n, 10n);
    expect(await s.rules.receiptReported(ref("a"))).to.equal(false);
  });
});
