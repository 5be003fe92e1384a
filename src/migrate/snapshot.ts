/**
 * The old books at one block, from the chain's events: every holder's balance (Transfer events
 * replayed from the deployment block) and every order still Placed (OrderPlaced minus its
 * fulfilment or cancel). Checked against the token's own totalSupply at that block.
 */
import { getAddress, type Provider } from "ethers";
import { PointsError } from "../sdk/index.js";
import {
  decodeOrder,
  decodeTransfer,
  LegacyToken,
  ORDER_CANCELLED_TOPIC,
  ORDER_FULFILLED_TOPIC,
  ORDER_PLACED_TOPIC,
  TRANSFER_TOPIC,
} from "./legacy.js";
import { forEachLog, type RangeOptions } from "./logs.js";

const ZERO = "0x0000000000000000000000000000000000000000";

export interface OpenOrder {
  orderId: bigint;
  /** Checksummed. */
  buyer: string;
  points: bigint;
}

export interface Snapshot {
  block: number;
  /** Holder (lowercase) -> points held at `block`; holders with 0 are left out. */
  balances: Map<string, bigint>;
  openOrders: OpenOrder[];
  totalSupply: bigint;
  sumOfBalances: bigint;
}

export interface SnapshotSource {
  provider: Provider;
  token: string;
  mall: string;
  /** The old deployment's first block: nothing of it happened before. */
  fromBlock: number;
}

export async function takeSnapshot(source: SnapshotSource, block: number, options: RangeOptions = {}): Promise<Snapshot> {
  const balances = new Map<string, bigint>();
  await forEachLog(source.provider, { address: source.token, topics: [TRANSFER_TOPIC] }, source.fromBlock, block, (log) => {
    const t = decodeTransfer(log);
    if (t.from !== ZERO) {
      const left = (balances.get(t.from) ?? 0n) - t.value;
      if (left === 0n) balances.delete(t.from);
      else balances.set(t.from, left);
    }
    if (t.to !== ZERO) balances.set(t.to, (balances.get(t.to) ?? 0n) + t.value);
  }, options);

  const open = new Map<bigint, OpenOrder>();
  const orderTopics = [[ORDER_PLACED_TOPIC, ORDER_FULFILLED_TOPIC, ORDER_CANCELLED_TOPIC]];
  await forEachLog(source.provider, { address: source.mall, topics: orderTopics }, source.fromBlock, block, (log) => {
    const o = decodeOrder(log);
    // A cart's order emits one OrderPlaced per line under the same id: its points add up.
    if (o.kind === "placed") {
      const lines = open.get(o.orderId);
      open.set(o.orderId, { orderId: o.orderId, buyer: o.buyer, points: (lines?.points ?? 0n) + o.points });
    } else open.delete(o.orderId);
  }, options);

  let sumOfBalances = 0n;
  for (const [holder, points] of balances) {
    if (points < 0n) throw new PointsError(`replaying the transfers gives ${holder} a negative balance at block ${block}`, "the node returned incomplete logs: try another RPC URL");
    sumOfBalances += points;
  }
  const totalSupply = await new LegacyToken(source.token, source.provider).totalSupply(block);
  if (sumOfBalances !== totalSupply) {
    throw new PointsError(
      `the balances replayed from the Transfer events add up to ${sumOfBalances}, but the old token's totalSupply at block ${block} is ${totalSupply}; nothing was sent`,
      "the node returned incomplete logs (some providers drop logs above a limit): try another RPC URL, or an archive node",
    );
  }
  return { block, balances, openOrders: [...open.values()].map((o) => ({ ...o, buyer: getAddress(o.buyer) })), totalSupply, sumOfBalances };
}
