import { useTranslation } from "react-i18next";
import { Feedback } from "../ui/Feedback.js";
import { useFormat } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useDeliverySession } from "./deliverySession.js";

/** Above the order queue: fulfillers sign in (EIP-4361) to see the customers' delivery details. */
export function DeliverySignIn() {
  const { t } = useTranslation();
  const f = useFormat();
  const { config } = useWallet();
  const { session, signIn, signOut } = useDeliverySession();
  const action = useAction();
  if (config.indexerUrl === undefined) return null;
  return (
    <div className="delivery-signin" data-testid="delivery-signin">
      {session === undefined ? (
        <>
          <p className="meta">{t("deliveryConsole.why")}</p>
          <button type="button" disabled={action.pending} onClick={() => void action.run(signIn, (s) => t("deliveryConsole.signedIn", { time: f.dateTime(Math.floor(Date.parse(s.expiresAt) / 1000)) }))}>
            {t("deliveryConsole.signIn")}
          </button>
        </>
      ) : (
        <>
          <p className="meta" data-testid="delivery-session">{t("deliveryConsole.signedIn", { time: f.dateTime(Math.floor(Date.parse(session.expiresAt) / 1000)) })}</p>
          <button type="button" onClick={() => { action.reset(); void signOut(); }}>{t("deliveryConsole.signOut")}</button>
        </>
      )}
      {session === undefined && <Feedback state={action.state} pendingText={t("deliveryConsole.signing")} />}
    </div>
  );
}
