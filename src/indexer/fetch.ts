/**
 * Reads one block range from the chain: its logs (as many blocks as the provider gives at once),
 * the hashes and times of its blocks, the voucher claims among its issuances, decoded in chain
 * order. It also checks that the range sits on the block the index ends at (else the chain forked
 * under it) and that no block changed while it was read (else it reads the range again).
 */
import { type Chain } from "./chain.js";
import { epochTransfersOf } from "../sdk/epochTransfers.js";
import { claimsOf } from "./vouchers.js";
import { decodeLog, positionOf, type ContractKind, type RawLog } from "./decode.js";
import type { EpochTransferCall, RangeEvent, VoucherCall } from "./apply.js";
import { RpcError } from "./errors.js";

export interface FetchedRange {
  start: number;
  end: number;
  /** The hash of the range's last block. */
  endHash: string;
  events: RangeEvent[];
  /** Blocks to record: every block with an event, and the last one. */
  blocks: { number: number; hash: string; timestamp: number }[];
  /** Voucher claims by transaction hash. */
  claims: Map<string, VoucherCall[]>;
  /** transferAtEpoch calls by transaction hash (expiring tokens only). */
  epochTransfers: Map<string, EpochTransferCall[]>;
  /** The block before `start` is no longer the one the index ends at. */
  forked: boolean;
}

export interface Followed {
  /** address -> kind, for every contract the index follows. */
  contracts: ReadonlyMap<string, ContractKind>;
  token: string;
  forwarder: string | undefined;
  /** The token's points expire (ERC-7818): its transfers' transactions are read for transferAtEpoch. */
  expiring?: boolean;
}

/** Decodes raw logs of followed contracts, in chain order. */
export function decodeLogs(logs: readonly RawLog[], followed: Followed, times: ReadonlyMap<number, number>): RangeEvent[] {
  const events: RangeEvent[] = [];
  for (const log of logs) {
    const pos = positionOf(log, times);
    const kind = followed.contracts.get(pos.address);
    if (kind === undefined) continue;
    events.push(decodeLog(kind, log, pos));
  }
  events.sort((a, b) => a.pos.block - b.pos.block || a.pos.logIndex - b.pos.logIndex);
  return events;
}

const ISSUED_TOPIC = "0x98ed0c917d670d1ace6af4fdcdcb02f030b47356ff81dffb145c79cbabb6ad7c";

/** The voucher claims of the transactions that issued points by an Issued event. */
export async function voucherClaims(chain: Chain, logs: readonly RawLog[], followed: Followed): Promise<Map<string, VoucherCall[]>> {
  const hashes = [...new Set(logs.filter((l) => l.topics[0] === ISSUED_TOPIC).map((l) => l.transactionHash))];
  const claims = new Map<string, VoucherCall[]>();
  if (hashes.length === 0) return claims;
  for (const [hash, tx] of await chain.transactions(hashes)) {
    const found = claimsOf(tx, followed);
    if (found.length > 0) claims.set(hash, found);
  }
  return claims;
}

const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
const ZERO_TOPIC = `0x${"0".repeat(64)}`;

/**
 * The transferAtEpoch calls behind the token's transfers between accounts. Their Transfer events do
 * not say which epoch moved, so every such transaction is read (one request per transaction; only
 * on expiring tokens). A call made from inside another contract is not seen: the reconciliation's
 * balance check against the chain then says so.
 */
export async function epochTransfers(chain: Chain, logs: readonly RawLog[], followed: Followed): Promise<Map<string, EpochTransferCall[]>> {
  const out = new Map<string, EpochTransferCall[]>();
  if (followed.expiring !== true) return out;
  const hashes = [
    ...new Set(
      logs
        .filter((l) => l.topics[0] === TRANSFER_TOPIC && l.address.toLowerCase() === followed.token.toLowerCase() && l.topics[1] !== ZERO_TOPIC && l.topics[2] !== ZERO_TOPIC)
        .map((l) => l.transactionHash),
    ),
  ];
  if (hashes.length === 0) return out;
  for (const [hash, tx] of await chain.transactions(hashes)) {
    const found = epochTransfersOf(tx, followed);
    if (found.length > 0) out.set(hash, found);
  }
  return out;
}

