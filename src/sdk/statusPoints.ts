import type { ContractRunner } from "ethers";
import { StatusPoints__factory, type StatusPoints } from "./contracts.js";
import type { PointsClient } from "./client.js";
import { parseAddress } from "./validate.js";

/** A member's standing: status points in the window, the tier they reach, and the next one. */
export interface MemberStatus {
  account: string;
  statusPoints: bigint;
  tier: number;
  tierName: string;
  /** The next tier's name and how many status points it needs; undefined at the top tier. */
  next: { tier: number; name: string; threshold: bigint; missing: bigint } | undefined;
  /** How long the window counts: status points older than this fall away. */
  windowSeconds: bigint;
}

/** A program's StatusPoints contract, bound to the client's signer or provider. */
export function connectStatus(client: PointsClient, address: string): StatusPoints {
  const runner: ContractRunner = client.signer ?? client.provider;
  return StatusPoints__factory.connect(parseAddress(address, "status points contract"), runner);
}

/** The tiers: thresholds (tier i + 1 needs thresholds[i]) and names (tier 0 first). */
export async function tiersOf(status: StatusPoints): Promise<{ thresholds: bigint[]; names: string[] }> {
  const [thresholds, names] = await status.tiers();
  return { thresholds: [...thresholds], names: [...names] };
}

/** `account`'s status points, tier and what the next tier needs. */
export async function memberStatus(status: StatusPoints, account: string): Promise<MemberStatus> {
  const address = parseAddress(account, "account");
  const [statusPoints, tier, { thresholds, names }, bucket, buckets] = await Promise.all([
    status.balanceOf(address),
    status.tierOf(address),
    tiersOf(status),
    status.bucketSeconds(),
    status.windowBuckets(),
  ]);
  const t = Number(tier);
  const threshold = thresholds[t];
  return {
    account: address,
    statusPoints,
    tier: t,
    tierName: names[t] ?? `tier ${t}`,
    next: threshold === undefined ? undefined : { tier: t + 1, name: names[t + 1] ?? `tier ${t + 1}`, threshold, missing: threshold - statusPoints },
    windowSeconds: bucket * buckets,
  };
}
