import { Contract, type Provider } from "ethers";
import type { PointsClient } from "./client.js";
import { NetworkError } from "./errors.js";
import { fromIndexer } from "./indexed.js";
import { firstLine, isNetworkFailure } from "./reverts.js";
import { parseAddress } from "./validate.js";

/** How a token's points expire (ERC-7818): undefined for points that never expire. */
export interface ExpiryPolicy {
  epochSeconds: bigint;
  /** Points of epoch e expire when epoch e + validityEpochs begins. */
  validityEpochs: bigint;
  /** When epoch 0 began (unix seconds). */
  origin: bigint;
  currentEpoch: bigint;
}

/** Points of one epoch an account holds, and when they expire (unix seconds). */
export interface ExpiringLot {
  epoch: bigint;
  points: bigint;
  expiresAt: bigint;
}

const EXPIRY_ABI = [
  "function epochLength() view returns (uint256)",
  "function validityDuration() view returns (uint256)",
  "function epochOrigin() view returns (uint256)",
  "function currentEpoch() view returns (uint256)",
  "function balanceOfAtEpoch(uint256 epoch, address account) view returns (uint256)",
  "function epochSupply(uint256 epoch) view returns (uint256)",
];

function expiryView(client: PointsClient): Contract {
  return new Contract(client.token.target, EXPIRY_ABI, client.provider as Provider);
}

/** The token's expiry policy, read from its ERC-7818 views; undefined when its points never expire. */
export async function expiryPolicy(client: PointsClient): Promise<ExpiryPolicy | undefined> {
  const view = expiryView(client);
  try {
    const [epochSeconds, validityEpochs, origin, currentEpoch] = (await Promise.all([
      view.getFunction("epochLength")(),
      view.getFunction("validityDuration")(),
      view.getFunction("epochOrigin")(),
      view.getFunction("currentEpoch")(),
    ])) as bigint[];
    return { epochSeconds: epochSeconds!, validityEpochs: validityEpochs!, origin: origin!, currentEpoch: currentEpoch! };
  } catch (error) {
    // A node that did not answer says nothing about the token: taking it for a plain one would
    // show no expiry where points expire. Otherwise PointsToken has none of these views (a revert
    // with no data, or an empty answer): its points never expire.
    if (isNetworkFailure(error)) throw new NetworkError(`reading the token's expiry policy failed: ${firstLine(error)}`, { cause: error });
    return undefined;
  }
}

/** An account's points by the epoch they came from, soonest-expiring first (empty if none expire). */
export async function pointsByExpiry(client: PointsClient, account: string): Promise<ExpiringLot[]> {
  const indexed = await fromIndexer(client, (ix) => ix.pointsByExpiry(parseAddress(account, "account")));
  if (indexed !== undefined) return indexed;
  const policy = await expiryPolicy(client);
  if (policy === undefined) return [];
  const address = parseAddress(account, "account");
  const view = expiryView(client);
  const lots: ExpiringLot[] = [];
  const oldest = policy.currentEpoch + 1n >= policy.validityEpochs ? policy.currentEpoch + 1n - policy.validityEpochs : 0n;
  for (let epoch = oldest; epoch <= policy.currentEpoch; epoch++) {
    const points = (await view.getFunction("balanceOfAtEpoch")(epoch, address)) as bigint;
    if (points === 0n) continue;
    lots.push({ epoch, points, expiresAt: expiresAt(policy, epoch) });
  }
  return lots;
}

/** The points of `account` that expire within `withinSeconds` of `now` (default: the chain's time). */
export async function expiringSoon(
  client: PointsClient,
  account: string,
  withinSeconds: bigint,
  now?: bigint,
): Promise<{ points: bigint; lots: ExpiringLot[] }> {
  const indexed = await fromIndexer(client, (ix) => ix.expiringSoon(parseAddress(account, "account"), withinSeconds, now));
  if (indexed !== undefined) return indexed;
  const time = now ?? BigInt((await client.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000));
  const lots = (await pointsByExpiry(client, account)).filter((l) => l.expiresAt <= time + withinSeconds);
  return { points: lots.reduce((sum, l) => sum + l.points, 0n), lots };
}

/** The policy's numbers that the ledger's rules need (what ExpiryPolicy has beside the current epoch). */
export type ExpiryRules = Pick<ExpiryPolicy, "epochSeconds" | "validityEpochs" | "origin">;

/** The epoch of a unix time under `rules`. */
export function epochAt(rules: ExpiryRules, time: bigint): bigint {
  return time < rules.origin ? 0n : (time - rules.origin) / rules.epochSeconds;
}

