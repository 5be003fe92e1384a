import { BrowserProvider, JsonRpcProvider, type Provider } from "ethers";
import { connectIndexer, connectPoints, type PointsClient } from "../../../src/sdk/index.js";
import type { SystemConfig } from "../config.js";
import type { Eip1193Provider } from "./extension.js";
import type { UnlockedWallet } from "./keystore.js";

const addresses = (config: SystemConfig) => ({ token: config.token, mall: config.mall, fromBlock: config.fromBlock });

/** The page's own connection to the chain: every read goes through it, whatever the wallet does. */
export function readProvider(config: SystemConfig): JsonRpcProvider {
  return new JsonRpcProvider(config.rpcUrl, config.chainId, { staticNetwork: true });
}

/**
 * Reads go to the ledger API where the config names one (data/ledger.ts decides per read and falls
 * back to the chain); the SDK's English notes go to the console, the page says it in its language.
 */
export function readerClient(config: SystemConfig, provider: Provider): PointsClient {
  if (config.indexerUrl === undefined) return connectPoints(provider, addresses(config));
  const indexer = { client: connectIndexer(config.indexerUrl, { timeoutMs: 10_000 }), note: (m: string) => console.info(m) };
  return connectPoints(provider, addresses(config), { indexer });
}

/** An extension wallet's client: with a relay, a wallet with no coin for gas still redeems and sends. */
export async function extensionClient(config: SystemConfig, provider: Eip1193Provider, address: string): Promise<PointsClient> {
  const signer = await new BrowserProvider(provider, config.chainId).getSigner(address);
  return connectPoints(signer, addresses(config), config.relayUrl === undefined ? {} : { relay: { url: config.relayUrl, mode: "auto" } });
}

/**
 * An account of this browser: it signs here and everything a customer does goes through the
 * operator's relay, so it never needs gas.
 */
export function localClient(config: SystemConfig, provider: Provider, wallet: UnlockedWallet): PointsClient {
  return connectPoints(wallet.connect(provider), addresses(config), config.relayUrl === undefined ? {} : { relay: { url: config.relayUrl, mode: "always" } });
}
