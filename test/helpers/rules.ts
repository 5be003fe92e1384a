import EarningRulesModule from "../../ignition/modules/EarningRules.js";
import StatusPointsModule from "../../ignition/modules/StatusPoints.js";
import { EarningRules__factory, StatusPoints__factory, type EarningRules, type StatusPoints } from "../../types/ethers-contracts/index.js";
import { ruleWith, type EarningRule } from "../../src/sdk/index.js";
import { ignition, networkHelpers, systemFixture, type System } from "./system.js";

/** Seconds a new or changed rule waits in the fixture (a real program would take days). */
export const RULE_DELAY = 3_600;
/** The status window of the fixture: 12 buckets of 30 days. */
export const BUCKET = 30 * 86_400;

export interface RulesSystem extends System {
  rules: EarningRules;
  status: StatusPoints;
}

/** 1 point per 100 spent, no cap, always on, spendable at once. */
export const base: EarningRule = ruleWith({ pointsPerUnit: 1n, spendUnit: 100n });

/**
 * The system plus the merchant's earning rules and the program's status points (Silver at 1,000,
 * Gold at 5,000), deployed through their Ignition modules: the catalog manager manages rules, the
 * fulfiller reports purchases (a till), the merchant admin reports returns. The rules contract is
 * an issuer of both and a burner of the token (for returns).
 */
export async function rulesFixture(): Promise<RulesSystem> {
  const s = await systemFixture();
  const forwarder = await s.forwarder.getAddress();
  const { status: statusContract } = await ignition.deploy(StatusPointsModule, {
    parameters: { StatusPoints: { admin: s.admin.address, adminDelay: 0, forwarder, bucketSeconds: BUCKET, windowBuckets: 12 } },
    defaultSender: s.deployer.address,
  });
  const status = StatusPoints__factory.connect(await statusContract.getAddress(), s.deployer);
  const { rules: rulesContract } = await ignition.deploy(EarningRulesModule, {
    parameters: {
      EarningRules: {
        token: await s.token.getAddress(),
        status: await status.getAddress(),
        forwarder,
        admin: s.merchantAdmin.address,
        adminDelay: 86_400,
        ruleDelay: RULE_DELAY,
        managers: [s.catalog.address],
        reporters: [s.fulfiller.address],
        returnsReporters: [s.merchantAdmin.address],
      },
    },
    defaultSender: s.deployer.address,
  });
  const rules = EarningRules__factory.connect(await rulesContract.getAddress(), s.deployer);
  const address = await rules.getAddress();
  await s.token.connect(s.admin).grantRole(await s.token.ISSUER_ROLE(), address);
  await s.token.connect(s.admin).setIssuerQuota(address, 1_000_000n);
  await s.token.connect(s.admin).grantRole(await s.token.BURNER_ROLE(), address);
  await status.connect(s.admin).grantRole(await status.ISSUER_ROLE(), address);
  await s.mall.connect(s.admin).setMerchantIssuer(address, 1);
  return { ...s, rules, status };
}

/** Adds `rule` and waits out the rule delay, so it applies. */
export async function addLiveRule(s: RulesSystem, rule: EarningRule = base): Promise<void> {
  await s.rules.connect(s.catalog).addRule(rule);
  await networkHelpers.time.increase(RULE_DELAY);
}

/**
 * Deploys an EarningRules contract for `token` directly (no status points, the given delay):
 * `manager` manages rules, `reporter` reports purchases. For tests that need only the contract.
 */
export async function deployRules(
  deployer: import("ethers").Signer,
  input: { token: string; admin: string; forwarder?: string; managers?: string[]; reporters?: string[]; returnsReporters?: string[]; ruleDelay?: number },
): Promise<EarningRules> {
  return new EarningRules__factory(deployer).deploy({
    token: input.token,
    status: "0x0000000000000000000000000000000000000000",
    forwarder: input.forwarder ?? "0x0000000000000000000000000000000000000000",
    admin: input.admin,
    adminDelay: 0,
    ruleDelay: input.ruleDelay ?? 0,
    managers: input.managers ?? [],
    reporters: input.reporters ?? [],
    returnsReporters: input.returnsReporters ?? [],
  });
}
