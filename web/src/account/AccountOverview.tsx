import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Feedback } from "../ui/Feedback.js";
import { useAction } from "../ui/useAction.js";
import { watchToken } from "../wallet/extension.js";
import { removeAccount } from "../wallet/keystore.js";
import { useWallet } from "../wallet/WalletContext.js";

const LOCK_CHOICES = [5, 15, 30, 60];

/** The connected account: its address, its key (for an account of this browser), lock time, log out. */
export function AccountOverview() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { connection, config, logOut, lockMinutes, setLockMinutes } = useWallet();
  const action = useAction();
  const [forgetting, setForgetting] = useState(false);
  if (connection.kind === "none") return null;

  return (
    <section data-testid="account-overview">
      <h2>{connection.kind === "local" ? connection.name : connection.wallet.name}</h2>
      <p className="address-full" data-testid="address">{connection.address}</p>
      <p className="meta">{connection.kind === "local" ? t("account.localNote") : t("account.extensionNote", { name: connection.wallet.name })}</p>
      <div className="actions">
        {connection.kind === "local" && <Link className="button" to="/account/key">{t("account.getKey")}</Link>}
        {connection.kind === "extension" && (
          <button type="button" disabled={action.pending}
            onClick={() => void action.run(() => watchToken(connection.wallet.provider, config), (added) => (added ? t("account.tokenAdded", { symbol: config.symbol }) : t("account.tokenNotAdded")))}>
            {t("account.addToken", { symbol: config.symbol })}
          </button>
        )}
        <button type="button" onClick={() => void logOut().then(() => navigate("/account"))}>{t("account.logOut")}</button>
      </div>
      <Feedback state={action.state} />
      {connection.kind === "local" && (
        <>
          <label className="inline-label">
            {t("account.lockAfter")}
            <select value={lockMinutes} onChange={(e) => setLockMinutes(Number(e.target.value))}>
              {[...new Set([...LOCK_CHOICES, lockMinutes])].sort((a, b) => a - b).map((m) => (
                <option key={m} value={m}>{t("account.minutes", { count: m })}</option>
              ))}
            </select>
          </label>
          {forgetting ? (
            <div className="confirm" role="alertdialog">
              <p>{t("account.forgetQuestion")}</p>
              <button type="button" className="danger" onClick={() => { removeAccount(connection.address); void logOut().then(() => navigate("/account")); }}>{t("account.forgetYes")}</button>
              <button type="button" onClick={() => setForgetting(false)}>{t("account.forgetNo")}</button>
            </div>
          ) : (
            <button type="button" className="link" onClick={() => setForgetting(true)}>{t("account.forget")}</button>
          )}
        </>
      )}
    </section>
  );
}
