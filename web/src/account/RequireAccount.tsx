import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useWallet } from "../wallet/WalletContext.js";

/** Shows its children to a connected account; otherwise how to log in or connect. */
export function RequireAccount({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { ready, account } = useWallet();
  if (!ready) return <p className="state loading" role="status">{t("state.loading")}</p>;
  if (account === undefined) {
    return (
      <p className="state empty" data-testid="need-account">
        {t("account.needed")} <Link to="/account">{t("account.logInOrRegister")}</Link>
      </p>
    );
  }
  return <>{children}</>;
}
