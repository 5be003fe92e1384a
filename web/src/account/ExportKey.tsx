import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { shopperMessage } from "../messages.js";
import { secretsOf, unlockAccount } from "../wallet/keystore.js";
import { useWallet } from "../wallet/WalletContext.js";
import { SecretReveal } from "./SecretReveal.js";
import { useScrypt } from "./useScrypt.js";

const SHOWN_MS = 120_000;

/** "Get your private key": the key and phrase again, after the password, hidden after two minutes. */
export function ExportKey() {
  const { t } = useTranslation();
  const { connection } = useWallet();
  const scrypt = useScrypt();
  const [problem, setProblem] = useState<string>();
  const [secrets, setSecrets] = useState<{ privateKey: string; phrase: string | undefined }>();

  useEffect(() => {
    if (secrets === undefined) return;
    const timer = setTimeout(() => setSecrets(undefined), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [secrets]);

  if (connection.kind !== "local") return <p className="state empty">{t("export.onlyLocal")}</p>;
  const address = connection.address;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const password = String(new FormData(target).get("password") ?? "");
    void scrypt.run(async () => {
      try {
        setSecrets(secretsOf(await unlockAccount(address, password, scrypt.progress)));
        setProblem(undefined);
        target.reset();
      } catch (error) {
        setProblem(shopperMessage(error, t));
      }
    });
  };

  return (
    <section data-testid="export">
      <h2>{t("export.title")}</h2>
      <p className="warning">{t("export.intro")}</p>
      {secrets === undefined ? (
        <form onSubmit={submit} className="stacked">
          <label>{t("login.password")}<input name="password" type="password" autoComplete="current-password" /></label>
          {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
          <button type="submit" className="primary" disabled={scrypt.busy}>
            {scrypt.busy ? t("login.unlocking", { percent: scrypt.percent }) : t("export.submit")}
          </button>
        </form>
      ) : (
        <>
          <SecretReveal privateKey={secrets.privateKey} phrase={secrets.phrase} />
          <button type="button" onClick={() => setSecrets(undefined)}>{t("export.hide")}</button>
        </>
      )}
    </section>
  );
}
