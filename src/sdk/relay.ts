import { Interface, type Provider, type Signer, type TransactionReceipt, type TypedDataField, getAddress } from "ethers";
import { EarningRules__factory, PointsForwarder__factory, PointsMall__factory, PointsToken__factory } from "./contracts.js";
import { eip712DomainOf } from "./eip712.js";
import { PointsError, RelayError } from "./errors.js";
import { jsonWithBigints } from "./json.js";
import { toPointsError } from "./reverts.js";

export { RelayError };

/**
 * Gasless use (ERC-2771): a customer signs a ForwardRequest (EIP-712, the forwarder's domain: its
 * name, chain id and address) and a relayer (`points relay`) submits it to PointsForwarder and pays
 * the gas. The token and the mall then act for the customer (EarningRules' claimPurchase pays the
 * voucher's customer). This module is the customer's side; the relayer's is src/relay/. Both read the list of relayable functions from here.
 */

/** The functions a relayer forwards: what customers do. Role holders send their own transactions. */
export const RELAYED_FUNCTIONS = {
  token: ["transfer", "approve", "transferFrom", "claim"],
  mall: ["redeem", "redeemCart"],
  /** A merchant's EarningRules: a customer with no coin claims a purchase voucher. */
  rules: ["claimPurchase", "release"],
} as const satisfies Record<string, readonly string[]>;

export type RelayedTarget = keyof typeof RELAYED_FUNCTIONS;

const interfaces: Record<RelayedTarget, Interface> = {
  token: new Interface(PointsToken__factory.abi),
  mall: new Interface(PointsMall__factory.abi),
  rules: new Interface(EarningRules__factory.abi),
};

/** Selector → "token.transfer" etc., for every relayable function. */
export const RELAYED_SELECTORS: ReadonlyMap<string, { target: RelayedTarget; name: string }> = new Map(
  (Object.keys(RELAYED_FUNCTIONS) as RelayedTarget[]).flatMap((target) =>
    RELAYED_FUNCTIONS[target].map((name) => [interfaces[target].getFunction(name)!.selector, { target, name }] as const),
  ),
);

/** ERC2771Forwarder's request type, as the customer's wallet signs it. */
export const FORWARD_REQUEST_TYPES: Record<string, TypedDataField[]> = {
  ForwardRequest: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "gas", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint48" },
    { name: "data", type: "bytes" },
  ],
};

/** A signed request as PointsForwarder.execute takes it (and as it travels to the relay, in JSON). */
export interface ForwardRequest {
  from: string;
  to: string;
  value: bigint;
  gas: bigint;
  deadline: bigint;
  data: string;
  signature: string;
}

/** What a relay says about itself (GET /). */
export interface RelayInfo {
  chainId: bigint;
  forwarder: string;
  relayer: string;
  /** The contracts it forwards to: the deployment's token and mall, and EarningRules contracts. */
  targets: { token: string; mall: string; rules: string[] };
  functions: string[];
  rateLimit: { requests: number; windowSeconds: number };
  spendCap: { wei: bigint; windowSeconds: number };
}

/** How a client uses a relay: "always" for every relayable call, "auto" when the signer cannot pay. */
export interface RelayOptions {
  url: string;
  mode?: "auto" | "always";
}

/** How long a signed request stays valid: long enough for a slow wallet, short enough to expire. */
export const REQUEST_LIFETIME_SECONDS = 600n;

const infoCache = new Map<string, Promise<RelayInfo>>();

/** The relay's description; cached per URL. */
export function relayInfo(url: string): Promise<RelayInfo> {
  let cached = infoCache.get(url);
  if (cached === undefined) {
    cached = fetchJson(url, "/").then(parseInfo);
    cached.catch(() => infoCache.delete(url));
    infoCache.set(url, cached);
  }
  return cached;
}

function parseInfo(body: Record<string, unknown>): RelayInfo {
  const info = body as {
    chainId: string; forwarder: string; relayer: string; targets: { token: string; mall: string; rules?: string[] }; functions: string[];
    rateLimit: { requests: number; windowSeconds: number }; spendCap: { wei: string; windowSeconds: number };
  };
  return {
    ...info,
    chainId: BigInt(info.chainId),
    forwarder: getAddress(info.forwarder),
    targets: { token: getAddress(info.targets.token), mall: getAddress(info.targets.mall), rules: (info.targets.rules ?? []).map((r) => getAddress(r)) },
    spendCap: { wei: BigInt(info.spendCap.wei), windowSeconds: info.spendCap.windowSeconds },
  };
}

async function fetchJson(url: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(new URL(route, url.endsWith("/") ? url : `${url}/`), {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : jsonWithBigints(body),
    });
  } catch (error) {
    throw new RelayError(0, `the relay at ${url} did not answer`, "check the relay URL and that `points relay` is running", { cause: error });
  }
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new RelayError(response.status, `the relay at ${url} answered ${response.status} with no JSON`, "check the URL: is it a points relay?", { cause: error });
  }
  if (!response.ok) {
    const retry = Number(response.headers.get("retry-after") ?? NaN);
    throw new RelayError(
      response.status,
      typeof parsed.error === "string" ? parsed.error : `the relay answered ${response.status}`,
      typeof parsed.hint === "string" ? parsed.hint : undefined,
      Number.isFinite(retry) ? { retryAfter: retry } : {},
    );
  }
  return parsed;
}

