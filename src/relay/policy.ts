/**
 * What the relay forwards and for whom: a request goes to this deployment's token, mall or one of
 * its rules contracts, calls a customer's function there (src/relay/targets.ts), verifies, stays
 * within its signer's rate limit and spend cap, and would not revert; then the relayer's key sends it.
 *
 * Per signer, all of that and the send happen in one critical section (src/relay/inflight.ts): a
 * second request of the same signer meanwhile is refused with 429 and Retry-After 1. The spend cap
 * holds the most the call can cost while it is in flight, then what its receipt says it cost,
 * reverted or not; without a receipt it keeps the most.
 */
import type { Signer } from "ethers";
import { PointsForwarder__factory } from "../../types/ethers-contracts/index.js";
import { ContractRevertError, NetworkError, RelayRefusal, simulateForwarded, toPointsError, type ForwardRequest } from "../sdk/index.js";
import { signerSlots, type Slot } from "./inflight.js";
import { memoryLimitStores, type Entry, type LimitStores } from "./limits.js";
import { createSender, type Broadcast, type Settled } from "./sender.js";
import { FORWARDED, allowedCall, checkedTargets } from "./targets.js";

export interface RelayConfig {
  /** The relayer's key, connected to the chain; it pays the gas and needs no role. It must sign
   *  transactions itself (a keystore or a private key, not an account the node holds). */
  signer: Signer;
  forwarder: string;
  token: string;
  mall: string;
  /** EarningRules contracts of this deployment whose customer functions it forwards (claimPurchase);
   *  each is checked at start. */
  rules?: string[];
  /** At most `requests` verified requests per signer in any `windowSeconds`. */
  rateLimit: { requests: number; windowSeconds: number };
  /** At most `wei` of the relayer's native coin spent for one signer in any `windowSeconds`. */
  spendCap: { wei: bigint; windowSeconds: number };
  /** Where the limits are kept; default: this process's memory. */
  stores?: LimitStores;
  /** How long a request waits for its receipt before the relay answers 202 (default 60 s); the
   *  relay follows the transaction after that, and its signer's slot stays taken until it lands. */
  receiptTimeoutSeconds?: number;
  /** How often the relay asks the node for a receipt (default 1,000 ms). */
  pollIntervalMs?: number;
  /** Web origins whose pages may call the relay (CORS); none by default. */
  allowOrigins?: string[];
  /** Where a line per request goes; default stdout. */
  log?: (line: string) => void;
}

/** A request's transaction that has a receipt: what it cost, which its signer is charged. */
interface Mined {
  hash: string;
  blockNumber: number;
  gasUsed: bigint;
  fee: bigint;
  function: string;
}

/** What became of a request the relay sent: mined, reverted on chain (and charged), or no receipt yet. */
export type Outcome =
  | ({ kind: "mined" } & Mined)
  | ({ kind: "reverted"; why: RelayRefusal } & Mined)
  | { kind: "pending"; hash: string; reserved: bigint; function: string };

export interface Policy {
  forward(request: ForwardRequest): Promise<Outcome>;
  info(): Promise<Record<string, unknown>>;
}

