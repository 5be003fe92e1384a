import { expect } from "chai";
import { connectPoints, PURCHASE_VOUCHER_TYPES, signPurchaseVoucher, claimPurchase, type PurchaseVoucher } from "../src/sdk/index.js";
import { expectUnauthorized } from "./helpers/access.js";
import { RULE_DELAY, addLiveRule, base, rulesFixture, type RulesSystem } from "./helpers/rules.js";
import { ethers, networkHelpers, ref } from "./helpers/system.js";

const { loadFixture, time } = networkHelpers;

async function voucherDomain(s: RulesSystem) {
  return { name: "Points Earning Rules", version: "1", chainId: (await ethers.provider.getNetwork()).chainId, verifyingContract: await s.rules.getAddress() };
}

/** A voucher the till (the fulfiller) signs now for `spend`, through the SDK. */
async function till(s: RulesSystem, spend: bigint, receipt: string, customer = s.alice.address) {
  const client = connectPoints(s.fulfiller, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
  return signPurchaseVoucher(client, s.rules.connect(s.fulfiller), { customer, spend, receipt });
}

describe("EarningRules: rules members can verify before they apply", function () {
  it("announces a new rule with the time it applies; it earns nothing before, then issues points and status points", async function () {
    const s = await loadFixture(rulesFixture);
    const tx = s.rules.connect(s.catalog).addRule(base);
    await expect(tx).to.emit(s.rules, "RuleScheduled");
    // The block's own time, not the previous block's + 1: a slow machine's clock moves between blocks.
    const mined = await ethers.provider.getBlock((await (await tx).wait())!.blockNumber);
    const effectiveAt = (await s.rules.ruleVersions(1))[0]!.effectiveAt;
    expect(effectiveAt).to.equal(BigInt(mined!.timestamp) + BigInt(RULE_DELAY));
    expect(await s.rules.quote(s.alice.address, 2_599n)).to.deep.equal([0n, 0n, 0n]);
    await time.setNextBlockTimestamp(effectiveAt);
    const report = s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 2_599n, ref("R-1"));
    await expect(report).to.emit(s.rules, "PurchaseRewarded").withArgs(ref("R-1"), s.alice.address, 2_599n, 1n, 25n, effectiveAt);
    await expect(report).to.emit(s.token, "Issued").withArgs(await s.rules.getAddress(), s.alice.address, 25n, ref("R-1"));
    await expect(report).to.emit(s.status, "StatusIssued").withArgs(await s.rules.getAddress(), s.alice.address, 25n, ref("R-1"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(25n);
    expect(await s.status.balanceOf(s.alice.address)).to.equal(25n);
  });

  it("delays a change; purchases before it keep what they earned; a newer change replaces one not yet in effect", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    await s.rules.connect(s.catalog).updateRule(1, { ...base, pointsPerUnit: 3n });
    await s.rules.connect(s.catalog).updateRule(1, { ...base, pointsPerUnit: 2n }); // replaces the 3x
    expect((await s.rules.ruleVersions(1)).map((v) => v.rule.pointsPerUnit)).to.deep.equal([1n, 2n]);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("before"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(10n);
    await time.increase(RULE_DELAY);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("after"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(30n);
    expect((await s.rules.rule(1)).pointsPerUnit).to.equal(2n);
  });

  it("applies a shortened end and a retirement at once; a retired rule stays retired", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    const now = BigInt(await time.latest());
    const shorten = await s.rules.connect(s.catalog).updateRule(1, { ...base, end: now + 100n });
    const mined = await ethers.provider.getBlock((await shorten.wait())!.blockNumber);
    expect((await s.rules.ruleVersions(1)).at(-1)!.effectiveAt).to.equal(BigInt(mined!.timestamp));
    await time.increase(100);
    expect((await s.rules.quote(s.alice.address, 1_000n))[1]).to.equal(0n);

    await addLiveRule(s);
    const retire = s.rules.connect(s.catalog).retireRule(2);
    await expect(retire).to.emit(s.rules, "RuleRetired");
    const retiredAt = await s.rules.retiredAt(2);
    expect((await s.rules.quote(s.alice.address, 1_000n))[1]).to.equal(0n);
    await expect(s.rules.connect(s.catalog).updateRule(2, base)).to.be.revertedWithCustomError(s.rules, "RuleIsRetired").withArgs(2n, retiredAt);
    await expect(s.rules.connect(s.catalog).retireRule(2)).to.be.revertedWithCustomError(s.rules, "RuleIsRetired").withArgs(2n, retiredAt);
  });

  it("refuses invalid rules with the values that explain them, an unknown rule, and a 17th live rule", async function () {
    const s = await loadFixture(rulesFixture);
    await expect(s.rules.connect(s.catalog).addRule({ ...base, spendUnit: 0n })).to.be.revertedWithCustomError(s.rules, "ZeroSpendUnit");
    await expect(s.rules.connect(s.catalog).addRule({ ...base, multiplierBps: 0n })).to.be.revertedWithCustomError(s.rules, "ZeroMultiplier");
    await expect(s.rules.connect(s.catalog).addRule({ ...base, start: 10n, end: 10n }))
      .to.be.revertedWithCustomError(s.rules, "InvalidRuleWindow")
      .withArgs(10n, 10n);
    await expect(s.rules.connect(s.catalog).addRule({ ...base, tierMultiplierPercent: [0n, 0n, 1_001n, 0n, 0n] }))
      .to.be.revertedWithCustomError(s.rules, "TierMultiplierTooLarge")
      .withArgs(2n, 1_001n, 1_000n);
    await expect(s.rules.connect(s.catalog).retireRule(1)).to.be.revertedWithCustomError(s.rules, "UnknownRule").withArgs(1n);
    for (let i = 0; i < 16; i++) await s.rules.connect(s.catalog).addRule(base);
    await expect(s.rules.connect(s.catalog).addRule(base)).to.be.revertedWithCustomError(s.rules, "TooManyLiveRules").withArgs(16n);
    await s.rules.connect(s.catalog).retireRule(3);
    await s.rules.connect(s.catalog).addRule(base); // a retired rule frees its place
  });

  it("applies a campaign multiplier exactly inside its window", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    const now = BigInt(await time.latest());
    const [start, end] = [now + BigInt(RULE_DELAY) + 100n, now + BigInt(RULE_DELAY) + 200n];
    await addLiveRule(s, { ...base, multiplierBps: 20_000n, start, end });
    const earned: bigint[] = [];
    for (const [at, receipt] of [[start - 1n, "a"], [start, "b"], [end - 1n, "c"], [end, "d"]] as const) {
      await time.setNextBlockTimestamp(at);
      const before = await s.token.balanceOf(s.alice.address);
      await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref(receipt));
      earned.push((await s.token.balanceOf(s.alice.address)) - before);
    }
    expect(earned).to.deep.equal([10n, 20n, 20n, 10n]);
  });

  it("applies the minimum spend, the per-purchase cap and the daily cap at their edges", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s, { ...base, minSpend: 500n, perPurchaseCap: 30n, dailyCap: 50n });
    const day = BigInt(await time.latest()) / 86_400n + 1n;
    await time.setNextBlockTimestamp(day * 86_400n + 10n);
    await expect(s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 499n, ref("a")))
      .to.emit(s.rules, "PurchaseRewarded")
      .withArgs(ref("a"), s.alice.address, 499n, 0n, 0n, day * 86_400n + 10n);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("b")); // 30 (cap)
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("c")); // 20 of 30 (daily)
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("d")); // 0
    expect(await s.token.balanceOf(s.alice.address)).to.equal(50n);
    expect(await s.rules.earnedOn(s.alice.address, day)).to.equal(50n);
    await time.setNextBlockTimestamp((day + 1n) * 86_400n);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("e"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(80n);
  });

  it("reports a receipt once, and issues nothing beyond its own quota", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("R-9"));
    await expect(s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("R-9")))
      .to.be.revertedWithCustomError(s.rules, "ReceiptAlreadyReported")
      .withArgs(ref("R-9"));
    await s.token.connect(s.admin).setIssuerQuota(await s.rules.getAddress(), 5n);
    await expect(s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("a")))
      .to.be.revertedWithCustomError(s.token, "IssuerQuotaExceeded")
      .withArgs(await s.rules.getAddress(), 5n, 10n);
    expect((await s.rules.purchase(ref("a"))).customer).to.equal(ethers.ZeroAddress);
  });

  it("lets only its roles act; its admin hands over in two delayed steps; the forwarder may hold no role", async function () {
    const s = await loadFixture(rulesFixture);
    await expectUnauthorized(() => s.rules.connect(s.alice).addRule(base), s.rules, s.alice, await s.rules.RULES_MANAGER());
    await s.rules.connect(s.catalog).addRule(base);
    await expectUnauthorized(() => s.rules.connect(s.alice).updateRule(1, base), s.rules, s.alice, await s.rules.RULES_MANAGER());
    await expectUnauthorized(() => s.rules.connect(s.alice).retireRule(1), s.rules, s.alice, await s.rules.RULES_MANAGER());
    await expectUnauthorized(() => s.rules.connect(s.alice).reportPurchase(s.alice.address, 1n, ref("R")), s.rules, s.alice, await s.rules.REPORTER());
    await expectUnauthorized(() => s.rules.connect(s.fulfiller).reportReturn(ref("R"), 1n), s.rules, s.fulfiller, await s.rules.RETURNS_REPORTER());
    await s.rules.connect(s.merchantAdmin).beginDefaultAdminTransfer(s.bob.address);
    await expect(s.rules.connect(s.bob).acceptDefaultAdminTransfer()).to.be.revertedWithCustomError(s.rules, "AccessControlEnforcedDefaultAdminDelay");
    await time.increase(86_401);
    await s.rules.connect(s.bob).acceptDefaultAdminTransfer();
    expect(await s.rules.defaultAdmin()).to.equal(s.bob.address);
    const forwarder = await s.forwarder.getAddress();
    await expect(s.rules.connect(s.bob).grantRole(await s.rules.REPORTER(), forwarder))
      .to.be.revertedWithCustomError(s.rules, "RoleForForwarder")
      .withArgs(await s.rules.REPORTER(), forwarder);
    expect(await s.rules.isTrustedForwarder(forwarder)).to.equal(true);
  });
});

