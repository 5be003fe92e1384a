import { getAddress, type JsonRpcProvider } from "ethers";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { PointsClient } from "../../../src/sdk/index.js";
import type { SystemConfig } from "../config.js";
import { WrongNetworkError } from "../messages.js";
import { extensionClient, localClient, readProvider, readerClient } from "./clients.js";
import { allowedAccounts, connectWallet, discoverWallets, type WalletInfo } from "./extension.js";
import { listAccounts, type StoredAccount, type UnlockedWallet } from "./keystore.js";
import { clearSession, resumeSession, saveSession } from "./session.js";
import { useExtensionEvents } from "./useExtensionEvents.js";
import { useInactivityLock } from "./useInactivityLock.js";

export type Connection =
  | { kind: "none" }
  | { kind: "extension"; wallet: WalletInfo; address: string; chainId: number }
  | { kind: "local"; address: string; name: string };

/** Something the wallet did by itself, said once in the header. */
export type WalletNotice = { kind: "locked"; minutes: number } | { kind: "accountChanged"; address: string } | { kind: "disconnected" };

export interface WalletValue {
  config: SystemConfig;
  provider: JsonRpcProvider;
  /** Reads, whoever is connected. */
  reader: PointsClient;
  /** False until the page knows whether an account resumes (a reload) or not. */
  ready: boolean;
  connection: Connection;
  account: string | undefined;
  /** Signs, for the connected account. */
  client: PointsClient | undefined;
  wallets: WalletInfo[];
  wrongChain: boolean;
  notice: WalletNotice | undefined;
  clearNotice: () => void;
  connectExtension: (wallet: WalletInfo) => Promise<void>;
  logIn: (wallet: UnlockedWallet, account: StoredAccount) => Promise<void>;
  logOut: () => Promise<void>;
  /** Throws WrongNetworkError when an extension wallet sits on another chain. */
  ensureChain: () => Promise<void>;
  /** Asks an extension wallet its chain again (after switching it, for wallets that do not say). */
  refreshChain: () => Promise<void>;
  lockMinutes: number;
  setLockMinutes: (minutes: number) => void;
}

const WalletContext = createContext<WalletValue | undefined>(undefined);
const EXTENSION_KEY = "points.extension";
const LOCK_KEY = "points.lockMinutes";

export function useWallet(): WalletValue {
  const value = useContext(WalletContext);
  if (value === undefined) throw new Error("useWallet outside WalletProvider");
  return value;
}

function storedLockMinutes(config: SystemConfig): number {
  const saved = Number(localStorage.getItem(LOCK_KEY));
  return Number.isInteger(saved) && saved > 0 ? saved : (config.lockMinutes ?? 15);
}

export function WalletProvider({ config, children }: { config: SystemConfig; children: ReactNode }) {
  const provider = useMemo(() => readProvider(config), [config]);
  const reader = useMemo(() => readerClient(config, provider), [config, provider]);
  const [connection, setConnection] = useState<Connection>({ kind: "none" });
  const [client, setClient] = useState<PointsClient>();
  const [wallets, setWallets] = useState<WalletInfo[]>([]);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<WalletNotice>();
  const [lockMinutes, setLockState] = useState(() => storedLockMinutes(config));

  const attachExtension = useCallback(
    async (wallet: WalletInfo, account: string) => {
      const address = getAddress(account);
      const chainId = Number(await wallet.provider.request({ method: "eth_chainId" }));
      const next = await extensionClient(config, wallet.provider, address);
      setClient(next);
      setConnection({ kind: "extension", wallet, address, chainId });
    },
    [config],
  );

  const logOut = useCallback(async () => {
    await clearSession();
    localStorage.removeItem(EXTENSION_KEY);
    setClient(undefined);
    setConnection({ kind: "none" });
  }, []);

  // On load: find the extensions, then resume this tab's account or the extension used last.
  useEffect(() => {
    let alive = true;
    void (async () => {
      const found = await discoverWallets();
      if (!alive) return;
      setWallets(found);
      const local = await resumeSession(storedLockMinutes(config) * 60_000).catch(() => undefined);
      const stored = local === undefined ? undefined : listAccounts().find((a) => a.address === local.address);
      if (local !== undefined && stored !== undefined) {
        setClient(localClient(config, provider, local));
        setConnection({ kind: "local", address: stored.address, name: stored.name });
      } else {
        const wallet = found.find((w) => w.rdns === localStorage.getItem(EXTENSION_KEY));
        const [first] = wallet === undefined ? [] : await allowedAccounts(wallet.provider).catch(() => []);
        if (alive && wallet !== undefined && first !== undefined) await attachExtension(wallet, first).catch(() => undefined);
      }
      if (alive) setReady(true);
    })();
    return () => {
      alive = false;
    };
  }, [config, provider, attachExtension]);

  const connectExtension = useCallback(
    async (wallet: WalletInfo) => {
      const address = await connectWallet(wallet.provider, config);
      await clearSession();
      await attachExtension(wallet, address);
      localStorage.setItem(EXTENSION_KEY, wallet.rdns);
    },
    [config, attachExtension],
  );

  const logIn = useCallback(
    async (wallet: UnlockedWallet, account: StoredAccount) => {
      localStorage.removeItem(EXTENSION_KEY);
      await saveSession(wallet);
      setClient(localClient(config, provider, wallet));
      setConnection({ kind: "local", address: account.address, name: account.name });
    },
    [config, provider],
  );

  useExtensionEvents(connection, {
    onAccounts: (accounts) => {
      if (connection.kind !== "extension") return;
      const [first] = accounts;
      if (first === undefined) {
        void logOut();
        setNotice({ kind: "disconnected" });
      } else if (getAddress(first) !== connection.address) {
        void attachExtension(connection.wallet, first).then(() => setNotice({ kind: "accountChanged", address: getAddress(first) }));
      }
    },
    onChain: (chainId) => setConnection((c) => (c.kind === "extension" ? { ...c, chainId } : c)),
  });

  useInactivityLock(connection.kind === "local", lockMinutes * 60_000, () => {
    void logOut();
    setNotice({ kind: "locked", minutes: lockMinutes });
  });

  const ensureChain = useCallback(async () => {
    if (connection.kind !== "extension") return;
    const chainId = Number(await connection.wallet.provider.request({ method: "eth_chainId" }));
    if (chainId !== config.chainId) throw new WrongNetworkError(chainId, config.chainId);
  }, [connection, config]);

  const refreshChain = useCallback(async () => {
    if (connection.kind !== "extension") return;
    const chainId = Number(await connection.wallet.provider.request({ method: "eth_chainId" }));
    setConnection((c) => (c.kind === "extension" ? { ...c, chainId } : c));
  }, [connection]);

  const setLockMinutes = useCallback((minutes: number) => {
    localStorage.setItem(LOCK_KEY, String(minutes));
    setLockState(minutes);
  }, []);

  const value = useMemo<WalletValue>(
    () => ({
      config,
      provider,
      reader,
      ready,
      connection,
      account: connection.kind === "none" ? undefined : connection.address,
      client,
      wallets,
      wrongChain: connection.kind === "extension" && connection.chainId !== config.chainId,
      notice,
      clearNotice: () => setNotice(undefined),
      connectExtension,
      logIn,
      logOut,
      ensureChain,
      refreshChain,
      lockMinutes,
      setLockMinutes,
    }),
    [config, provider, reader, ready, connection, client, wallets, notice, connectExtension, logIn, logOut, ensureChain, refreshChain, lockMinutes, setLockMinutes],
  );
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>;
}
