/**
 * What the relay forwards and for whom: a request goes to this deployment's token or mall, calls a
 * customer's function (src/sdk/relay.ts lists them), carries no coin, verifies, stays within its
 * signer's rate limit and spend cap, and would not revert; then the relayer's key sends it.
 */
import { getAddress, type Provider, type Signer } from "ethers";
import { PointsForwarder__factory } from "../../types/ethers-contracts/index.js";
import {
  ContractRevertError,
  PointsError,
  RELAYED_SELECTORS,
  RelayRefusal,
  maxPricePerGas,
  simulateForwarded,
  toPointsError,
  type ForwardRequest,
} from "../sdk/index.js";
import { memoryLimitStores, type LimitStores } from "./limits.js";

export interface RelayConfig {
  /** The relayer's key, connected to the chain; it pays the gas and needs no role. */
  signer: Signer;
  forwarder: string;
  token: string;
  mall: string;
  /** At most `requests` verified requests per signer in any `windowSeconds`. */
  rateLimit: { requests: number; windowSeconds: number };
  /** At most `wei` of the relayer's native coin spent for one signer in any `windowSeconds`. */
  spendCap: { wei: bigint; windowSeconds: number };
  /** Where the limits are kept; default: this process's memory. */
  stores?: LimitStores;
  /** Web origins whose pages may call the relay (CORS); none by default. */
  allowOrigins?: string[];
  /** Where a line per request goes; default stdout. */
  log?: (line: string) => void;
}

/** The most gas a request may ask its call to get: a redemption needs about 90,000. */
export const MAX_REQUEST_GAS = 1_000_000n;

/** What the relay did with a request it accepted. */
export interface Relayed {
  hash: string;
  blockNumber: number | undefined;
  gasUsed: bigint | undefined;
  fee: bigint;
  function: string;
}

/** Serializes sends from the relayer's key, so each gets the next nonce. */
function mutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

export interface Policy {
  forward(request: ForwardRequest): Promise<Relayed>;
  info(): Promise<Record<string, unknown>>;
}

export function createPolicy(config: RelayConfig): Policy {
  const provider: Provider = config.signer.provider ?? (() => {
    throw new PointsError("the relayer's signer has no provider", "connect it to the chain");
  })();
  const forwarder = PointsForwarder__factory.connect(config.forwarder, config.signer);
  const targets = new Map([
    [getAddress(config.token), "token"],
    [getAddress(config.mall), "mall"],
  ] as const);
  const { requests, spending } = config.stores ?? memoryLimitStores(config.rateLimit, config.spendCap);
  const exclusive = mutex();
  const allowed = [...RELAYED_SELECTORS.values()].map((f) => `${f.target}.${f.name}`);

  async function info() {
    const [network, relayer] = await Promise.all([provider.getNetwork(), config.signer.getAddress()]);
    return {
      chainId: network.chainId,
      forwarder: config.forwarder,
      relayer,
      targets: { token: config.token, mall: config.mall },
      functions: allowed,
      rateLimit: config.rateLimit,
      spendCap: config.spendCap,
    };
  }

  /** The forwarder's own verdict on a request that did not verify, as a custom error. */
  async function whyInvalid(request: ForwardRequest): Promise<RelayRefusal> {
    try {
      await forwarder.execute.staticCall(request);
    } catch (error) {
      const e = toPointsError(error);
      if (e instanceof ContractRevertError) return new RelayRefusal(400, e.message, e.hint, { cause: e });
    }
    return new RelayRefusal(400, "the request does not verify", "sign it again");
  }

  async function forward(request: ForwardRequest): Promise<Relayed> {
    const now = Date.now();
    if (request.value !== 0n) throw new RelayRefusal(403, "the relay forwards no native coin (value must be 0)");
    const kind = targets.get(request.to);
    const fn = RELAYED_SELECTORS.get(request.data.slice(0, 10).toLowerCase());
    if (kind === undefined) {
      throw new RelayRefusal(403, `${request.to} is not this deployment's token or mall`, `this relay forwards to ${config.token} and ${config.mall}`);
    }
    if (fn === undefined || fn.target !== kind) {
      throw new RelayRefusal(403, `the relay does not forward this function (selector ${request.data.slice(0, 10)}) to the ${kind}`, `it forwards ${allowed.join(", ")}`);
    }
    if (request.gas > MAX_REQUEST_GAS) throw new RelayRefusal(400, `request.gas ${request.gas} is above the relay's limit of ${MAX_REQUEST_GAS}`);
    // The signature first: nothing below may be charged to an address whose key did not sign.
    if (!(await forwarder.verify(request))) throw await whyInvalid(request);

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

    // The call as the forwarder will make it: a revert is named here and nothing is sent.
    try {
      await simulateForwarded(provider, { forwarder: config.forwarder, from: request.from, to: request.to, data: request.data });
    } catch (error) {
      const e = toPointsError(error);
      throw new RelayRefusal(422, e.message, e.hint, { cause: e });
    }
    let gasLimit: bigint;
    try {
      gasLimit = await forwarder.execute.estimateGas(request);
    } catch {
      throw await whyInvalid(request);
    }
    const fee = gasLimit * (await maxPricePerGas(provider));
    const reserved = await spending.take(request.from, fee, now);
    if (!reserved.taken) {
      const wait = reserved.retryAfter ?? config.spendCap.windowSeconds;
      throw new RelayRefusal(
        429,
        `${request.from} has used ${reserved.total} of its ${config.spendCap.wei} wei of relayed gas in the last ${config.spendCap.windowSeconds} s; this call needs up to ${fee}`,
        `try again in ${wait} s, or pay the gas from the wallet`,
        { retryAfter: wait },
      );
    }
    const relayer = await config.signer.getAddress();
    if ((await provider.getBalance(relayer)) < fee) {
      await spending.settle(reserved.entry, 0n);
      throw new RelayRefusal(503, `the relayer ${relayer} has too little native coin to pay for this call`, "the operator must fund the relayer");
    }
    let tx;
    try {
      tx = await exclusive(async () =>
        forwarder.execute(request, { gasLimit, nonce: await provider.getTransactionCount(relayer, "pending") }),
      );
    } catch (error) {
      await spending.settle(reserved.entry, 0n);
      const e = toPointsError(error);
      throw new RelayRefusal(502, `the relayer could not send: ${e.message}`, e.hint, { cause: e });
    }
    const receipt = await tx.wait();
    const spent = receipt === null ? fee : receipt.gasUsed * receipt.gasPrice;
    await spending.settle(reserved.entry, spent);
    return { hash: tx.hash, blockNumber: receipt?.blockNumber, gasUsed: receipt?.gasUsed, fee: spent, function: `${fn.target}.${fn.name}` };
  }

  return { forward, info };
}
