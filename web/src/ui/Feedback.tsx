import { useTranslation } from "react-i18next";
import type { ActionState } from "./useAction.js";

/** How an action went, shown beside the button or form that started it. */
export function Feedback({ state, pendingText }: { state: ActionState; pendingText?: string }) {
  const { t } = useTranslation();
  switch (state.status) {
    case "idle":
      return null;
    case "pending":
      return (
        <p className="feedback pending" role="status" data-testid="feedback">
          {pendingText ?? t("action.pending")}
        </p>
      );
    case "done":
      return (
        <p className="feedback ok" role="status" data-testid="feedback">
          {state.message}
        </p>
      );
    case "error":
      return (
        <p className="feedback error" role="alert" data-testid="feedback">
          {state.message}
        </p>
      );
  }
}
