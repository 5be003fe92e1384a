/**
 * The RPC books of an expiring token (ERC-7818). The chain emits nothing when points expire, so
 * `reconcile` replays the ledger's rules with ExpiryModel from the Transfer events, each at its
 * block's time, as forEachLogRange hands them over: transfers between accounts spend the oldest
 * epoch first unless their transaction was a transferAtEpoch call (read from its input, direct or
 * through the token's trusted forwarder, as the indexer reads it). What expired by a block's time
 * is then exact, and the model's unexpired balances can be held against the chain's totalSupply.
 */
import { getAddress, ZeroAddress } from "ethers";
import { blockTimes } from "./activity.js";
import type { PointsClient } from "./client.js";
import { ExpiringPointsToken__factory } from "./contracts.js";
import { epochTransfersOf, matchEpochTransfers, type EpochTransferCall, type TxInput } from "./epochTransfers.js";
import { NetworkError } from "./errors.js";
import { epochAt, ExpiryModel, firstValidEpoch, type ExpiryRules } from "./expiry.js";

/** A Transfer event as queryFilter gives it (a typechain TypedEventLog fits). */
export interface TransferLog {
  blockNumber: number;
  transactionHash: string;
  index: number;
  args: { from: string; to: string; value: bigint };
}

/** What the replay says at one block: the figures reconcile reports, and what disagrees. */
export interface ExpiryBooks {
  expired: bigint;
  /** The unexpired points the model's accounts hold, and how many hold any. */
  sumOfBalances: bigint;
  holders: number;
  differences: string[];
}

/** Transactions read at once: a range of transfers must not become thousands of requests in flight (as blockTimes). */
const TXS_AT_ONCE = 20;

export class ExpiryReplay {
  readonly model: ExpiryModel;
  private readonly token: string;
  /** Whether the token trusts an address as its forwarder, asked once per address. */
  private readonly trusted = new Map<string, Promise<boolean>>();

  constructor(
    private readonly client: PointsClient,
    private readonly rules: ExpiryRules,
  ) {
    this.model = new ExpiryModel(rules);
    this.token = getAddress(String(client.token.target));
  }

  /** Applies one range of Transfer events, in chain order; only that range's block times and transactions are held. */
  async add(logs: readonly TransferLog[]): Promise<void> {
    if (logs.length === 0) return;
    const [times, atEpoch] = await Promise.all([blockTimes(this.client, logs.map((l) => l.blockNumber)), this.epochTransfers(logs)]);
    for (const l of logs) {
      const time = times.get(l.blockNumber);
      // blockTimes gives 0 for a block the node does not have: expiry cannot be replayed without its time.
      if (time === undefined || time === 0) {
        throw new NetworkError(`the node has no block ${l.blockNumber}, which holds a Transfer it reported`, { hint: "is the node still syncing or reorganizing? try again, or use an archive node" });
      }
      const at = BigInt(time);
      const { from, to, value } = l.args;
      if (from === ZeroAddress && to === ZeroAddress) continue;
      if (from === ZeroAddress) this.model.mint(to, value, at); // issued or refunded: both are the block's epoch's
      else if (to === ZeroAddress) this.model.burn(from, value, at);
      else if (from !== to) {
        const epoch = atEpoch.get(l.transactionHash)?.get(l.index);
        if (epoch === undefined) this.model.transfer(from, to, value, at);
        else this.model.transferAtEpoch(from, to, epoch, value, at);
      }
    }
  }

  /**
   * The books at `block`: the model moved to the block's time (epochs ended by then expire),
   * its unexpired balances, and its per-epoch supply against the chain's `epochSupply` for the
   * epochs still valid (at most validityEpochs calls).
   */
  async at(block: number): Promise<ExpiryBooks> {
    const header = await this.client.provider.getBlock(block);
    if (header === null) throw new NetworkError(`the node has no block ${block}, which it reported a moment ago`, { hint: "is the node reorganizing? try again" });
    const time = BigInt(header.timestamp);
    this.model.advance(time);
    const differences: string[] = [];
    let sumOfBalances = 0n;
    let holders = 0;
    for (const [account, lots] of this.model.balances) {
      let held = 0n;
      for (const [epoch, points] of lots) {
        held += points;
        if (points < 0n) differences.push(`${account} replays to ${points} points of epoch ${epoch} (a transferAtEpoch made from inside a contract is not seen)`);
      }
      sumOfBalances += held;
      if (held !== 0n) holders += 1;
    }
    const view = ExpiringPointsToken__factory.connect(this.token, this.client.provider);
    const epochs: bigint[] = [];
    for (let e = firstValidEpoch(this.rules, time); e <= epochAt(this.rules, time); e++) epochs.push(e);
    const onChain = await Promise.all(epochs.map((e) => view.epochSupply(e, { blockTag: block })));
    epochs.forEach((e, i) => {
      const replayed = this.model.supplyByEpoch.get(e) ?? 0n;
      if (onChain[i] !== replayed) differences.push(`epoch ${e}: epochSupply ${onChain[i]} on chain, but the events replay to ${replayed}`);
    });
    return { expired: this.model.expired, sumOfBalances, holders, differences };
  }

  /** transferAtEpoch calls behind the range's transfers between accounts: tx hash -> log index -> epoch. */
  private async epochTransfers(logs: readonly TransferLog[]): Promise<Map<string, Map<number, bigint>>> {
    const byTx = new Map<string, TransferLog[]>();
    for (const l of logs) {
      const list = byTx.get(l.transactionHash);
      if (list === undefined) byTx.set(l.transactionHash, [l]);
      else list.push(l);
    }
    // Only a transaction with a transfer between two accounts can be a transferAtEpoch call.
    const hashes = [...byTx].filter(([, ls]) => ls.some((l) => l.args.from !== ZeroAddress && l.args.to !== ZeroAddress && l.args.from !== l.args.to)).map(([h]) => h);
    const out = new Map<string, Map<number, bigint>>();
    for (let i = 0; i < hashes.length; i += TXS_AT_ONCE) {
      await Promise.all(
        hashes.slice(i, i + TXS_AT_ONCE).map(async (hash) => {
          const calls = await this.callsIn(hash);
          if (calls.length === 0) return;
          // Named fields one by one: an ethers Result's spread gives its positions, not its names.
          const transfers = byTx.get(hash)!.map((l) => ({ index: l.index, from: l.args.from, to: l.args.to, value: l.args.value }));
          out.set(hash, matchEpochTransfers(transfers, calls));
        }),
      );
    }
    return out;
  }

  private async callsIn(hash: string): Promise<EpochTransferCall[]> {
    const response = await this.client.provider.getTransaction(hash);
    if (response === null) throw new NetworkError(`the node has no transaction ${hash}, which logged a Transfer`, { hint: "is the node still syncing or reorganizing? try again, or use an archive node" });
    const tx: TxInput = { to: response.to === null ? null : getAddress(response.to), input: response.data };
    if (tx.to === null) return [];
    if (tx.to === this.token) return epochTransfersOf(tx, { token: this.token, forwarder: undefined });
    // Sent elsewhere: a forwarder's request counts only if the token trusts that forwarder
    // (else the token saw the forwarder itself as the sender).
    const forwarded = epochTransfersOf(tx, { token: this.token, forwarder: tx.to });
    if (forwarded.length === 0) return [];
    return (await this.trusts(tx.to)) ? forwarded : [];
  }

  private trusts(forwarder: string): Promise<boolean> {
    let answer = this.trusted.get(forwarder);
    if (answer === undefined) this.trusted.set(forwarder, (answer = this.client.token.isTrustedForwarder(forwarder)));
    return answer;
  }
}