/** When the points of `epoch` expire: when epoch + validityEpochs begins. */
export function expiresAt(rules: ExpiryRules, epoch: bigint): bigint {
  return rules.origin + (epoch + rules.validityEpochs) * rules.epochSeconds;
}

/** The oldest epoch still valid at `time` (its points have not expired). */
export function firstValidEpoch(rules: ExpiryRules, time: bigint): bigint {
  const now = epochAt(rules, time);
  return now + 1n >= rules.validityEpochs ? now + 1n - rules.validityEpochs : 0n;
}

/**
 * The ledger's rule for transfers and burns: `points` come from the oldest epoch first. `lots` are
 * the unexpired epochs' points (the caller leaves out expired ones); returns what each epoch
 * gives, without changing `lots`. Shared by ExpiryModel and the indexer, so both spend alike.
 */
export function spendOldest(lots: ReadonlyMap<bigint, bigint>, points: bigint): Map<bigint, bigint> {
  const taken = new Map<bigint, bigint>();
  let left = points;
  for (const epoch of [...lots.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (left === 0n) break;
    const have = lots.get(epoch)!;
    if (have <= 0n) continue;
    const take = have < left ? have : left;
    taken.set(epoch, take);
    left -= take;
  }
  return taken;
}

/**
 * The expiring ledger's rules replayed off chain from its events, to keep books that include
 * expiry (the chain emits nothing when points expire): issued points go to the current epoch,
 * transfers and burns spend the oldest unexpired epoch first and moved points keep their epoch,
 * refunds count as the current epoch's. `expired` adds up what left the books by expiring.
 */
export class ExpiryModel {
  readonly balances = new Map<string, Map<bigint, bigint>>();
  readonly supplyByEpoch = new Map<bigint, bigint>();
  expired = 0n;
  private epochNow = 0n;

  constructor(readonly policy: ExpiryRules) {}

  epochAt(time: bigint): bigint {
    return epochAt(this.policy, time);
  }

  /** Moves the model to `time`: the epochs that ended by then expire, everywhere. */
  advance(time: bigint): void {
    const now = this.epochAt(time);
    if (now <= this.epochNow && this.supplyByEpoch.size > 0) return;
    this.epochNow = now;
    for (const [epoch, points] of this.supplyByEpoch) {
      if (epoch + this.policy.validityEpochs <= now) {
        this.expired += points;
        this.supplyByEpoch.delete(epoch);
      }
    }
    for (const lots of this.balances.values()) {
      for (const epoch of lots.keys()) if (epoch + this.policy.validityEpochs <= now) lots.delete(epoch);
    }
  }

  private lots(account: string): Map<bigint, bigint> {
    let lots = this.balances.get(account);
    if (lots === undefined) this.balances.set(account, (lots = new Map()));
    return lots;
  }

  private add(map: Map<bigint, bigint>, epoch: bigint, points: bigint): void {
    map.set(epoch, (map.get(epoch) ?? 0n) + points);
  }

  /** Takes `points` from `account`, oldest epoch first; returns what each epoch gave. */
  private spend(account: string, points: bigint): Map<bigint, bigint> {
    const lots = this.lots(account);
    const taken = spendOldest(lots, points);
    for (const [epoch, take] of taken) lots.set(epoch, lots.get(epoch)! - take);
    return taken;
  }

  mint(to: string, points: bigint, time: bigint): void {
    this.advance(time);
    this.add(this.lots(to), this.epochNow, points);
    this.add(this.supplyByEpoch, this.epochNow, points);
  }

  transfer(from: string, to: string, points: bigint, time: bigint): void {
    this.advance(time);
    for (const [epoch, take] of this.spend(from, points)) this.add(this.lots(to), epoch, take);
  }

  /** `transferAtEpoch`: `points` of one epoch move, whatever the sender holds of older ones. */
  transferAtEpoch(from: string, to: string, epoch: bigint, points: bigint, time: bigint): void {
    this.advance(time);
    const lots = this.lots(from);
    lots.set(epoch, (lots.get(epoch) ?? 0n) - points);
    this.add(this.lots(to), epoch, points);
  }

  burn(from: string, points: bigint, time: bigint): void {
    this.advance(time);
    for (const [epoch, take] of this.spend(from, points)) this.supplyByEpoch.set(epoch, this.supplyByEpoch.get(epoch)! - take);
  }

  balanceOf(account: string): bigint {
    return [...(this.balances.get(account)?.values() ?? [])].reduce((a, b) => a + b, 0n);
  }

  totalSupply(): bigint {
    return [...this.supplyByEpoch.values()].reduce((a, b) => a + b, 0n);
  }
}
