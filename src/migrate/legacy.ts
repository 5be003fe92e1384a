/**
 * The old deployment, through the few functions and events a migration needs, declared here
 * rather than taken from the generated types: those follow the contracts being compiled (the new
 * ones), while the old deployment keeps running the contracts it was deployed with. Each of these
 * is the same in every version so far (ERC-20's Transfer, Pausable, AccessControl, the mall's
 * order events).
 */
import { Contract, id, toBigInt, zeroPadValue, type Log, type Provider, type Signer } from "ethers";
import { PointsError } from "../sdk/index.js";

export const TRANSFER_TOPIC = id("Transfer(address,address,uint256)");
export const PAUSED_TOPIC = id("Paused(address)");
export const UNPAUSED_TOPIC = id("Unpaused(address)");
export const ORDER_PLACED_TOPIC = id("OrderPlaced(uint64,address,uint32,uint16,uint16,uint40)");
export const ORDER_FULFILLED_TOPIC = id("OrderFulfilled(uint64,address,bytes32)");
export const ORDER_CANCELLED_TOPIC = id("OrderCancelled(uint64,address,bytes32,uint40)");
export const ZERO_TOPIC = zeroPadValue("0x", 32);

const TOKEN_ABI = [
  "function paused() view returns (bool)",
  "function pause()",
  "function totalSupply() view returns (uint256)",
  "function balanceOf(address) view returns (uint256)",
  "function PAUSER_ROLE() view returns (bytes32)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
];

/** An address from an indexed topic, lowercase (checksumming a million of them is wasted work). */
function topicAddress(topic: string): string {
  return `0x${topic.slice(26)}`.toLowerCase();
}

export interface TransferLog {
  from: string;
  to: string;
  value: bigint;
}

export function decodeTransfer(log: Log): TransferLog {
  return { from: topicAddress(log.topics[1]!), to: topicAddress(log.topics[2]!), value: toBigInt(log.data) };
}

export type OrderLog = { kind: "placed"; orderId: bigint; buyer: string; points: bigint } | { kind: "closed"; orderId: bigint };

/** OrderPlaced (buyer and points paid: the last of its three data words) or its fulfilment or cancel. */
export function decodeOrder(log: Log): OrderLog {
  const orderId = toBigInt(log.topics[1]!);
  if (log.topics[0] === ORDER_PLACED_TOPIC) {
    return { kind: "placed", orderId, buyer: topicAddress(log.topics[2]!), points: toBigInt(`0x${log.data.slice(2 + 128, 2 + 192)}`) };
  }
  return { kind: "closed", orderId };
}

/** The old token's reads and its pause, typed. */
export class LegacyToken {
  private readonly contract: Contract;
  constructor(readonly address: string, runner: Provider | Signer) {
    this.contract = new Contract(address, TOKEN_ABI, runner);
  }
  async paused(blockTag?: number): Promise<boolean> {
    return Boolean(await this.contract.getFunction("paused").staticCall({ blockTag }));
  }
  async totalSupply(blockTag?: number): Promise<bigint> {
    return toBigInt(await this.contract.getFunction("totalSupply").staticCall({ blockTag }));
  }
  async balanceOf(holder: string, blockTag?: number): Promise<bigint> {
    return toBigInt(await this.contract.getFunction("balanceOf").staticCall(holder, { blockTag }));
  }
  async isPauser(account: string): Promise<boolean> {
    const role = String(await this.contract.getFunction("PAUSER_ROLE").staticCall());
    return Boolean(await this.contract.getFunction("hasRole").staticCall(role, account));
  }
  /** Simulates, then sends pause() and waits for it: the block it was mined in. */
  async pause(): Promise<{ hash: string; blockNumber: number }> {
    const pause = this.contract.getFunction("pause");
    await pause.staticCall();
    const tx = await pause.send();
    const receipt = await tx.wait();
    if (receipt === null) throw new PointsError("the pause transaction was dropped", "run the same command again");
    return { hash: receipt.hash, blockNumber: receipt.blockNumber };
  }
}
