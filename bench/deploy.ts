import type { Signer } from "ethers";
import {
  ExpiringPointsToken__factory,
  PointsDeployer__factory,
  PointsForwarder__factory,
  PointsMall__factory,
  PointsToken__factory,
} from "../types/ethers-contracts/index.js";

/**
 * The system the benchmarks measure: `admin` administers and pauses, `issuer` issues (a quota
 * that never runs out), `staff` manages merchant 1's catalog and fulfils its orders. Token and mall
 * trust a PointsForwarder, as every deployment's do.
 */
export async function deployForBench(
  accounts: { deployer: Signer; admin: Signer; issuer: Signer; staff: Signer },
  expiry?: { epochSeconds: bigint; validityEpochs: bigint },
) {
  const admin = await accounts.admin.getAddress();
  const issuer = await accounts.issuer.getAddress();
  const staff = await accounts.staff.getAddress();
  const forwarder = await new PointsForwarder__factory(accounts.deployer).deploy();
  const deployed = await new PointsDeployer__factory(accounts.deployer).deploy(
    expiry === undefined ? PointsToken__factory.bytecode : ExpiringPointsToken__factory.bytecode,
    {
      name: "Mall Points",
      symbol: "MPT",
      supplyCap: 0n,
      admin,
      adminDelay: 0n,
      issuers: [{ account: issuer, quota: expiry === undefined ? 10n ** 30n : 10n ** 15n }],
      burners: [],
      pausers: [admin],
      trustedForwarder: await forwarder.getAddress(),
      epochSeconds: expiry?.epochSeconds ?? 0n,
      validityEpochs: expiry?.validityEpochs ?? 0n,
    },
    {
      token: "0x0000000000000000000000000000000000000000",
      admin,
      adminDelay: 0n,
      merchantName: "Bench Store",
      merchantAdmin: admin,
      catalogManagers: [staff],
      fulfillers: [staff],
      issuers: [],
      trustedForwarder: "0x0000000000000000000000000000000000000000",
    },
  );
  return {
    forwarder,
    token: PointsToken__factory.connect(await deployed.token(), accounts.issuer),
    expiringToken: ExpiringPointsToken__factory.connect(await deployed.token(), accounts.issuer),
    mall: PointsMall__factory.connect(await deployed.mall(), accounts.staff),
  };
}
