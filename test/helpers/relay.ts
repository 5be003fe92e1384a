/** A relay on the in-process chain for tests: the catalog fixture, a relayer key, gasless customers. */
import type { Server } from "node:http";
import { Wallet, type HDNodeWallet, type Signer } from "ethers";
import { memoryLimitStores, startRelay, type LimitStores, type RelayConfig } from "../../src/relay/index.js";
import { connectPoints, jsonWithBigints, signForwardRequest, type ForwardRequest, type PointsClient } from "../../src/sdk/index.js";
import { demoWallet } from "../../scripts/lib/demo.js";
import { catalogFixture, ethers, networkHelpers, type System } from "./system.js";

export interface RelaySetup extends System {
  url: string;
  /** The relay's key: Hardhat account 10 (the fixture's `outsider`), as a local key. */
  relayer: HDNodeWallet;
  /** A customer with 500 points and no native coin at all. */
  customer: HDNodeWallet;
  addresses: { token: string; mall: string };
  forwarderAddress: string;
  /** What the relay counts, per signer. */
  stores: LimitStores;
  lines: string[];
  config: RelayConfig;
}

const servers: Server[] = [];

/** Stops every relay the tests started (mocha: afterEach). */
export function closeRelays(): void {
  for (const server of servers.splice(0)) server.close();
}

/** A customer with `points` points and no native coin. */
export async function gaslessCustomer(s: System, points: bigint): Promise<HDNodeWallet> {
  const customer = Wallet.createRandom().connect(ethers.provider);
  if (points > 0n) await s.token.connect(s.issuer).issue(customer.address, points, ethers.encodeBytes32String(customer.address.slice(0, 20)));
  return customer;
}

/** The catalog fixture (or `fixture`), a gasless customer with 500 points, and a relay run by
 *  account 10; `options` (or a function of the fixture that gives them) change its configuration. */
export async function startTestRelay<S extends System = System>(
  options: Partial<RelayConfig> | ((s: S) => Promise<Partial<RelayConfig>>) = {},
  fixture: () => Promise<S> = catalogFixture as () => Promise<S>,
): Promise<RelaySetup & S> {
  const s = await networkHelpers.loadFixture(fixture);
  const over = typeof options === "function" ? await options(s) : options;
  const customer = await gaslessCustomer(s, 500n);
  const addresses = { token: await s.token.getAddress(), mall: await s.mall.getAddress() };
  const lines: string[] = [];
  const relayer = demoWallet(10).connect(ethers.provider);
  const rateLimit = over.rateLimit ?? { requests: 10, windowSeconds: 60 };
  const spendCap = over.spendCap ?? { wei: 10n ** 17n, windowSeconds: 86_400 };
  const stores = over.stores ?? memoryLimitStores(rateLimit, spendCap);
  const config: RelayConfig = {
    signer: relayer,
    forwarder: await s.forwarder.getAddress(),
    ...addresses,
    rateLimit,
    spendCap,
    stores,
    receiptTimeoutSeconds: 30,
    pollIntervalMs: 20,
    log: (line) => lines.push(line),
    ...over,
  };
  const { url, server } = await startRelay(config, 0);
  servers.push(server);
  return { ...s, url, relayer, customer, addresses, forwarderAddress: config.forwarder, stores, lines, config };
}

export const clientOf = (t: RelaySetup, signer: Signer, mode: "auto" | "always" = "auto"): PointsClient =>
  connectPoints(signer, t.addresses, { relay: { url: t.url, mode } });

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POSTs a body to the relay's /forward as JSON (a string as it is). */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${url}/forward`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : jsonWithBigints(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** Transactions the relayer has sent: unchanged when a refused request sent nothing. */
export const relayerNonce = async (t: RelaySetup, blockTag: "latest" | "pending" = "latest") =>
  ethers.provider.getTransactionCount(t.relayer.address, blockTag);

/** What `promise` was rejected with; undefined if it was not. */
export const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

/** A signed request that transfers `amount` of `signer`'s points to `to`. */
export async function signedTransfer(t: RelaySetup, signer: Signer, to: string, amount: bigint): Promise<ForwardRequest> {
  return signForwardRequest(signer, {
    forwarder: t.forwarderAddress,
    to: t.addresses.token,
    data: t.token.interface.encodeFunctionData("transfer", [to, amount]),
  });
}

/** Runs `work` with automatic mining off (transactions wait in the mempool until `mine`), then turns it on again. */
export async function withoutAutomine<T>(work: () => Promise<T>): Promise<T> {
  await ethers.provider.send("evm_setAutomine", [false]);
  try {
    return await work();
  } finally {
    await ethers.provider.send("evm_setAutomine", [true]);
  }
}

/** Resolves once `check` is true, polling every 10 ms; fails after `ms`. */
export async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
