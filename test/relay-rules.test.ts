import { expect } from "chai";
import type { Signer } from "ethers";
import type { EarningRules } from "../types/ethers-contracts/index.js";
import { startRelay } from "../src/relay/index.js";
import { PointsError, RelayError, claimPurchase, connectPoints, connectRules, ruleWith, signForwardRequest, signPurchaseVoucher, type PurchaseVoucher } from "../src/sdk/index.js";
import { deployRules } from "./helpers/rules.js";
import { clientOf, closeRelays, post, rejection, relayerNonce, startTestRelay, type RelaySetup } from "./helpers/relay.js";
import { catalogFixture, ethers, ref, type System } from "./helpers/system.js";


interface WithRules extends System {
  rules: EarningRules;
  rulesAddress: string;
}

/** The catalog fixture and merchant 1's EarningRules (1 point per 100 spent), an issuer with a quota;
 *  the fulfiller is its reporter, the till that signs purchase vouchers. */
async function rulesFixture(): Promise<WithRules> {
  const s = await catalogFixture();
  const rules = await deployRules(s.deployer, {
    token: await s.token.getAddress(),
    admin: s.merchantAdmin.address,
    forwarder: await s.forwarder.getAddress(),
    managers: [s.catalog.address],
    reporters: [s.fulfiller.address],
  });
  const rulesAddress = await rules.getAddress();
  await s.token.connect(s.admin).grantRole(await s.token.ISSUER_ROLE(), rulesAddress);
  await s.token.connect(s.admin).setIssuerQuota(rulesAddress, 1_000_000n);
  await s.mall.connect(s.admin).setMerchantIssuer(rulesAddress, 1);
  await rules.connect(s.catalog).addRule(ruleWith({ pointsPerUnit: 1n, spendUnit: 100n })); // no delay here: it applies at once
  return { ...s, rules, rulesAddress };
}

type Setup = RelaySetup & WithRules;

/** A relay that serves the rules contract too. */
const withRules = () => startTestRelay<WithRules>(async (s) => ({ rules: [s.rulesAddress] }), rulesFixture);

/** The till's purchase voucher for `customer`, signed through the SDK (valued now). */
async function purchaseVoucher(t: Setup, customer: string, spend: bigint, receipt: string): Promise<{ voucher: PurchaseVoucher; signature: string }> {
  const till = connectPoints(t.fulfiller, { token: await t.token.getAddress(), mall: await t.mall.getAddress() });
  return signPurchaseVoucher(till, t.rules.connect(t.fulfiller), { customer, spend, receipt });
}

/** A signed request that claims `claim`; with `gas`, signed without a simulation (which would refuse it). */
const signedClaim = async (t: Setup, signer: Signer, claim: { voucher: PurchaseVoucher; signature: string }, gas?: bigint) =>
  signForwardRequest(signer, {
    forwarder: t.forwarderAddress,
    to: t.rulesAddress,
    data: t.rules.interface.encodeFunctionData("claimPurchase", [claim.voucher, claim.signature]),
    ...(gas === undefined ? {} : { gas }),
  });

