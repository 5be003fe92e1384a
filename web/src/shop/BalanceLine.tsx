import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useBalance } from "../data/account.js";
import { useFormat } from "../ui/format.js";
import { useWallet } from "../wallet/WalletContext.js";

/** "You have 5,000 MPT", or a link to log in. */
export function BalanceLine() {
  const { t } = useTranslation();
  const f = useFormat();
  const { account, ready } = useWallet();
  const balance = useBalance();
  if (!ready) return null;
  if (account === undefined) {
    return (
      <p className="balance-line">
        <Link to="/account">{t("shop.logInToRedeem")}</Link>
      </p>
    );
  }
  return (
    <p className="balance-line" data-testid="balance">
      {balance.status === "ok"
        ? t("shop.youHave", { points: f.points(balance.data) })
        : balance.status === "error"
          ? t("state.unreachableShort")
          : t("state.loading")}
    </p>
  );
}
