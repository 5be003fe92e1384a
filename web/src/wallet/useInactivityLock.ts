import { useEffect, useRef } from "react";
import { touchSession } from "./session.js";

const ACTIVITY = ["pointerdown", "keydown", "wheel", "touchstart"] as const;
const CHECK_MS = 5_000;
const TOUCH_MS = 10_000;

/**
 * Calls `onLock` once nothing was clicked, typed or scrolled for `lockMs`, while `enabled`. The
 * session's own clock is updated now and then, so that a reload within the lock time resumes.
 */
export function useInactivityLock(enabled: boolean, lockMs: number, onLock: () => void): void {
  const lockRef = useRef(onLock);
  lockRef.current = onLock;

  useEffect(() => {
    if (!enabled) return;
    let last = Date.now();
    let touched = last;
    const onActivity = () => {
      last = Date.now();
      if (last - touched > TOUCH_MS) {
        touched = last;
        touchSession();
      }
    };
    for (const e of ACTIVITY) window.addEventListener(e, onActivity, { passive: true });
    const timer = setInterval(() => {
      if (Date.now() - last > lockMs) lockRef.current();
    }, CHECK_MS);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, onActivity);
      clearInterval(timer);
    };
  }, [enabled, lockMs]);
}
