/**
 * Finding a merchant's EarningRules contracts: the mall's MerchantIssuerSet names the issuers whose
 * points count for a merchant; an issuer that is a contract whose `token()` is our token is a rules
 * contract, and the index follows it from then on, with its history from the deployment block.
 */
import type { RangeEvent } from "./apply.js";
import type { Chain } from "./chain.js";
import { contractInterface, isKnown, type ContractKind } from "./decode.js";
import { decodeLogs, type Followed } from "./fetch.js";
import { RpcFailure } from "./rpc.js";

const rules = contractInterface("rules");

/**
 * The block to read a candidate's code and token() at: `block`, or the head where the node keeps no
 * state that old (a node that is not an archive, as most public ones). Both are fixed once a
 * contract is deployed, so the head answers the same. A network failure is not this: it is thrown.
 */
async function stateAt(chain: Chain, address: string, block: number): Promise<number | "latest"> {
  try {
    await chain.code(address, block);
    return block;
  } catch (error) {
    if (error instanceof Error && error.cause instanceof RpcFailure && error.cause.kind !== "network") return "latest";
    throw error;
  }
}

/** The issuers named in `events` that are rules contracts of `token` not followed yet. */
export async function findRulesContracts(chain: Chain, events: readonly RangeEvent[], followed: Followed, block: number): Promise<{ address: string; block: number }[]> {
  const candidates = new Map<string, number>();
  for (const e of events) {
    if (isKnown(e) && e.kind === "mall" && e.name === "MerchantIssuerSet" && !followed.contracts.has(e.args.issuer) && !candidates.has(e.args.issuer)) {
      candidates.set(e.args.issuer, e.pos.block);
    }
  }
  const found: { address: string; block: number }[] = [];
  for (const [address, at] of candidates) {
    const state = await stateAt(chain, address, block);
    if ((await chain.code(address, state)) === "0x") continue;
    const [answer] = await chain.calls([{ to: address, data: rules.encodeFunctionData("token") }], state);
    if (answer === undefined || answer instanceof RpcFailure) continue;
    try {
      const [token] = rules.decodeFunctionResult("token", answer) as unknown as [string];
      if (token === followed.token) found.push({ address, block: at });
    } catch {
      // not an EarningRules contract: it has no token() that answers an address
    }
  }
  return found;
}

/** Every event of a newly found rules contract from `from` to `to`, with its blocks. */
export async function historyOf(chain: Chain, address: string, from: number, to: number, followed: Followed): Promise<{ events: RangeEvent[]; blocks: { number: number; hash: string; timestamp: number }[] }> {
  const only: Followed = { ...followed, contracts: new Map<string, ContractKind>([[address, "rules"]]) };
  const events: RangeEvent[] = [];
  const blocks = new Map<number, { number: number; hash: string; timestamp: number }>();
  for (let start = from; start <= to; ) {
    const { logs, end } = await chain.logs([address], start, to);
    const missing = logs.filter((l) => l.blockTimestamp === undefined).map((l) => Number(l.blockNumber));
    const headers = await chain.headers(missing);
    const times = new Map<number, number>();
    for (const [n, h] of headers) times.set(n, h.timestamp);
    for (const l of logs) {
      const n = Number(l.blockNumber);
      const time = l.blockTimestamp !== undefined ? Number(l.blockTimestamp) : times.get(n)!;
      times.set(n, time);
      blocks.set(n, { number: n, hash: l.blockHash, timestamp: time });
    }
    events.push(...decodeLogs(logs, only, times));
    start = end + 1;
  }
  return { events, blocks: [...blocks.values()] };
}
