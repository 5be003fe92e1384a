import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { shopperMessage } from "../messages.js";
import { createAccount, secretsOf } from "../wallet/keystore.js";
import { useWallet } from "../wallet/WalletContext.js";
import { PasswordFields, passwordProblem } from "./PasswordFields.js";
import { SecretReveal } from "./SecretReveal.js";
import { useScrypt } from "./useScrypt.js";

/**
 * Creates a wallet in this browser: a random recovery phrase, encrypted with the customer's
 * password and kept here. The phrase and key are shown once, now; later only after the password.
 */
export function RegisterForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { logIn } = useWallet();
  const scrypt = useScrypt();
  const [problem, setProblem] = useState<string>();
  const [secrets, setSecrets] = useState<{ privateKey: string; phrase: string | undefined; address: string }>();
  const [kept, setKept] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const bad = passwordProblem(form, t);
    if (bad !== undefined) return setProblem(bad);
    void scrypt.run(async () => {
      try {
        const { account, wallet } = await createAccount(String(form.get("name") ?? ""), String(form.get("password")), scrypt.progress);
        await logIn(wallet, account);
        setSecrets({ ...secretsOf(wallet), address: account.address });
        setProblem(undefined);
      } catch (error) {
        setProblem(shopperMessage(error, t));
      }
    });
  };

  if (secrets !== undefined) {
    return (
      <section data-testid="registered">
        <h2>{t("register.done")}</h2>
        <p>{t("register.address")} <code>{secrets.address}</code></p>
        <SecretReveal privateKey={secrets.privateKey} phrase={secrets.phrase} />
        <label className="check">
          <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} /> {t("register.kept")}
        </label>
        <button type="button" className="primary" disabled={!kept} onClick={() => { setSecrets(undefined); navigate("/"); }}>
          {t("register.continue")}
        </button>
      </section>
    );
  }
  return (
    <section>
      <h2>{t("register.title")}</h2>
      <p>{t("register.intro")}</p>
      <form onSubmit={submit} className="stacked" data-testid="register-form">
        <label>{t("register.name")}<input name="name" autoComplete="nickname" placeholder={t("register.namePlaceholder")} /></label>
        <PasswordFields />
        {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
        <button type="submit" className="primary" disabled={scrypt.busy}>
          {scrypt.busy ? t("register.encrypting", { percent: scrypt.percent }) : t("register.submit")}
        </button>
      </form>
      <p><Link to="/account/import">{t("register.haveKey")}</Link></p>
    </section>
  );
}
