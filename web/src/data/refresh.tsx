import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Provider } from "ethers";

/** Bumped after the page's own transactions and when the chain has a new block: panels read again. */
export const RefreshContext = createContext<{ version: number; bump: () => void }>({ version: 0, bump: () => undefined });

/** How often the page looks for a new block (others' orders, a fulfilment, a price change). */
const POLL_MS = 5_000;

export function RefreshProvider({ provider, children }: { provider: Provider; children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let latest: number | undefined;
    let stopped = false;
    const poll = async () => {
      try {
        const block = await provider.getBlockNumber();
        if (!stopped && latest !== undefined && block !== latest) bump();
        latest = block;
      } catch {
        // An unreachable chain: each panel says so and retries on its own.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [provider, bump]);

  const value = useMemo(() => ({ version, bump }), [version, bump]);
  return <RefreshContext.Provider value={value}>{children}</RefreshContext.Provider>;
}
