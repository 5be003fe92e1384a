/**
 * The console's Sign-In with Ethereum session for reading delivery details: kept in memory only
 * (a reload signs in again), one per page, dropped when it expires or the account changes.
 */
import { useCallback, useSyncExternalStore } from "react";
import { signInForDelivery, signOutOfDelivery, type DeliverySession } from "../../../src/sdk/index.js";
import { useWallet } from "../wallet/WalletContext.js";

let current: DeliverySession | undefined;
const listeners = new Set<() => void>();
const set = (next: DeliverySession | undefined) => {
  current = next;
  for (const l of listeners) l();
};
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export interface DeliverySessionValue {
  /** The session of the connected account, while it lasts. */
  session: DeliverySession | undefined;
  signIn: () => Promise<DeliverySession>;
  signOut: () => Promise<void>;
  /** The server refused the session (expired, ended): forget it. */
  forget: () => void;
}

export function useDeliverySession(): DeliverySessionValue {
  const { config, client, account } = useWallet();
  const stored = useSyncExternalStore(subscribe, () => current);
  const session = stored !== undefined && stored.address === account && Date.parse(stored.expiresAt) > Date.now() ? stored : undefined;
  const signIn = useCallback(async () => {
    if (config.indexerUrl === undefined || client?.signer === undefined) throw new Error("no API or no account");
    const next = await signInForDelivery(config.indexerUrl, client.signer, { origin: window.location.origin, chainId: config.chainId });
    set(next);
    return next;
  }, [config, client]);
  const signOut = useCallback(async () => {
    const token = current?.token;
    set(undefined);
    if (token !== undefined && config.indexerUrl !== undefined) await signOutOfDelivery(config.indexerUrl, token).catch(() => undefined);
  }, [config]);
  const forget = useCallback(() => set(undefined), []);
  return { session, signIn, signOut, forget };
}
