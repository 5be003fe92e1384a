import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Provider } from "ethers";

/**
 * Bumped after the page's own transactions and when the chain has a new block: panels read again.
 * `reachable` is false while the chain does not answer the page's polls (panels keep what they last
 * read, and the page says so once).
 */
export const RefreshContext = createContext<{ version: number; bump: () => void; reachable: boolean }>({ version: 0, bump: () => undefined, reachable: true });

/** How often the page looks for a new block (others' orders, a fulfilment, a price change). */
const POLL_MS = 5_000;

export function RefreshProvider({ provider, children }: { provider: Provider; children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const [reachable, setReachable] = useState(true);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let latest: number | undefined;
    let down = false;
    let stopped = false;
    const poll = async () => {
      try {
        const block = await provider.getBlockNumber();
        if (stopped) return;
        // A new block, or the chain back after an outage: read everything again.
        if ((latest !== undefined && block !== latest) || down) bump();
        latest = block;
        down = false;
        setReachable(true);
      } catch {
        if (stopped) return;
        down = true;
        setReachable(false);
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [provider, bump]);

  const value = useMemo(() => ({ version, bump, reachable }), [version, bump, reachable]);
  return <RefreshContext.Provider value={value}>{children}</RefreshContext.Provider>;
}
