import { BrowserProvider, JsonRpcProvider, type Provider } from "ethers";
import { connectPoints, type PointsClient } from "../../../src/sdk/index.js";
import type { SystemConfig } from "../config.js";
import type { Eip1193Provider } from "./extension.js";
import type { UnlockedWallet } from "./keystore.js";

const addresses = (config: SystemConfig) => ({ token: config.token, mall: config.mall, fromBlock: config.fromBlock });

/** The page's own connection to the chain: every read goes through it, whatever the wallet does. */
export function readProvider(config: SystemConfig): JsonRpcProvider {
  return new JsonRpcProvider(config.rpcUrl, config.chainId, { staticNetwork: true });
}

export function readerClient(config: SystemConfig, provider: Provider): PointsClient {
  return connectPoints(provider, addresses(config));
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