describe("the relay and a merchant's earning rules (claimPurchase)", function () {
  afterEach(closeRelays);

  it("lets a customer with no native coin claim a purchase voucher: the points are the customer's, the relayer pays", async function () {
    const t = await withRules();
    const claim = await purchaseVoucher(t, t.customer.address, 2_500n, "R-1");
    const client = clientOf(t, t.customer);
    const r = await claimPurchase(client, connectRules(client, t.rulesAddress), claim.voucher, claim.signature);
    expect([r.points, r.ruleId]).to.deep.equal([25n, 1n]);
    expect(r.receipt.from).to.equal(t.relayer.address);
    expect(await t.token.balanceOf(t.customer.address)).to.equal(525n);
    expect(await ethers.provider.getBalance(t.customer.address)).to.equal(0n);
    expect(await t.stores.spending.total(t.customer.address, Date.now())).to.equal(r.receipt.gasUsed * r.receipt.gasPrice);
    expect(t.lines.at(-1)).to.match(/^relayed rules\.claimPurchase for 0x[0-9a-fA-F]{40}: tx 0x/);
  });

  it("names the rules contract's refusal of a voucher claimed twice, and sends nothing", async function () {
    const t = await withRules();
    const claim = await purchaseVoucher(t, t.customer.address, 1_000n, "R-2");
    expect((await post(t.url, { request: await signedClaim(t, t.customer, claim) })).status).to.equal(200);
    const nonce = await relayerNonce(t);
    const again = await post(t.url, { request: await signedClaim(t, t.customer, claim, 200_000n) });
    expect(again.status).to.equal(422);
    expect(again.body.name).to.equal("ReceiptAlreadyReported");
    expect(again.body.error).to.equal("receipt R-2 was reported already; a purchase earns once");
    expect(await relayerNonce(t)).to.equal(nonce);
  });

  it("lists the rules contracts on GET / and forwards them claimPurchase and release only", async function () {
    const t = await withRules();
    const info = (await (await fetch(t.url)).json()) as { targets: unknown; functions: string[] };
    expect(info.targets).to.deep.equal({ ...t.addresses, rules: [t.rulesAddress] });
    expect(info.functions).to.include.members(["rules.claimPurchase", "rules.release"]);
    const report = t.rules.interface.encodeFunctionData("reportPurchase", [t.customer.address, 100n, ref("R-3")]);
    const onRules = await post(t.url, { request: await signForwardRequest(t.customer, { forwarder: t.forwarderAddress, to: t.rulesAddress, data: report, gas: 200_000n }) });
    expect([onRules.status, onRules.body.error]).to.deep.equal([403, `the relay does not forward this function (selector ${report.slice(0, 10)}) to the rules`]);
    const claim = await purchaseVoucher(t, t.customer.address, 100n, "R-4");
    const data = t.rules.interface.encodeFunctionData("claimPurchase", [claim.voucher, claim.signature]);
    const onToken = await post(t.url, { request: await signForwardRequest(t.customer, { forwarder: t.forwarderAddress, to: t.addresses.token, data, gas: 200_000n }) });
    expect([onToken.status, onToken.body.error]).to.deep.equal([403, `the relay does not forward this function (selector ${data.slice(0, 10)}) to the token`]);
  });

  it("refuses a rules contract it was not given, and the SDK says so before asking the wallet to sign", async function () {
    const t = await startTestRelay<WithRules>({}, rulesFixture);
    const claim = await purchaseVoucher(t, t.customer.address, 1_000n, "R-5");
    const answer = await post(t.url, { request: await signedClaim(t, t.customer, claim) });
    expect(answer.status).to.equal(403);
    expect(answer.body.error).to.equal(`${t.rulesAddress} is not a contract of this deployment that the relay serves`);
    const client = clientOf(t, t.customer);
    const error = await rejection(claimPurchase(client, connectRules(client, t.rulesAddress), claim.voucher, claim.signature));
    expect(error).to.be.instanceOf(RelayError);
    expect((error as RelayError).message).to.match(/^the relay at http:\/\/127\.0\.0\.1:\d+ does not forward this call to 0x/);
    expect(await t.token.balanceOf(t.customer.address)).to.equal(500n);
  });

  it("checks each rules contract at start: a contract of this token that trusts its forwarder", async function () {
    const t = await withRules();
    const start = async (rules: string[]) => {
      const error = await rejection(startRelay({ ...t.config, rules }, 0));
      expect(error).to.be.instanceOf(PointsError);
      return (error as PointsError).message;
    };
    const otherToken = await deployRules(t.deployer, { token: t.addresses.mall, admin: t.admin.address });
    expect(await start([await otherToken.getAddress()])).to.equal(
      `rules contract ${await otherToken.getAddress()}: it issues points of the token ${t.addresses.mall}, not this deployment's token ${t.addresses.token}`,
    );
    expect(await start([t.addresses.mall])).to.equal(`rules contract ${t.addresses.mall}: it is this deployment's mall`);
    expect(await start([t.bob.address])).to.equal(`rules contract ${t.bob.address}: there is no contract at this address on this chain`);
    expect(await start([t.forwarderAddress])).to.equal(`rules contract ${t.forwarderAddress}: it is this deployment's forwarder`);
    const deployer = await t.deployerContract.getAddress(); // it has a token(), and no isTrustedForwarder()
    expect(await start([deployer])).to.equal(`rules contract ${deployer}: it does not answer token() and isTrustedForwarder(), so it is not an EarningRules contract`);
    expect(await start(["0x1234"])).to.equal('rules contract: "0x1234" is not an address');
  });
});