export async function createPolicy(config: RelayConfig): Promise<Policy> {
  const sender = await createSender(config.signer, config.pollIntervalMs ?? 1_000);
  const provider = config.signer.provider!;
  const forwarder = PointsForwarder__factory.connect(config.forwarder, config.signer);
  const targets = await checkedTargets(provider, config, config.rules ?? []);
  const allowed = allowedCall(targets);
  const { requests, spending } = config.stores ?? memoryLimitStores(config.rateLimit, config.spendCap);
  const slots = signerSlots();
  const timeoutMs = (config.receiptTimeoutSeconds ?? 60) * 1000;
  const log = config.log ?? ((line: string) => console.log(line));

  async function info() {
    const network = await provider.getNetwork();
    return {
      chainId: network.chainId,
      forwarder: config.forwarder,
      relayer: sender.address,
      targets,
      functions: FORWARDED,
      rateLimit: config.rateLimit,
      spendCap: config.spendCap,
    };
  }

  /** Refuses a request that does not verify now (signature, deadline, an unspent nonce), naming the forwarder's error. */
  async function verified(request: ForwardRequest): Promise<void> {
    if (await forwarder.verify(request)) return;
    try {
      await forwarder.execute.staticCall(request);
    } catch (error) {
      const e = toPointsError(error);
      if (e instanceof ContractRevertError) throw new RelayRefusal(400, e.message, e.hint, { cause: e });
    }
    throw new RelayRefusal(400, "the request does not verify", "sign it again");
  }

  /** The call as the forwarder will make it: a revert is named here, and nothing is sent. */
  async function simulated(request: ForwardRequest): Promise<void> {
    try {
      await simulateForwarded(provider, { forwarder: config.forwarder, from: request.from, to: request.to, data: request.data });
    } catch (error) {
      const e = toPointsError(error);
      if (e instanceof NetworkError) throw new RelayRefusal(502, e.message, e.hint, { cause: e });
      throw new RelayRefusal(422, e.message, e.hint, { cause: e });
    }
  }

  /** Why a sent request reverted, asked of the chain as it is now. */
  async function whyReverted(request: ForwardRequest, hash: string): Promise<RelayRefusal> {
    const said = "the chain changed after the relay checked the request";
    try {
      await verified(request);
      await simulated(request);
    } catch (error) {
      if (error instanceof RelayRefusal) return new RelayRefusal(422, `transaction ${hash} reverted on chain: ${error.message}`, error.hint, { cause: error.cause });
    }
    return new RelayRefusal(422, `transaction ${hash} reverted on chain (${said})`, "check the call and sign it again");
  }

  /** Inside the signer's slot: verify, count, simulate, reserve, send. */
  async function send(request: ForwardRequest, fn: string, slot: Slot): Promise<{ sent: Broadcast; entry: Entry; reserved: bigint }> {
    const now = Date.now();
    await verified(request); // again: the nonce may have been spent while this request waited
    const counted = await requests.take(request.from, 1n, now);
    if (!counted.taken) {
      const wait = counted.retryAfter ?? config.rateLimit.windowSeconds;
      throw new RelayRefusal(
        429,
        `${request.from} sent ${counted.total} requests in the last ${config.rateLimit.windowSeconds} s, the most this relay takes`,
        `try again in ${wait} s`,
        { retryAfter: wait },
      );
    }
    await simulated(request);
    let gasLimit: bigint;
    try {
      gasLimit = await forwarder.execute.estimateGas(request);
    } catch {
      await verified(request);
      throw new RelayRefusal(422, "the forwarder would refuse this request", "sign it again");
    }
    const price = await sender.price();
    const reserved = gasLimit * price.maxPerGas;
    const taken = await spending.take(request.from, reserved, now);
    if (!taken.taken) {
      const wait = taken.retryAfter;
      throw new RelayRefusal(
        429,
        `${request.from} has used ${taken.total} of its ${config.spendCap.wei} wei of relayed gas in the last ${config.spendCap.windowSeconds} s; this call needs up to ${reserved}`,
        wait === undefined ? "pay the gas from the wallet" : `try again in ${wait} s, or pay the gas from the wallet`,
        wait === undefined ? {} : { retryAfter: wait },
      );
    }
    try {
      if ((await provider.getBalance(sender.address)) < reserved) {
        throw new RelayRefusal(503, `the relayer ${sender.address} has too little native coin to pay for this call`, "the operator must fund the relayer");
      }
      const data = forwarder.interface.encodeFunctionData("execute", [request]);
      const sent = await sender.broadcast({ to: config.forwarder, data, gasLimit }, price);
      slot.hash = sent.hash;
      log(`sent ${fn} for ${request.from}: tx ${sent.hash}, up to ${reserved} wei reserved`);
      return { sent, entry: taken.entry, reserved };
    } catch (error) {
      await spending.settle(taken.entry, 0n); // nothing went out
      throw error;
    }
  }

  /** Charges the signer what the transaction cost: the receipt's gas, or nothing if it never ran. */
  async function charge(settled: Settled, entry: Entry, request: ForwardRequest): Promise<void> {
    if (settled.kind === "waiting") return; // the reservation stays
    await spending.settle(entry, settled.kind === "receipt" ? settled.fee : 0n);
    log(settled.kind === "receipt" ? `charged ${request.from} ${settled.fee} wei for tx ${settled.receipt.hash}` : `a transaction for ${request.from} was replaced: nothing charged`);
  }

  async function forward(request: ForwardRequest): Promise<Outcome> {
    const fn = allowed(request);
    // Checked before the slot, so that a request its signer did not sign cannot hold the slot.
    await verified(request);
    const taken = slots.take(request.from);
    if ("busy" in taken) {
      const what = taken.busy.hash === undefined ? "is being checked" : `went out in ${taken.busy.hash}, which has no receipt yet`;
      throw new RelayRefusal(
        429,
        `another request of ${request.from} ${what}; the relay takes one request per address at a time`,
        "wait for it to finish, then send the next",
        { retryAfter: 1 },
      );
    }
    const slot = taken.slot;
    let following = false;
    try {
      const { sent, entry, reserved } = await send(request, fn, slot);
      const settled = await sender.settle(sent, Date.now() + timeoutMs);
      await charge(settled, entry, request);
      if (settled.kind === "waiting") {
        // The slot stays taken until the transaction lands or its nonce goes to another.
        following = true;
        void sender
          .settle(sent, Number.POSITIVE_INFINITY)
          .then((late) => {
            slot.release();
            return charge(late, entry, request);
          })
          .catch((error: unknown) => log(`following ${sent.hash} failed: ${toPointsError(error).message}`))
          .finally(() => slot.release());
        return { kind: "pending", hash: sent.hash, reserved, function: fn };
      }
      if (settled.kind === "replaced") {
        throw new RelayRefusal(502, `the relayer's transaction ${sent.hash} was replaced before it ran`, "sign the request again");
      }
      const { receipt, fee } = settled;
      const mined: Mined = { hash: sent.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, fee, function: fn };
      if (receipt.status === 1) return { kind: "mined", ...mined };
      return { kind: "reverted", ...mined, why: await whyReverted(request, sent.hash) };
    } finally {
      if (!following) slot.release();
    }
  }

  return { forward, info };
}
