import type { Signer } from "ethers";
import {
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
export async function deployForBench(accounts: { deployer: Signer; admin: Signer; issuer: Signer; staff: Signer }) {
  const admin = await accounts.admin.getAddress();
  const issuer = await accounts.issuer.getAddress();
  const staff = await accounts.staff.getAddress();
  const forwarder = await new PointsForwarder__factory(accounts.deployer).deploy();
  const deployed = await new PointsDeployer__factory(accounts.deployer).deploy(
    {
      name: "Mall Points",
      symbol: "MPT",
      supplyCap: 0n,
      admin,
      adminDelay: 0n,
      issuers: [{ account: issuer, quota: 10n ** 30n }],
      burners: [],
      pausers: [admin],
      trustedForwarder: await forwarder.getAddress(),
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
    mall: PointsMall__factory.connect(await deployed.mall(), accounts.staff),
  };
}
