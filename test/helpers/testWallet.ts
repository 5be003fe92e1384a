import type { Page } from "playwright-core";
import { JsonRpcProvider, toBeHex, type HDNodeWallet, type TransactionRequest, type TypedDataDomain, type TypedDataField } from "ethers";
import { testAccount } from "../../src/cli/testAccounts.js";

/** The page side: an EIP-1193 provider that forwards to Node, announced by EIP-6963. */
const IN_PAGE_PROVIDER = `
(() => {
  const provider = {
    async request(args) {
      const answer = await window.__testWalletRequest(JSON.stringify(args));
      if (answer.error !== undefined) throw Object.assign(new Error(answer.error.message), answer.error);
      return answer.result;
    },
    on() {},
    removeListener() {},
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
 * know ours (so the page must switch, get 4902, and add it).
 */
export class TestWallet {
  readonly signer: HDNodeWallet;
  chainId: number;
  readonly knownChains: Set<number>;
  readonly added: unknown[] = [];
  readonly watched: unknown[] = [];
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
    await page.exposeFunction("__testWalletRequest", (json: string) => this.handle(JSON.parse(json) as { method: string; params?: unknown }));
    // A string, not a function: the test runner's transpiler adds helpers that the page lacks.
    await page.addInitScript(IN_PAGE_PROVIDER);
  }

  private async handle({ method, params }: { method: string; params?: unknown }): Promise<{ result?: unknown; error?: { code: number; message: string; data?: string } }> {
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
          this.chainId = target;
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
