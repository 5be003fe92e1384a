import { useTranslation } from "react-i18next";
import { Link, NavLink } from "react-router";
import { LANGUAGES, setLanguage, type Language } from "../i18n/index.js";
import { useCart } from "../shop/cart.js";
import { useWallet } from "../wallet/WalletContext.js";
import { shortAddress } from "./format.js";

function AccountChip() {
  const { t } = useTranslation();
  const { ready, account } = useWallet();
  if (!ready) return <span className="chip">…</span>;
  if (account === undefined) return <Link className="button primary" to="/account">{t("nav.logIn")}</Link>;
  return (
    <Link className="chip account" to="/account" data-testid="account" title={account}>
      {shortAddress(account)}
    </Link>
  );
}

export function Header() {
  const { t, i18n } = useTranslation();
  const lines = useCart();
  const count = lines.reduce((n, l) => n + l.qty, 0);
  return (
    <header className="top">
      <Link to="/" className="brand">{t("brand")}</Link>
      <nav className="main-nav" aria-label={t("nav.label")}>
        <NavLink to="/" end>{t("nav.shop")}</NavLink>
        <NavLink to="/cart" data-testid="cart-link">{count > 0 ? t("nav.cartCount", { count }) : t("nav.cart")}</NavLink>
        <NavLink to="/orders">{t("nav.orders")}</NavLink>
        <NavLink to="/history">{t("nav.history")}</NavLink>
        <NavLink to="/send">{t("nav.send")}</NavLink>
        <NavLink to="/explorer">{t("nav.explorer")}</NavLink>
        <NavLink to="/console">{t("nav.console")}</NavLink>
      </nav>
      <div className="top-right">
        <select aria-label={t("nav.language")} value={i18n.language} onChange={(e) => void setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>{l.label}</option>
          ))}
        </select>
        <AccountChip />
      </div>
    </header>
  );
}
