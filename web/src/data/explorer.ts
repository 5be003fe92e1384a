import { useCallback, useContext, useEffect, useState } from "react";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useWallet } from "../wallet/WalletContext.js";
import { RefreshContext } from "./refresh.js";

/** The ledger API the page reads from, if its config names one. */
export function useIndexer(): IndexerClient | undefined {
  return useWallet().reader.indexer?.client;
}

export interface LiveIndex {
  /** The last block the ledger has indexed (undefined until it first answers). */
  block: number | undefined;
  head: number | undefined;
  /** The ledger did not answer its last poll. */
  down: boolean;
}

/** How often the explorer asks the ledger how far it has indexed. */
const POLL_MS = 2_000;

/**
 * Follows the ledger as it indexes the chain: each new indexed block refreshes the page's panels
 * (the chain's own new-block refresh can come before the ledger has indexed that block).
 */
export function useLiveIndex(ix: IndexerClient): LiveIndex {
  const { bump } = useContext(RefreshContext);
  const [live, setLive] = useState<LiveIndex>({ block: undefined, head: undefined, down: false });
  useEffect(() => {
    let stopped = false;
    let last: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const h = await ix.health();
        if (stopped) return;
        const block = h.indexedBlock ?? undefined;
        if (last !== undefined && block !== last) bump();
        last = block;
        setLive({ block, head: h.chainHead ?? undefined, down: false });
      } catch {
        if (stopped) return;
        setLive((l) => ({ ...l, down: true }));
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [ix, bump]);
  return live;
}

export interface CursorPages {
  /** The cursor of the page shown (undefined: the first). */
  cursor: string | undefined;
  /** From 1. */
  page: number;
  next: (cursor: string) => void;
  previous: () => void;
}

/**
 * Pages of a cursor-paged API list: the cursors of the pages already seen, so that "previous"
 * goes back without the API paging backwards. `resetKey` changing goes back to the first page.
 */
export function useCursorPages(resetKey = ""): CursorPages {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: resetKey, cursors: [undefined] });
  const cursors = state.key === resetKey ? state.cursors : [undefined];
  const next = useCallback((cursor: string) => setState((s) => ({ key: resetKey, cursors: [...(s.key === resetKey ? s.cursors : [undefined]), cursor] })), [resetKey]);
  const previous = useCallback(() => setState((s) => ({ key: resetKey, cursors: s.cursors.length > 1 ? s.cursors.slice(0, -1) : s.cursors })), [resetKey]);
  return { cursor: cursors[cursors.length - 1], page: cursors.length, next, previous };
}
