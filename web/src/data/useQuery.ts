import { useCallback, useContext, useEffect, useRef, useState, type DependencyList } from "react";
import { IndexerError, NetworkError, toPointsError, type PointsError } from "../../../src/sdk/index.js";
import { RefreshContext } from "./refresh.js";

/** What a panel shows: nothing asked yet, loading, the data, or why not. */
export type QueryState<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ok"; data: T; refreshing: boolean }
  | { status: "error"; error: PointsError; unreachable: boolean; data: T | undefined };

export type Query<T> = QueryState<T> & { retry: () => void };

/** How long a panel waits before asking an unreachable chain again. */
export const RETRY_MS = 4_000;

/** Whether an error means the chain (or server, or ledger API) could not be reached, rather than a refusal. */
export function isUnreachable(error: PointsError): boolean {
  return error instanceof NetworkError || (error instanceof IndexerError && error.unavailable);
}

/**
 * Runs `load` when `deps` change and after every refresh (a transaction, a new block), and
 * tracks its state. A result that arrives after the inputs changed is dropped; an unreachable
 * chain is asked again every few seconds until it answers. `load` undefined: nothing to ask.
 */
export function useQuery<T>(load: (() => Promise<T>) | undefined, deps: DependencyList): Query<T> {
  const { version } = useContext(RefreshContext);
  const [state, setState] = useState<QueryState<T>>(load === undefined ? { status: "idle" } : { status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const last = useRef<T | undefined>(undefined);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const enabled = load !== undefined;

  // A change of inputs forgets the data of the old ones (another account, another item).
  useEffect(() => {
    last.current = undefined;
    setState(enabled ? { status: "loading" } : { status: "idle" });
  }, [enabled, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (load === undefined) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => (s.status === "ok" ? { ...s, refreshing: true } : s.status === "error" ? s : { status: "loading" }));
    load().then(
      (data) => {
        if (!current) return;
        last.current = data;
        setState({ status: "ok", data, refreshing: false });
      },
      (cause: unknown) => {
        if (!current) return;
        const error = toPointsError(cause);
        const unreachable = isUnreachable(error);
        setState({ status: "error", error, unreachable, data: last.current });
        if (unreachable) timer = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
      },
    );
    return () => {
      current = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [version, attempt, enabled, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps

  return { ...state, retry };
}
