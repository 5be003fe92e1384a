import { readFileSync } from "node:fs";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** The creation code of the token contract, from Hardhat's artifacts (compile first). */
function creationCode(contract: "PointsToken" | "ExpiringPointsToken"): string {
  const file = new URL(`../../artifacts/contracts/${contract}.sol/${contract}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { bytecode: string }).bytecode;
}

/**
 * Deploys the ERC-2771 forwarder (PointsForwarder: customers' signed requests, relayed by
 * `points relay`), then the points token and its mall in one transaction (PointsDeployer), both
 * trusting that forwarder, with every role given to the accounts the parameters name. The
 * deploying account holds no role unless it is named; the forwarder has no owner.
 *
 * Parameters (see ignition/parameters/*.json):
 *   name, symbol         the token's ERC-20 name and symbol (symbol: 1 to 11 characters)
 *   supplyCap            most points that may exist at once; "0n" for no cap
 *   admin, adminDelay    platform admin of token and mall (a multisig in production) and the delay,
 *                        in seconds, of a hand-over of that role (AccessControlDefaultAdminRules)
 *   issuers              [{ account, quota }]: who may issue points and how many
 *   pausers              accounts that may pause transfers, issuance and redemption
 *   merchantName         merchant 1's name
 *   merchantAdmin        manages merchant 1's catalog managers and fulfillers
 *   catalogManagers      manage merchant 1's categories and SKUs
 *   fulfillers           fulfil and cancel merchant 1's orders
 *
 * ExpiringPointsSystem (below) deploys ExpiringPointsToken instead, whose points expire (ERC-7818):
 *   epochSeconds         the length of an epoch (default 90 days: a quarter)
 *   validityEpochs       points issued in an epoch expire this many epochs later (default 4; at most 4)
 */
function systemModule(id: string, contract: "PointsToken" | "ExpiringPointsToken") {
  return buildModule(id, (m) => {
  const admin = m.getParameter<string>("admin");
  const forwarder = m.contract("PointsForwarder", []);
  const tokenConfig = {
    name: m.getParameter<string>("name", "Mall Points"),
    symbol: m.getParameter<string>("symbol", "MPT"),
    supplyCap: m.getParameter<bigint>("supplyCap", 0n),
    admin,
    adminDelay: m.getParameter<number>("adminDelay", 3 * 24 * 60 * 60),
    issuers: m.getParameter<{ account: string; quota: bigint | number }[]>("issuers", []),
    burners: [],
    pausers: m.getParameter<string[]>("pausers", []),
    trustedForwarder: forwarder,
    epochSeconds: contract === "PointsToken" ? 0 : m.getParameter<number>("epochSeconds", 90 * 24 * 60 * 60),
    validityEpochs: contract === "PointsToken" ? 0 : m.getParameter<number>("validityEpochs", 4),
  };
  const mallConfig = {
    token: "0x0000000000000000000000000000000000000000",
    admin,
    adminDelay: m.getParameter<number>("adminDelay", 3 * 24 * 60 * 60),
    merchantName: m.getParameter<string>("merchantName", "Main Store"),
    merchantAdmin: m.getParameter<string>("merchantAdmin"),
    catalogManagers: m.getParameter<string[]>("catalogManagers", []),
    fulfillers: m.getParameter<string[]>("fulfillers", []),
    issuers: [], // PointsDeployer fills it with the token's issuers
    trustedForwarder: "0x0000000000000000000000000000000000000000", // PointsDeployer: the token's
  };

  const deployer = m.contract("PointsDeployer", [creationCode(contract), tokenConfig, mallConfig]);
  const token = m.contractAt(contract, m.staticCall(deployer, "token", [], 0, { id: "tokenAddress" }));
  const mall = m.contractAt("PointsMall", m.staticCall(deployer, "mall", [], 0, { id: "mallAddress" }));
  return { forwarder, deployer, token, mall };
});
}

export default systemModule("PointsSystem", "PointsToken");
export const ExpiringPointsSystem = systemModule("ExpiringPointsSystem", "ExpiringPointsToken");
