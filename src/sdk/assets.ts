import { Contract, type Provider } from "ethers";
import type { PointsClient } from "./client.js";
import { expiryPolicy, type ExpiryPolicy } from "./expiry.js";
import { parseAddress } from "./validate.js";

/** A class of points: spendable (issued, sent, redeemed) or status (earned, never moved; tiers). */
export type PointsClass = "spendable" | "status";

/** One of the program's point assets, as the platform lists it. */
export interface PointsAsset {
  address: string;
  class: PointsClass;
  name: string;
  symbol: string;
  decimals: number;
  /** Spendable points that expire (ERC-7818); undefined when they never expire. */
  expiry: ExpiryPolicy | undefined;
  /** Status points: how long they count (seconds), and the tiers' names and thresholds. */
  window: { seconds: bigint; tiers: { name: string; threshold: bigint }[] } | undefined;
}

const STATUS_ABI = [
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function bucketSeconds() view returns (uint256)",
  "function windowBuckets() view returns (uint256)",
  "function tiers() view returns (uint256[] thresholds, string[] names)",
];

/** The program's point assets: its points token, and its status points where it has them. */
export async function pointAssets(client: PointsClient, options: { status?: string } = {}): Promise<PointsAsset[]> {
  const [name, symbol, expiry] = await Promise.all([client.token.name(), client.token.symbol(), expiryPolicy(client)]);
  const assets: PointsAsset[] = [
    { address: await client.token.getAddress(), class: "spendable", name, symbol, decimals: 0, expiry, window: undefined },
  ];
  if (options.status !== undefined) {
    const status = new Contract(parseAddress(options.status, "status points contract"), STATUS_ABI, client.provider as Provider);
    const [statusName, statusSymbol, bucket, buckets, tiers] = (await Promise.all([
      status.getFunction("name")(),
      status.getFunction("symbol")(),
      status.getFunction("bucketSeconds")(),
      status.getFunction("windowBuckets")(),
      status.getFunction("tiers")(),
    ])) as [string, string, bigint, bigint, [bigint[], string[]]];
    const [thresholds, names] = tiers;
    assets.push({
      address: await status.getAddress(),
      class: "status",
      name: statusName,
      symbol: statusSymbol,
      decimals: 0,
      expiry: undefined,
      window: { seconds: bucket * buckets, tiers: names.map((n, i) => ({ name: n, threshold: i === 0 ? 0n : thresholds[i - 1]! })) },
    });
  }
  return assets;
}
