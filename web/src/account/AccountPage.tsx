import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { listAccounts } from "../wallet/keystore.js";
import { useWallet } from "../wallet/WalletContext.js";
import { AccountOverview } from "./AccountOverview.js";
import { ExportKey } from "./ExportKey.js";
import { ExtensionConnect } from "./ExtensionConnect.js";
import { ImportForm } from "./ImportForm.js";
import { LoginForm } from "./LoginForm.js";
import { RegisterForm } from "./RegisterForm.js";
import { YourPoints } from "./YourPoints.js";

/** /account, /account/register, /account/import, /account/key. */
export function AccountPage() {
  const { t } = useTranslation();
  const { section } = useParams();
  const { ready, account } = useWallet();
  if (!ready) return <main><p className="state loading" role="status">{t("state.loading")}</p></main>;

  let body;
  if (section === "register") body = <RegisterForm />;
  else if (section === "import") body = <ImportForm />;
  else if (section === "key") body = <ExportKey />;
  else if (account !== undefined) {
    body = (
      <>
        <AccountOverview />
        <YourPoints />
      </>
    );
  }
  else {
    body = (
      <>
        <LoginForm />
        <section>
          <h2>{listAccounts().length === 0 ? t("account.new") : t("account.another")}</h2>
          <p>{t("account.noExtensionNeeded")}</p>
          <div className="actions">
            <Link className="button primary" to="/account/register">{t("account.register")}</Link>
            <Link className="button" to="/account/import">{t("account.import")}</Link>
          </div>
        </section>
        <ExtensionConnect />
      </>
    );
  }
  return (
    <main className="account">
      <h1>{t("account.title")}</h1>
      {body}
    </main>
  );
}
