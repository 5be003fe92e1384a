import type { Page } from "playwright-core";
import { JsonRpcProvider, getBytes, toBeHex, toUtf8String, type HDNodeWallet, type TransactionRequest, type TypedDataDomain, type TypedDataField } from "ethers";
import { testAccount } from "../../src/cli/testAccounts.js";

/** The page side: an EIP-1193 provider that forwards to Node, announced by EIP-6963. */
const IN_PAGE_PROVIDER = `
(() => {
  const listeners = new Map();
  const provider = {
    async request(args) {
      const answer = await window.__testWalletRequest(JSON.stringify(args));
      if (answer.error !== undefined) throw Object.assign(new Error(answer.error.message), answer.error);
      return answer.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  // The test's side raises EIP-1193 events through this (accountsChanged, chainChanged).
  window.__testWalletEmit = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
    return (listeners.get(event) ?? new Set()).size;
  };
  const info = Object.freeze({
    uuid: "5e2b9c1e-0000-4000-8000-000000000001",
    name: "Test Wallet",
    icon: "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
    rdns: "test.points.wallet",
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();
`;

/**
 * A test wallet for the browser: an EIP-1193 provider injected into the page and announced by
 * EIP-6963, whose requests run here in Node. It signs with a local test key against the real chain,
 * and can be told to reject the next request (4001) or to start on another chain that does not
 * know ours (so the page must switch, get 4902, and add it). Like a real wallet it emits
 * accountsChanged and chainChanged (switchAccount, switchChain), and it counts what it was asked.
 */
export class TestWallet {
  signer: HDNodeWallet;
  /** How many times each method was asked (e.g. eth_sendTransaction: one per click that sends). */
  readonly calls = new Map<string, number>();
  private page: Page | undefined;
  chainId: number;
  readonly knownChains: Set<number>;
  readonly added: unknown[] = [];
  readonly watched: unknown[] = [];
  /** The texts it signed with personal_sign (Sign-In with Ethereum messages). */
  readonly signed: string[] = [];
  rejectNext = false;

  constructor(
    readonly provider: JsonRpcProvider,
    account: number,
    options: { startChainId: number; knownChains: number[] },
  ) {
    this.signer = testAccount(account).connect(provider);
    this.chainId = options.startChainId;
    this.knownChains = new Set(options.knownChains);
  }

  /** Injects the provider into `page` (before any script of the page runs). */
  async install(page: Page): Promise<void> {
    this.page = page;
    await page.exposeFunction("__testWalletRequest", (json: string) => this.handle(JSON.parse(json) as { method: string; params?: unknown }));
    // A string, not a function: the test runner's transpiler adds helpers that the page lacks.
    await page.addInitScript(IN_PAGE_PROVIDER);
  }

  /** Raises an EIP-1193 event in the page; resolves to how many listeners heard it. */
  async emit(event: "accountsChanged" | "chainChanged", payload: unknown): Promise<number> {
    if (this.page === undefined) throw new Error("install the wallet in a page first");
    return this.page.evaluate(([e, p]) => (window as unknown as { __testWalletEmit: (e: unknown, p: unknown) => number }).__testWalletEmit(e, p), [event, payload] as const);
  }

  /** The owner picks another account in the wallet (accountsChanged). */
  async switchAccount(account: number): Promise<number> {
    this.signer = testAccount(account).connect(this.provider);
    return this.emit("accountsChanged", [this.signer.address]);
  }

  /** The owner moves the wallet to another chain (chainChanged). */
  async switchChain(chainId: number): Promise<number> {
    this.chainId = chainId;
    return this.emit("chainChanged", toBeHex(chainId));
  }

  private async handle({ method, params }: { method: string; params?: unknown }): Promise<{ result?: unknown; error?: { code: number; message: string; data?: string } }> {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const list = (Array.isArray(params) ? params : [params]) as Record<string, unknown>[];
    if (this.rejectNext && ["eth_sendTransaction", "eth_requestAccounts", "eth_signTypedData_v4", "personal_sign"].includes(method)) {
      this.rejectNext = false;
      return { error: { code: 4001, message: "User rejected the request." } };
    }
    try {
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return { result: [this.signer.address] };
        case "eth_chainId":
          return { result: toBeHex(this.chainId) };
        case "net_version":
          return { result: String(this.chainId) };
        case "wallet_switchEthereumChain": {
          const target = Number(list[0]?.chainId);
          if (!this.knownChains.has(target)) return { error: { code: 4902, message: "Unrecognized chain ID. Try adding the chain." } };
          const moved = this.chainId !== target;
          this.chainId = target;
          // As a wallet does: the page hears chainChanged after the switch (not inside this request).
          if (moved && this.page !== undefined) setTimeout(() => void this.emit("chainChanged", toBeHex(target)).catch(() => undefined), 0);
          return { result: null };
        }
        case "wallet_addEthereumChain":
          this.added.push(list[0]);
          this.knownChains.add(Number(list[0]?.chainId));
          return { result: null };
        case "wallet_watchAsset":
          this.watched.push(params);
          return { result: true };
        case "eth_signTypedData_v4": {
          // MetaMask's form: [address, JSON of {domain, types (with EIP712Domain), primaryType, message}].
          const typed = JSON.parse(String(params === undefined ? "" : (params as unknown[])[1])) as {
            domain: TypedDataDomain;
            types: Record<string, TypedDataField[]>;
            message: Record<string, unknown>;
          };
          const { EIP712Domain: _domainType, ...types } = typed.types;
          return { result: await this.signer.signTypedData(typed.domain, types, typed.message) };
        }
        case "personal_sign": {
          // [message as hex, address]: an EIP-191 signature, as MetaMask makes for Sign-In with Ethereum.
          this.signed.push(toUtf8String(String((params as unknown[])[0])));
          return { result: await this.signer.signMessage(getBytes(String((params as unknown[])[0]))) };
        }
        case "eth_sendTransaction": {
          const tx = list[0] as { to?: string; data?: string; value?: string; gas?: string };
          const request: TransactionRequest = { to: tx.to, data: tx.data, value: tx.value === undefined ? undefined : BigInt(tx.value) };
          const sent = await this.signer.sendTransaction(request);
          return { result: sent.hash };
        }
        default:
          if (this.chainId !== Number((await this.provider.getNetwork()).chainId)) {
            return { error: { code: 4901, message: "The wallet is on another chain" } };
          }
          return { result: await this.provider.send(method, (params as unknown[]) ?? []) };
      }
    } catch (error) {
      // Pass a revert on as a wallet would: code 3 and the revert data.
      const e = error as { info?: { error?: { code?: number; message?: string; data?: string } }; data?: string; message?: string };
      const inner = e.info?.error;
      return { error: { code: inner?.code ?? 3, message: inner?.message ?? e.message ?? "execution reverted", data: inner?.data ?? e.data } };
    }
  }
}
