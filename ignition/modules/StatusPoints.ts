import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys a program's status points and tiers (StatusPoints): non-transferable, counted over a
 * rolling window, earned alongside spendable points by the earning rules it names as issuers.
 *
 * Parameters: name, symbol; bucketSeconds and windowBuckets (the window: e.g. 30 days x 12);
 * admin and adminDelay (sets the tiers and grants ISSUER_ROLE to earning rules contracts);
 * issuers; forwarder (the points token's forwarder, which may hold no role); thresholds and
 * tierNames (e.g. [1000, 5000] and ["Member", "Silver", "Gold"]).
 */
export default buildModule("StatusPoints", (m) => {
  const status = m.contract("StatusPoints", [
    {
      name: m.getParameter<string>("name", "Mall Status"),
      symbol: m.getParameter<string>("symbol", "MST"),
      bucketSeconds: m.getParameter<number>("bucketSeconds", 30 * 24 * 60 * 60),
      windowBuckets: m.getParameter<number>("windowBuckets", 12),
      admin: m.getParameter<string>("admin"),
      adminDelay: m.getParameter<number>("adminDelay", 3 * 24 * 60 * 60),
      issuers: m.getParameter<string[]>("issuers", []),
      forwarder: m.getParameter<string>("forwarder", "0x0000000000000000000000000000000000000000"),
      thresholds: m.getParameter<number[]>("thresholds", [1_000, 5_000]),
      tierNames: m.getParameter<string[]>("tierNames", ["Member", "Silver", "Gold"]),
    },
  ]);
  return { status };
});