describe("EarningRules: purchase vouchers keep the value they had when the till signed them", function () {
  it("is valued by the rule as signed, whatever campaign is added or changed before the claim", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    const signed = await till(s, 2_000n, "V-1");
    expect(signed.points).to.equal(20n);
    await addLiveRule(s, { ...base, pointsPerUnit: 2n }); // a campaign added after signing
    await s.rules.connect(s.catalog).updateRule(1, { ...base, pointsPerUnit: 5n });
    await time.increase(RULE_DELAY);
    const client = connectPoints(s.alice, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    const r = await claimPurchase(client, s.rules.connect(s.alice), signed.voucher, signed.signature);
    expect(r.points).to.equal(20n);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(20n);
  });

  it("counts the daily cap on the day it was signed: spreading claims over days earns no more", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s, { ...base, dailyCap: 30n });
    const day = BigInt(await time.latest()) / 86_400n + 1n;
    await time.setNextBlockTimestamp(day * 86_400n + 10n);
    await ethers.provider.send("evm_mine", []);
    const first = await till(s, 2_000n, "D-1");
    const second = await till(s, 2_000n, "D-2");
    await s.rules.connect(s.alice).claimPurchase(first.voucher, first.signature); // 20
    await time.increase(3 * 86_400);
    await s.rules.connect(s.alice).claimPurchase(second.voucher, second.signature); // 10: the signing day's cap
    expect(await s.token.balanceOf(s.alice.address)).to.equal(30n);
    expect(await s.rules.earnedOn(s.alice.address, day)).to.equal(30n);
  });

  it("may be claimed only by its customer, directly or through the forwarder; nobody can burn it for them", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    const signed = await till(s, 1_000n, "V-2");
    await expect(s.rules.connect(s.bob).claimPurchase(signed.voucher, signed.signature))
      .to.be.revertedWithCustomError(s.rules, "NotTheCustomer")
      .withArgs(s.bob.address, s.alice.address);
    // The forwarder acts for the signer of the request: Bob's request for Alice's voucher fails too.
    const { signForwardRequest } = await import("../src/sdk/index.js");
    const data = s.rules.interface.encodeFunctionData("claimPurchase", [signed.voucher, signed.signature]);
    const byBob = await signForwardRequest(s.bob, { forwarder: await s.forwarder.getAddress(), to: await s.rules.getAddress(), data, gas: 400_000n });
    await expect(s.forwarder.connect(s.outsider).execute(byBob)).to.revert(ethers);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(0n);
    const byAlice = await signForwardRequest(s.alice, { forwarder: await s.forwarder.getAddress(), to: await s.rules.getAddress(), data });
    await s.forwarder.connect(s.outsider).execute(byAlice);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(10n);
  });

  it("refuses an expired, future-dated, too long-lived, unknown-tier or unsigned voucher, each by name", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    const domain = await voucherDomain(s);
    const now = BigInt(await time.latest());
    const v: PurchaseVoucher = { customer: s.alice.address, spend: 1_000n, receipt: ref("X"), ruleId: 1n, tier: 0n, signedAt: now, expiry: now + 600n };
    const sign = (x: PurchaseVoucher) => s.fulfiller.signTypedData(domain, PURCHASE_VOUCHER_TYPES, x);
    const cases: [PurchaseVoucher, string, unknown[]][] = [
      [{ ...v, expiry: now - 1n, signedAt: now - 10n }, "PurchaseVoucherExpired", [now - 1n]],
      [{ ...v, signedAt: now + 1_000n, expiry: now + 2_000n }, "VoucherSignedInTheFuture", [now + 1_000n]],
      [{ ...v, expiry: now + 91n * 86_400n }, "VoucherLifetimeTooLong", [now, now + 91n * 86_400n, 90n * 86_400n]],
      [{ ...v, tier: 5n }, "InvalidTier", [5n, 4n]],
    ];
    for (const [voucher, error, args] of cases) {
      const call = s.rules.connect(s.alice).claimPurchase(voucher, await sign(voucher));
      if (error === "VoucherSignedInTheFuture") await expect(call).to.be.revertedWithCustomError(s.rules, error);
      else await expect(call).to.be.revertedWithCustomError(s.rules, error).withArgs(...args);
    }
    const forged = await s.alice.signTypedData(domain, PURCHASE_VOUCHER_TYPES, v); // Alice is no reporter
    await expectUnauthorized(() => s.rules.connect(s.alice).claimPurchase(v, forged), s.rules, s.alice, await s.rules.REPORTER());
  });
});

