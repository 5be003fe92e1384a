import { useCallback, useContext, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { RefreshContext } from "../data/refresh.js";
import { shopperMessage } from "../messages.js";
import { useWallet } from "../wallet/WalletContext.js";

export type ActionState =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "done"; message: string }
  | { status: "error"; message: string };

export interface Action {
  state: ActionState;
  pending: boolean;
  /**
   * Runs `action` once: while it is in flight, further calls do nothing (a double click sends one
   * transaction). Checks the wallet's chain first; says how it went with `describe`, or why not.
   * Resolves to the action's result, or undefined when it failed or was already running.
   * `checkChain: false` for what puts the wallet on the chain itself (connecting).
   */
  run: <R>(action: () => Promise<R>, describe: (result: R) => string, options?: { checkChain?: boolean }) => Promise<R | undefined>;
  reset: () => void;
}

export function useAction(): Action {
  const inFlight = useRef(false);
  const [state, setState] = useState<ActionState>({ status: "idle" });
  const { ensureChain } = useWallet();
  const { bump } = useContext(RefreshContext);
  const { t } = useTranslation();

  const run = useCallback(
    async <R,>(action: () => Promise<R>, describe: (result: R) => string, options: { checkChain?: boolean } = {}): Promise<R | undefined> => {
      if (inFlight.current) return undefined;
      inFlight.current = true;
      setState({ status: "pending" });
      try {
        if (options.checkChain !== false) await ensureChain();
        const result = await action();
        setState({ status: "done", message: describe(result) });
        return result;
      } catch (error) {
        setState({ status: "error", message: shopperMessage(error, t) });
        return undefined;
      } finally {
        inFlight.current = false;
        bump();
      }
    },
    [ensureChain, bump, t],
  );

  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, pending: state.status === "pending", run, reset };
}
