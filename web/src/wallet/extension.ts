/** Finding the shopper's extension wallet (EIP-6963, else window.ethereum) and putting it on our chain. */
import { PointsError } from "../../../src/sdk/index.js";
import type { SystemConfig } from "../config.js";

export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
  /** EIP-1193 events: accountsChanged (string[]) and chainChanged (hex chain id). */
  on?(event: string, listener: (payload: unknown) => void): void;
  removeListener?(event: string, listener: (payload: unknown) => void): void;
}

export interface WalletInfo {
  name: string;
  rdns: string;
  icon: string;
  provider: Eip1193Provider;
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
}

/** The wallets that announce themselves (EIP-6963), or the injected one, after a short wait. */
export async function discoverWallets(waitMs = 400): Promise<WalletInfo[]> {
  const found = new Map<string, WalletInfo>();
  const onAnnounce = (event: Event) => {
    const detail = (event as CustomEvent<{ info: { name: string; rdns: string; icon: string }; provider: Eip1193Provider }>).detail;
    found.set(detail.info.rdns, { ...detail.info, provider: detail.provider });
  };
  window.addEventListener("eip6963:announceProvider", onAnnounce);
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  await new Promise((r) => setTimeout(r, waitMs));
  window.removeEventListener("eip6963:announceProvider", onAnnounce);
  if (found.size === 0 && window.ethereum !== undefined) {
    found.set("injected", { name: "Browser wallet", rdns: "injected", icon: "", provider: window.ethereum });
  }
  return [...found.values()];
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** The wallet answered with no account (locked, or the shopper allowed none). */
export class NoAccountError extends PointsError {
  constructor() {
    super("the wallet gave no account", "unlock the wallet and allow this site one account");
    this.name = "NoAccountError";
  }
}

/** The accounts the wallet already allows this site, without asking (empty when none). */
export async function allowedAccounts(provider: Eip1193Provider): Promise<string[]> {
  const accounts = await provider.request({ method: "eth_accounts" });
  return Array.isArray(accounts) ? accounts.filter((a): a is string => typeof a === "string") : [];
}

/** Moves the wallet to the system's chain (after a chainChanged away from it). */
export async function switchChain(provider: Eip1193Provider, config: SystemConfig): Promise<void> {
  await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hex(config.chainId) }] });
}

/** Asks for the account and moves the wallet to the system's chain, adding it if the wallet lacks it. */
export async function connectWallet(provider: Eip1193Provider, config: SystemConfig): Promise<string> {
  const accounts = (await provider.request({ method: "eth_requestAccounts" })) as string[];
  const account = accounts[0];
  if (account === undefined) throw new NoAccountError();
  const current = Number(await provider.request({ method: "eth_chainId" }));
  if (current !== config.chainId) {
    try {
      await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hex(config.chainId) }] });
    } catch (error) {
      if ((error as { code?: number }).code !== 4902) throw error;
      await provider.request({
        method: "wallet_addEthereumChain",
        params: [
          {
            chainId: hex(config.chainId),
            chainName: config.chainId === 31337 ? "Points Mall (local)" : "Points Mall",
            rpcUrls: [config.rpcUrl],
            nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
          },
        ],
      });
      await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hex(config.chainId) }] });
    }
  }
  return account;
}

/** Adds the points token to the wallet's asset list (EIP-747). */
export async function watchToken(provider: Eip1193Provider, config: SystemConfig): Promise<boolean> {
  return (await provider.request({
    method: "wallet_watchAsset",
    params: { type: "ERC20", options: { address: config.token, symbol: config.symbol, decimals: 0 } },
  })) as boolean;
}
