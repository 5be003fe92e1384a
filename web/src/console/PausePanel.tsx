import { useState } from "react";
import { useTranslation } from "react-i18next";
import { pause, unpause } from "../../../src/sdk/index.js";
import { useQuery } from "../data/useQuery.js";
import { Feedback } from "../ui/Feedback.js";
import { QueryView } from "../ui/QueryView.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";

/** Whether the system is paused, and (for pausers) pause or resume it after a confirmation. */
export function PausePanel({ canPause }: { canPause: boolean }) {
  const { t } = useTranslation();
  const { reader, client } = useWallet();
  const paused = useQuery(() => reader.token.paused(), [reader]);
  const action = useAction();
  const [asking, setAsking] = useState(false);
  return (
    <section data-testid="pause">
      <h2>{t("pause.title")}</h2>
      <QueryView query={paused}>
        {(isPaused) => (
          <>
            <p className={isPaused ? "banner error" : "ok"} data-testid="pause-state">{isPaused ? t("pause.paused") : t("pause.running")}</p>
            {canPause && !asking && (
              <button type="button" className={isPaused ? "primary" : "danger"} disabled={action.pending} onClick={() => { setAsking(true); action.reset(); }}>
                {isPaused ? t("pause.resume") : t("pause.pause")}
              </button>
            )}
            {canPause && asking && (
              <div className="confirm" role="alertdialog">
                <p>{isPaused ? t("pause.resumeQuestion") : t("pause.pauseQuestion")}</p>
                <button type="button" className="danger" disabled={action.pending}
                  onClick={() => void action.run(() => (isPaused ? unpause(client!) : pause(client!)), () => (isPaused ? t("pause.resumed") : t("pause.pausedDone"))).then(() => setAsking(false))}>
                  {isPaused ? t("pause.resumeYes") : t("pause.pauseYes")}
                </button>
                <button type="button" disabled={action.pending} onClick={() => setAsking(false)}>{t("pause.no")}</button>
              </div>
            )}
          </>
        )}
      </QueryView>
      <Feedback state={action.state} />
    </section>
  );
}