describe("EarningRules: pending points and returns", function () {
  const held = { ...base, holdDays: 14n };

  it("holds a purchase's points for the return window: pending, not spendable, released after it (by anyone)", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s, held);
    const at = BigInt(await time.latest()) + 1n;
    await expect(s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 5_000n, ref("P-1")))
      .to.emit(s.rules, "PurchaseRewarded")
      .withArgs(ref("P-1"), s.alice.address, 5_000n, 1n, 50n, at + 14n * 86_400n);
    expect(await s.rules.pendingOf(s.alice.address)).to.equal(50n);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(0n);
    expect(await s.status.balanceOf(s.alice.address)).to.equal(0n);
    await expect(s.rules.release([ref("P-1")]))
      .to.be.revertedWithCustomError(s.rules, "NotYetReleasable")
      .withArgs(ref("P-1"), at + 14n * 86_400n);
    await time.setNextBlockTimestamp(at + 14n * 86_400n);
    await expect(s.rules.connect(s.outsider).release([ref("P-1")])).to.emit(s.rules, "PurchaseReleased").withArgs(ref("P-1"), s.alice.address, 50n);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(50n);
    expect(await s.status.balanceOf(s.alice.address)).to.equal(50n);
    expect(await s.rules.pendingOf(s.alice.address)).to.equal(0n);
    await expect(s.rules.release([ref("P-1")])).to.be.revertedWithCustomError(s.rules, "NothingPending").withArgs(ref("P-1"));
    await expect(s.rules.release([ref("nope")])).to.be.revertedWithCustomError(s.rules, "UnknownReceipt").withArgs(ref("nope"));
  });

  it("cancels pending points in full or in proportion when a return comes within the window", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s, held);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 5_000n, ref("P-2")); // 50 pending
    await expect(s.rules.connect(s.merchantAdmin).reportReturn(ref("P-2"), 1_000n))
      .to.emit(s.rules, "ReturnReported")
      .withArgs(ref("P-2"), s.alice.address, 1_000n, 10n, 0n, 0n);
    expect(await s.rules.pendingOf(s.alice.address)).to.equal(40n);
    await s.rules.connect(s.merchantAdmin).reportReturn(ref("P-2"), 4_000n);
    expect(await s.rules.pendingOf(s.alice.address)).to.equal(0n);
    await time.increase(14 * 86_400);
    await s.rules.release([ref("P-2")]);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(0n);
    await expect(s.rules.connect(s.merchantAdmin).reportReturn(ref("P-2"), 1n))
      .to.be.revertedWithCustomError(s.rules, "ReturnExceedsSpend")
      .withArgs(ref("P-2"), 5_000n, 5_000n, 1n);
  });

  it("after the window takes back what the receipt earned, in proportion, with the receipt as reference, never more", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 3_000n, ref("P-3")); // 30
    const rules = await s.rules.getAddress();
    const ret = s.rules.connect(s.merchantAdmin).reportReturn(ref("P-3"), 1_000n);
    await expect(ret).to.emit(s.token, "Burned").withArgs(rules, s.alice.address, 10n, ref("P-3"));
    await expect(ret).to.emit(s.token, "BurnFinalized").withArgs(rules, 10n, ref("P-3"));
    await expect(ret).to.emit(s.status, "StatusReversed").withArgs(rules, s.alice.address, 10n, ref("P-3"));
    // Thirds of 3,000 round so the whole return takes back exactly 30.
    await s.rules.connect(s.merchantAdmin).reportReturn(ref("P-3"), 1_001n);
    await s.rules.connect(s.merchantAdmin).reportReturn(ref("P-3"), 999n);
    expect(await s.token.balanceOf(s.alice.address)).to.equal(0n);
    expect((await s.rules.purchase(ref("P-3"))).reversed).to.equal(30n);
    expect(await s.token.refundReserve()).to.equal(0n);
    await expect(s.rules.connect(s.merchantAdmin).reportReturn(ref("P-3"), 0n)).to.be.revertedWithCustomError(s.rules, "ZeroReturn");
    await expect(s.rules.connect(s.merchantAdmin).reportReturn(ref("nope"), 1n)).to.be.revertedWithCustomError(s.rules, "UnknownReceipt");
  });

  it("records as owed what the customer no longer holds, and keeps it from the next rewards here", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 4_000n, ref("P-4")); // 40
    await s.token.connect(s.alice).transfer(s.bob.address, 35n); // spent elsewhere: 5 left
    await expect(s.rules.connect(s.merchantAdmin).reportReturn(ref("P-4"), 4_000n))
      .to.emit(s.rules, "ReturnReported")
      .withArgs(ref("P-4"), s.alice.address, 4_000n, 0n, 5n, 35n);
    expect(await s.rules.debtOf(s.alice.address)).to.equal(35n);
    const next = s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 5_000n, ref("P-5")); // 50 earned
    await expect(next).to.emit(s.rules, "DebtSettled").withArgs(s.alice.address, 35n, ref("P-5"));
    await expect(next).to.emit(s.token, "Issued").withArgs(await s.rules.getAddress(), s.alice.address, 15n, ref("P-5"));
    expect(await s.rules.debtOf(s.alice.address)).to.equal(0n);
  });
});