/** The kind of contract `to` is among a relay's targets, if the relay serves it. */
export function relayTarget(info: RelayInfo, to: string): RelayedTarget | undefined {
  const address = getAddress(to);
  if (address === info.targets.token) return "token";
  if (address === info.targets.mall) return "mall";
  return info.targets.rules.includes(address) ? "rules" : undefined;
}

/** Whether a call's data is one a relay forwards. */
export function isRelayable(data: string): boolean {
  return RELAYED_SELECTORS.has(data.slice(0, 10).toLowerCase());
}

/**
 * Simulates `data` on `to` exactly as the forwarder would call it (from the forwarder, with
 * `from` appended) and returns the gas the call needs. One gas estimate is the simulation: a call
 * that would revert throws its custom error, typed, before anything is signed or sent.
 */
export async function simulateForwarded(
  provider: Provider,
  request: { forwarder: string; from: string; to: string; data: string },
): Promise<bigint> {
  try {
    return await provider.estimateGas({
      from: request.forwarder,
      to: request.to,
      data: request.data + request.from.slice(2).toLowerCase(),
    });
  } catch (error) {
    throw toPointsError(error);
  }
}

/** The most a unit of gas may cost now: what a sender must be able to pay, and a relayer reserves. */
export async function maxPricePerGas(provider: Provider): Promise<bigint> {
  const fees = await provider.getFeeData();
  return fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
}

function providerOf(signer: Signer): Provider {
  if (signer.provider === null) throw new PointsError("the signer has no provider", "connect the signer to a provider first");
  return signer.provider;
}

/** Builds and signs a ForwardRequest for `data` on `to`: nonce from the forwarder, a deadline, gas. */
export async function signForwardRequest(
  signer: Signer,
  input: { forwarder: string; to: string; data: string; gas?: bigint },
): Promise<ForwardRequest> {
  const provider = providerOf(signer);
  const from = getAddress(await signer.getAddress());
  const forwarder = PointsForwarder__factory.connect(input.forwarder, provider);
  const gas = input.gas ?? (await simulateForwarded(provider, { forwarder: input.forwarder, from, to: input.to, data: input.data }));
  const [nonce, domain, latest] = await Promise.all([forwarder.nonces(from), eip712DomainOf(forwarder), provider.getBlock("latest")]);
  // The chain's clock may run ahead of this machine's (a test chain) or behind it (an idle one).
  const now = BigInt(Math.max(Math.floor(Date.now() / 1000), latest?.timestamp ?? 0));
  const message = { from, to: getAddress(input.to), value: 0n, gas, nonce, deadline: now + REQUEST_LIFETIME_SECONDS, data: input.data };
  let signature: string;
  try {
    signature = await signer.signTypedData(domain, FORWARD_REQUEST_TYPES, message);
  } catch (error) {
    throw toPointsError(error);
  }
  return { from, to: message.to, value: 0n, gas, deadline: message.deadline, data: input.data, signature };
}

/** Hands a signed request to the relay and waits for its transaction's receipt. */
export async function submitToRelay(url: string, provider: Provider, request: ForwardRequest): Promise<TransactionReceipt> {
  const answer = await fetchJson(url, "/forward", { request });
  const hash = String(answer.hash);
  const receipt = await provider.waitForTransaction(hash, 1, 120_000);
  if (receipt === null) throw new RelayError(504, `the relayed transaction ${hash} did not land in 2 minutes`, "check it later by its hash");
  if (receipt.status !== 1) throw new RelayError(502, `the relayed transaction ${hash} reverted`, "check your balance and try again");
  return receipt;
}

/**
 * Sends `data` to `to` through the relay at `url` for `signer`: checks that the relay serves this
 * chain and that the target trusts the relay's forwarder, simulates, signs, submits, waits.
 */
export async function sendRelayed(
  signer: Signer,
  url: string,
  call: { to: string; data: string },
): Promise<TransactionReceipt> {
  const provider = providerOf(signer);
  const [info, network] = await Promise.all([relayInfo(url), provider.getNetwork()]);
  if (info.chainId !== network.chainId) {
    throw new RelayError(0, `the relay serves chain ${info.chainId}, the wallet is on chain ${network.chainId}`, "use the relay of this chain");
  }
  const kind = relayTarget(info, call.to);
  if (kind === undefined || RELAYED_SELECTORS.get(call.data.slice(0, 10).toLowerCase())?.target !== kind) {
    throw new RelayError(0, `the relay at ${url} does not forward this call to ${call.to}`, `it forwards ${info.functions.join(", ")}`);
  }
  const target = PointsToken__factory.connect(call.to, provider);
  if (!(await target.isTrustedForwarder(info.forwarder).catch(() => false))) {
    throw new RelayError(0, `${call.to} does not trust the relay's forwarder ${info.forwarder}`, "use the relay of this deployment");
  }
  const request = await signForwardRequest(signer, { forwarder: info.forwarder, ...call });
  return submitToRelay(url, provider, request);
}
