import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { shopperMessage } from "../messages.js";
import { importAccount } from "../wallet/keystore.js";
import { useWallet } from "../wallet/WalletContext.js";
import { PasswordFields, passwordProblem } from "./PasswordFields.js";
import { useScrypt } from "./useScrypt.js";

/** Brings an existing account to this browser from its recovery phrase or private key. */
export function ImportForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { logIn } = useWallet();
  const scrypt = useScrypt();
  const [problem, setProblem] = useState<string>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const bad = passwordProblem(form, t);
    if (bad !== undefined) return setProblem(bad);
    void scrypt.run(async () => {
      try {
        const { account, wallet } = await importAccount(String(form.get("secret") ?? ""), String(form.get("name") ?? ""), String(form.get("password")), scrypt.progress);
        target.reset(); // the secret leaves the page's form as soon as it is encrypted
        await logIn(wallet, account);
        navigate("/");
      } catch (error) {
        setProblem(shopperMessage(error, t));
      }
    });
  };

  return (
    <section>
      <h2>{t("import.title")}</h2>
      <p>{t("import.intro")}</p>
      <form onSubmit={submit} className="stacked" data-testid="import-form">
        <label>
          {t("import.secret")}
          <textarea name="secret" rows={3} autoComplete="off" autoCapitalize="off" spellCheck={false} />
        </label>
        <label>{t("register.name")}<input name="name" autoComplete="nickname" placeholder={t("register.namePlaceholder")} /></label>
        <PasswordFields />
        {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
        <button type="submit" className="primary" disabled={scrypt.busy}>
          {scrypt.busy ? t("register.encrypting", { percent: scrypt.percent }) : t("import.submit")}
        </button>
      </form>
    </section>
  );
}