export async function fetchRange(
  chain: Chain,
  followed: Followed,
  range: { start: number; maxEnd: number; parent: { number: number; hash: string } | undefined },
): Promise<FetchedRange> {
  for (let attempt = 0; ; attempt++) {
    const { logs, end, endHash: hashBefore } = await chain.logs([...followed.contracts.keys()], range.start, range.maxEnd);
    const needed = new Set<number>([end]);
    if (range.parent !== undefined) needed.add(range.parent.number);
    for (const log of logs) if (log.blockTimestamp === undefined) needed.add(Number(log.blockNumber));
    const headers = await chain.headers([...needed]);
    const last = headers.get(end);
    if (last === undefined) throw new RpcError(`the node has no block ${end}, which it reported a moment ago`);
    const forked = range.parent !== undefined && headers.get(range.parent.number)?.hash !== range.parent.hash;
    // The node's view must not have changed while the range was read: the last block's hash was
    // read with the logs and again after them, and each log's block hash matches its block's.
    const hashes = new Map<number, string>();
    let consistent = hashBefore === undefined || hashBefore === last.hash;
    for (const log of logs) {
      const n = Number(log.blockNumber);
      const known = hashes.get(n) ?? headers.get(n)?.hash;
      if (known !== undefined && known !== log.blockHash) consistent = false;
      hashes.set(n, log.blockHash);
    }
    if (!consistent && !forked) {
      if (attempt >= 5) throw new RpcError(`blocks ${range.start}..${end} keep changing while they are read`, "is the node reorganizing constantly? check it");
      continue;
    }
    const times = new Map<number, number>();
    for (const [n, h] of headers) times.set(n, h.timestamp);
    for (const log of logs) if (log.blockTimestamp !== undefined) times.set(Number(log.blockNumber), Number(log.blockTimestamp));
    const blocks = new Map<number, { number: number; hash: string; timestamp: number }>();
    for (const [n, hash] of hashes) blocks.set(n, { number: n, hash, timestamp: times.get(n)! });
    blocks.set(end, { number: end, hash: last.hash, timestamp: last.timestamp });
    const events = forked ? [] : decodeLogs(logs, followed, times);
    const claims = forked ? new Map<string, VoucherCall[]>() : await voucherClaims(chain, logs, followed);
    const atEpoch = forked ? new Map<string, EpochTransferCall[]>() : await epochTransfers(chain, logs, followed);
    return { start: range.start, end, endHash: last.hash, events, blocks: [...blocks.values()].sort((a, b) => a.number - b.number), claims, epochTransfers: atEpoch, forked };
  }
}

/**
 * Cuts a fetched range into pieces of about `targetEvents` events at block boundaries, each its
 * own transaction: a provider may hand over many blocks at once (or one dense stretch of them),
 * and a transaction of a hundred thousand events would hold them all in memory and block readers.
 */
export function splitRange(range: FetchedRange, targetEvents: number): FetchedRange[] {
  if (range.forked || range.events.length <= targetEvents * 1.5) return [range];
  const pieces: FetchedRange[] = [];
  let start = range.start;
  let from = 0;
  const hashOf = new Map(range.blocks.map((b) => [b.number, b.hash]));
  for (let i = 0; i < range.events.length; ) {
    const block = range.events[i]!.pos.block;
    let j = i;
    while (j < range.events.length && range.events[j]!.pos.block === block) j++;
    const last = j === range.events.length;
    if ((j - from >= targetEvents && !last) || last) {
      const end = last ? range.end : block;
      pieces.push({
        start,
        end,
        endHash: last ? range.endHash : (hashOf.get(block) ?? range.events[i]!.pos.blockHash),
        events: range.events.slice(from, j),
        blocks: range.blocks.filter((b) => b.number >= start && b.number <= end),
        claims: range.claims,
        epochTransfers: range.epochTransfers,
        forked: false,
      });
      start = end + 1;
      from = j;
    }
    i = j;
  }
  return pieces;
}
