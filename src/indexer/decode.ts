/**
 * Decoding: raw eth_getLogs entries into events with named arguments, typed from the typechain
 * bindings of each contract the indexer follows. A contract that gains an event gains it here with
 * the next compile; an event the ABI does not know is kept undecoded, never dropped.
 */
import type { BaseContract, EventFragment, Interface } from "ethers";
import { getAddress } from "ethers";
import { keccak_256 } from "@noble/hashes/sha3.js";
import {
  EarningRules__factory,
  PointsForwarder__factory,
  PointsMall__factory,
  PointsToken__factory,
  type EarningRules,
  type PointsForwarder,
  type PointsMall,
  type PointsToken,
} from "../../types/ethers-contracts/index.js";
import type { TypedContractEvent } from "../../types/ethers-contracts/common.js";

/** The kinds of contract a deployment has, with their typechain types. */
export interface ContractTypes {
  token: PointsToken;
  mall: PointsMall;
  forwarder: PointsForwarder;
  rules: EarningRules;
}
export type ContractKind = keyof ContractTypes;

/** The event names of a contract (its `filters` keyed by name, not by signature). */
export type EventName<K extends ContractKind> = {
  [N in keyof ContractTypes[K]["filters"]]: N extends `${string}(${string}` ? never : N;
}[keyof ContractTypes[K]["filters"]] &
  string;

/** The named arguments of an event, as typechain types them. */
export type EventArgs<K extends ContractKind, N extends EventName<K>> =
  ContractTypes[K]["filters"][N] extends TypedContractEvent<infer _In, infer _Out, infer Named> ? Named : never;

/** Where a log is: its block, position, transaction and contract. */
export interface LogPosition {
  block: number;
  logIndex: number;
  txHash: string;
  blockHash: string;
  /** The block's timestamp, seconds. */
  time: number;
  address: string;
}

export interface DecodedEvent<K extends ContractKind = ContractKind, N extends EventName<K> = EventName<K>> {
  kind: K;
  name: N;
  args: EventArgs<K, N>;
  pos: LogPosition;
  /** The arguments as JSON (bigints as strings), as the events table stores them. */
  json: string;
}

/** Any event of any followed contract: narrow on `kind` and `name` to get its arguments. */
export type AnyEvent = {
  [K in ContractKind]: { [N in EventName<K>]: DecodedEvent<K, N> }[EventName<K>];
}[ContractKind];

/** A log whose topic the ABI does not know: kept as topics and data. */
export interface UnknownEvent {
  kind: ContractKind;
  name: `unknown:${string}`;
  pos: LogPosition;
  json: string;
}

/** A log as eth_getLogs returns it. */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  /** Some nodes (anvil, Hardhat, recent geth) include the block's time; saves a header read. */
  blockTimestamp?: string;
  removed?: boolean;
}

const interfaces: Record<ContractKind, Interface> = {
  token: PointsToken__factory.createInterface(),
  mall: PointsMall__factory.createInterface(),
  forwarder: PointsForwarder__factory.createInterface(),
  rules: EarningRules__factory.createInterface(),
};

export function contractInterface(kind: ContractKind): Interface {
  return interfaces[kind];
}

/** topic0 -> fragment, per kind: built once (ethers' own lookup walks every fragment each time). */
const fragments = new Map<ContractKind, Map<string, EventFragment>>();
for (const kind of Object.keys(interfaces) as ContractKind[]) {
  const map = new Map<string, EventFragment>();
  interfaces[kind].forEachEvent((fragment) => map.set(fragment.topicHash, fragment));
  fragments.set(kind, map);
}

/**
 * Checksummed addresses, remembered: EIP-55 hashes each address with keccak, which at a million
 * events was the indexer's largest cost. Bounded: forgotten wholesale when full.
 */
const checksums = new Map<string, string>();
export function checksummed(hex: string): string {
  const lower = hex.toLowerCase();
  let out = checksums.get(lower);
  if (out === undefined) {
    if (checksums.size >= 50_000) checksums.clear();
    out = ADDRESS.test(lower) ? eip55(lower) : getAddress(lower);
    checksums.set(lower, out);
  }
  return out;
}

const ADDRESS = /^0x[0-9a-f]{40}$/;
const ascii = new TextEncoder();

