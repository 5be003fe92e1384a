import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { shortAddress } from "../ui/format.js";
import { shopperMessage } from "../messages.js";
import { listAccounts, unlockAccount } from "../wallet/keystore.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useScrypt } from "./useScrypt.js";

/** Logs in to one of this browser's accounts with its password (several accounts: pick one). */
export function LoginForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { logIn } = useWallet();
  const scrypt = useScrypt();
  const accounts = listAccounts();
  const [chosen, setChosen] = useState(accounts.at(-1)?.address ?? "");
  const [problem, setProblem] = useState<string>();
  if (accounts.length === 0) return null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    const account = accounts.find((a) => a.address === chosen);
    if (account === undefined) return setProblem(t("login.pick"));
    void scrypt.run(async () => {
      try {
        await logIn(await unlockAccount(account.address, password, scrypt.progress), account);
        navigate("/");
      } catch (error) {
        setProblem(shopperMessage(error, t));
      }
    });
  };

  return (
    <section>
      <h2>{t("login.title")}</h2>
      <form onSubmit={submit} className="stacked" data-testid="login-form">
        <fieldset className="accounts">
          <legend>{t("login.account")}</legend>
          {accounts.map((a) => (
            <label key={a.address} className="check">
              <input type="radio" name="account" value={a.address} checked={chosen === a.address} onChange={() => setChosen(a.address)} />
              {a.name} <span className="address" title={a.address}>{shortAddress(a.address)}</span>
            </label>
          ))}
        </fieldset>
        <label>{t("login.password")}<input name="password" type="password" autoComplete="current-password" /></label>
        {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
        <button type="submit" className="primary" disabled={scrypt.busy}>
          {scrypt.busy ? t("login.unlocking", { percent: scrypt.percent }) : t("login.submit")}
        </button>
      </form>
    </section>
  );
}
