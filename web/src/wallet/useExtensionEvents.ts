import { useEffect, useRef } from "react";
import type { Connection } from "./WalletContext.js";

/**
 * Follows an extension wallet's EIP-1193 events while it is connected: another account chosen in
 * the wallet (accountsChanged; none left means disconnected) or another chain (chainChanged).
 */
export function useExtensionEvents(
  connection: Connection,
  handlers: { onAccounts: (accounts: string[]) => void; onChain: (chainId: number) => void },
): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  const provider = connection.kind === "extension" ? connection.wallet.provider : undefined;

  useEffect(() => {
    if (provider?.on === undefined) return;
    const onAccounts = (payload: unknown) =>
      ref.current.onAccounts(Array.isArray(payload) ? payload.filter((a): a is string => typeof a === "string") : []);
    const onChain = (payload: unknown) => {
      const chainId = Number(payload);
      if (Number.isSafeInteger(chainId)) ref.current.onChain(chainId);
    };
    provider.on("accountsChanged", onAccounts);
    provider.on("chainChanged", onChain);
    return () => {
      provider.removeListener?.("accountsChanged", onAccounts);
      provider.removeListener?.("chainChanged", onChain);
    };
  }, [provider]);
}
