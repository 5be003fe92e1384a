import { useCallback, useRef, useState } from "react";

/**
 * Progress of a slow key derivation (scrypt takes seconds on purpose) for the form that waits on
 * it, and an in-flight guard so that a second submit starts nothing.
 */
export function useScrypt() {
  const [percent, setPercent] = useState<number>();
  const inFlight = useRef(false);
  const progress = useCallback((fraction: number) => setPercent((p) => {
    const next = Math.floor(fraction * 100);
    return p === next ? p : next;
  }), []);
  const run = useCallback(async <R,>(work: () => Promise<R>): Promise<R | undefined> => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setPercent(0);
    try {
      return await work();
    } finally {
      inFlight.current = false;
      setPercent(undefined);
    }
  }, []);
  return { busy: percent !== undefined, percent, progress, run };
}
