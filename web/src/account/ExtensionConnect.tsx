import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { Feedback } from "../ui/Feedback.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";

/** The browser's extension wallets (EIP-6963): connect one, and the page moves it to our chain. */
export function ExtensionConnect() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { wallets, connectExtension } = useWallet();
  const action = useAction();
  return (
    <section data-testid="extensions">
      <h2>{t("extension.title")}</h2>
      {wallets.length === 0 ? (
        <p className="meta">{t("extension.none")}</p>
      ) : (
        <div className="actions">
          {wallets.map((w) => (
            <button key={w.rdns} type="button" disabled={action.pending}
              onClick={() => void action.run(() => connectExtension(w), () => t("extension.connected", { name: w.name }), { checkChain: false })}>
              {w.icon !== "" && <img src={w.icon} alt="" className="wallet-icon" />} {t("extension.connect", { name: w.name })}
            </button>
          ))}
        </div>
      )}
      <Feedback state={action.state} pendingText={t("extension.pending")} />
      {action.state.status === "done" && <button type="button" className="primary" onClick={() => navigate("/")}>{t("register.continue")}</button>}
    </section>
  );
}
