/**
 * The tour's program mechanics, on the running local chain: a merchant's earning rule that is
 * announced before it applies, points pending for a return window, a return that cancels them in
 * proportion, status points and a tier, and a small program whose points expire a minute after
 * the minute they were issued in. It moves the local chain's clock a few minutes forward.
 */
import type { Signer } from "ethers";

/** What the tour needs of a provider: raw JSON-RPC for moving the clock. */
interface RawProvider {
  send(method: string, params: unknown[]): Promise<unknown>;
}
import {
  ExpiringPointsToken__factory,
  EarningRules__factory,
  PointsDeployer__factory,
  PointsToken__factory,
  StatusPoints__factory,
} from "../../types/ethers-contracts/index.js";
import { connectPoints, pendingPoints, pointsByExpiry, reportReturn, ruleWith, type PointsAddresses } from "../../src/sdk/index.js";

type Step = (action: string, result: string) => void;

const when = (t: bigint) => new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z");

export async function tourMechanics(
  provider: RawProvider,
  accounts: { operator: Signer; staff: Signer; customer: Signer },
  addresses: PointsAddresses & { forwarder: string },
  step: Step,
): Promise<void> {
  const { operator, staff, customer } = accounts;
  const [operatorAddress, staffAddress, customerAddress] = await Promise.all([operator.getAddress(), staff.getAddress(), customer.getAddress()]);
  const token = PointsToken__factory.connect(addresses.token, operator);
  const warp = async (seconds: number) => {
    await provider.send("evm_increaseTime", [seconds]);
    await provider.send("evm_mine", []);
  };

  // Status points with tiers, and the merchant's earning rules: changes wait 60 s, announced.
  const status = await new StatusPoints__factory(operator).deploy({
    name: "Mall Status", symbol: "MST", bucketSeconds: 30 * 86_400, windowBuckets: 12, admin: operatorAddress, adminDelay: 0,
    issuers: [], forwarder: addresses.forwarder, thresholds: [100, 1_000], tierNames: ["Member", "Silver", "Gold"],
  });
  const rules = await new EarningRules__factory(operator).deploy({
    token: addresses.token, status: await status.getAddress(), forwarder: addresses.forwarder, admin: operatorAddress, adminDelay: 0,
    ruleDelay: 60, managers: [staffAddress], reporters: [staffAddress], returnsReporters: [staffAddress],
  });
  const rulesAddress = await rules.getAddress();
  for (const tx of [
    await token.grantRole(await token.ISSUER_ROLE(), rulesAddress),
    await token.setIssuerQuota(rulesAddress, 1_000_000n),
    await token.grantRole(await token.BURNER_ROLE(), rulesAddress),
    await status.grantRole(await status.ISSUER_ROLE(), rulesAddress),
  ]) await tx.wait();
  const staffRules = rules.connect(staff);
  const added = await (await staffRules.addRule(ruleWith({ pointsPerUnit: 1n, spendUnit: 10n, holdDays: 14n }))).wait();
  const scheduled = staffRules.interface.parseLog(added!.logs.find((l) => l.address === rulesAddress)!)!;
  step("the merchant adds a rule: 1 point per 10 spent, held 14 days", `announced; it applies from ${when(scheduled.args.effectiveAt as bigint)}`);
  await warp(61);

  await (await staffRules.reportPurchase(customerAddress, 2_000n, "0x" + Buffer.from("till-0042").toString("hex").padEnd(64, "0"))).wait();
  const pending = await pendingPoints(rules, customerAddress);
  step("the till reports a purchase of 2000 (receipt till-0042)", `${pending.total} points pending until ${when(pending.receipts[0]!.releaseAt)}`);
  const staffClient = connectPoints(staff, addresses);
  const returned = await reportReturn(staffClient, staffRules, { receipt: "till-0042", returnedSpend: 500n });
  step("a quarter of it comes back within the window (500 returned)", `${returned.cancelled} pending points cancelled, ${await rules.pendingOf(customerAddress)} still pending`);
  await warp(14 * 86_400);
  await (await rules.release(["0x" + Buffer.from("till-0042").toString("hex").padEnd(64, "0")])).wait();
  const [statusPoints, tier, [, names]] = await Promise.all([status.balanceOf(customerAddress), status.tierOf(customerAddress), status.tiers()]);
  step("14 days later the window has passed; the points are released", `150 spendable; ${statusPoints} status points, tier ${names[Number(tier)]}`);

  // A program whose points expire: epochs of a minute, points valid 1 epoch.
  const deployed = await (await new PointsDeployer__factory(operator).deploy(
    ExpiringPointsToken__factory.bytecode,
    {
      name: "Flash Points", symbol: "FLASH", supplyCap: 0, admin: operatorAddress, adminDelay: 0, issuers: [{ account: operatorAddress, quota: 1_000_000 }],
      burners: [], pausers: [], trustedForwarder: addresses.forwarder, epochSeconds: 60, validityEpochs: 1,
    },
    {
      token: "0x0000000000000000000000000000000000000000", admin: operatorAddress, adminDelay: 0, merchantName: "Flash sale", merchantAdmin: operatorAddress,
      catalogManagers: [], fulfillers: [], issuers: [], trustedForwarder: "0x0000000000000000000000000000000000000000",
    },
  )).waitForDeployment();
  const flash = ExpiringPointsToken__factory.connect(await deployed.token(), operator);
  await (await flash.issue(customerAddress, 50n, "0x" + Buffer.from("flash-sale").toString("hex").padEnd(64, "0"))).wait();
  const flashClient = connectPoints(customer, { token: await flash.getAddress(), mall: await deployed.mall() });
  const [lot] = await pointsByExpiry(flashClient, customerAddress);
  step("a flash program issues 50 FLASH, valid until the minute ends", `${await flash.balanceOf(customerAddress)} FLASH, expiring ${when(lot!.expiresAt)}`);
  await warp(61);
  step("a minute later, with no transaction", `${await flash.balanceOf(customerAddress)} FLASH: expired (totalSupply ${await flash.totalSupply()})`);
}