/**
 * EIP-55 of a lowercase address, as ethers' getAddress gives it: a letter is upper case where the
 * keccak of the lowercase hex has a nibble >= 8. A bulk issuance brings a fresh address per event,
 * so this runs about once an event; @noble/hashes' keccak takes half the time of the copy inside
 * ethers, and the rest of getAddress (parsing, checks, hex round trips) is skipped.
 */
function eip55(lower: string): string {
  const hex = lower.slice(2);
  const hash = keccak_256(ascii.encode(hex));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i & 1 ? 0 : 4)) & 15;
    out += nibble >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  }
  return out;
}

type Word = (word: string) => unknown;
const STATIC: Record<string, Word> = {
  address: (w) => checksummed(`0x${w.slice(24)}`),
  bool: (w) => BigInt(`0x${w}`) !== 0n,
  bytes32: (w) => `0x${w}`,
};
function staticCoder(type: string): Word | undefined {
  if (STATIC[type] !== undefined) return STATIC[type];
  if (/^uint\d+$/.test(type)) return (w) => BigInt(`0x${w}`);
  return undefined;
}

/**
 * For events whose arguments are all one-word types (address, uint, bool, bytes32: Transfer,
 * Issued, Burned, OrderPlaced, ...), a decoder that reads the words straight from the topics and
 * the data by the fragment's own inputs, named as the ABI names them: the same values ethers'
 * decodeEventLog gives, without building a Result per log. Others go through ethers.
 */
type FastDecoder = (topics: readonly string[], data: string) => Record<string, unknown>;
const fast = new Map<EventFragment, FastDecoder | null>();
function fastDecoder(fragment: EventFragment): FastDecoder | null {
  let decoder = fast.get(fragment);
  if (decoder !== undefined) return decoder;
  const coders = fragment.inputs.map((i) => staticCoder(i.type));
  if (fragment.anonymous || coders.some((c) => c === undefined)) decoder = null;
  else {
    const plan = fragment.inputs.map((input, i) => ({ name: input.name, indexed: input.indexed === true, coder: coders[i]! }));
    decoder = (topics, data) => {
      const out: Record<string, unknown> = {};
      let topic = 1;
      let word = 0;
      for (const p of plan) {
        const hex = p.indexed ? topics[topic++]!.slice(2) : data.slice(2 + 64 * word, 2 + 64 * ++word);
        if (hex.length !== 64) throw new Error(`log of ${fragment.name} is too short for its ABI`);
        out[p.name] = p.coder(hex);
      }
      return out;
    };
  }
  fast.set(fragment, decoder);
  return decoder;
}

function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** A raw log's position; `time` from the log when the node gives it, else from `times`. */
export function positionOf(log: RawLog, times: ReadonlyMap<number, number>): LogPosition {
  const block = Number(log.blockNumber);
  const time = log.blockTimestamp !== undefined ? Number(log.blockTimestamp) : times.get(block);
  if (time === undefined) throw new Error(`indexer bug: no time for block ${block}`);
  return { block, logIndex: Number(log.logIndex), txHash: log.transactionHash, blockHash: log.blockHash, time, address: checksummed(log.address) };
}

/** Decodes a log of a contract of kind `kind`. */
export function decodeLog(kind: ContractKind, log: RawLog, pos: LogPosition): AnyEvent | UnknownEvent {
  const topic = log.topics[0] ?? "";
  const fragment = fragments.get(kind)!.get(topic);
  if (fragment === undefined) {
    return { kind, name: `unknown:${topic}`, pos, json: toJson({ topics: log.topics, data: log.data }) };
  }
  const quick = fastDecoder(fragment);
  const args = quick !== null ? quick(log.topics, log.data) : interfaces[kind].decodeEventLog(fragment, log.data, log.topics).toObject(true);
  // The one place where a decoded log meets its static type: the ABI that decoded it is the ABI
  // typechain generated the types from, so the named arguments are exactly EventArgs<kind, name>.
  return { kind, name: fragment.name, args, pos, json: toJson(args) } as unknown as AnyEvent;
}

export function isKnown(event: AnyEvent | UnknownEvent): event is AnyEvent {
  return !event.name.startsWith("unknown:");
}

/** The typed contract of a kind, for callers that need its Interface type (checks, calls). */
export type ContractOf<K extends ContractKind> = ContractTypes[K] & BaseContract;