describe("status points and tiers", function () {
  it("pays a rule's tier multiplier from the member's tier, which changes exactly at the thresholds", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s, { ...base, tierMultiplierPercent: [100n, 150n, 200n, 0n, 0n] });
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 99_900n, ref("T-1")); // 999 at tier 0
    expect(await s.status.tierOf(s.alice.address)).to.equal(0n);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 100n, ref("T-2")); // 1 → 1,000 status
    expect(await s.status.balanceOf(s.alice.address)).to.equal(1_000n);
    expect(await s.status.tierOf(s.alice.address)).to.equal(1n);
    expect((await s.rules.quote(s.alice.address, 1_000n))[1]).to.equal(15n); // Silver: 1.5x
    const [thresholds, names] = await s.status.tiers();
    expect([...thresholds]).to.deep.equal([1_000n, 5_000n]);
    expect([...names]).to.deep.equal(["Member", "Silver", "Gold"]);
  });

  it("falls away as the window moves: the tier goes down with no transaction", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 120_000n, ref("W-1")); // 1,200 status
    expect(await s.status.tierOf(s.alice.address)).to.equal(1n);
    const bucket = await s.status.bucketSeconds();
    await time.increase(Number(bucket * 11n));
    expect(await s.status.balanceOf(s.alice.address)).to.equal(1_200n, "still inside 12 buckets");
    await time.increase(Number(bucket));
    expect(await s.status.balanceOf(s.alice.address)).to.equal(0n);
    expect(await s.status.tierOf(s.alice.address)).to.equal(0n);
    expect(await s.status.totalSupply()).to.equal(0n);
  });

  it("never moves between accounts: transfer, transferFrom and approve revert with a sentence's error", async function () {
    const s = await loadFixture(rulesFixture);
    await addLiveRule(s);
    await s.rules.connect(s.fulfiller).reportPurchase(s.alice.address, 1_000n, ref("N-1"));
    await expect(s.status.connect(s.alice).transfer(s.bob.address, 1n)).to.be.revertedWithCustomError(s.status, "StatusPointsNotTransferable");
    await expect(s.status.connect(s.alice).approve(s.bob.address, 1n)).to.be.revertedWithCustomError(s.status, "StatusPointsNotTransferable");
    await expect(s.status.connect(s.bob).transferFrom(s.alice.address, s.bob.address, 1n)).to.be.revertedWithCustomError(s.status, "StatusPointsNotTransferable");
    expect(await s.status.decimals()).to.equal(0n);
    expect(await s.status.allowance(s.alice.address, s.bob.address)).to.equal(0n);
  });

  it("lets only the admin set tiers, ascending, with a name each; only issuers issue", async function () {
    const s = await loadFixture(rulesFixture);
    await expectUnauthorized(() => s.status.connect(s.alice).setTiers([1n], ["a", "b"]), s.status, s.alice, ethers.ZeroHash);
    await expect(s.status.connect(s.admin).setTiers([100n, 100n], ["a", "b", "c"]))
      .to.be.revertedWithCustomError(s.status, "TiersNotAscending")
      .withArgs(1n, 100n, 100n);
    await expect(s.status.connect(s.admin).setTiers([100n], ["a"])).to.be.revertedWithCustomError(s.status, "TierNamesMismatch").withArgs(1n, 1n);
    await expect(s.status.connect(s.admin).setTiers([1n, 2n, 3n, 4n, 5n], ["a", "b", "c", "d", "e", "f"]))
      .to.be.revertedWithCustomError(s.status, "TooManyTiers")
      .withArgs(5n, 4n);
    await expect(s.status.connect(s.admin).setTiers([500n], ["Member", "Star"])).to.emit(s.status, "TiersSet");
    await expectUnauthorized(() => s.status.connect(s.alice).issue(s.alice.address, 1n, ref("x")), s.status, s.alice, await s.status.ISSUER_ROLE());
  });
});
