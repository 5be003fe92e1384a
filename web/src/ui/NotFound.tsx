import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFound() {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body")} <Link to="/">{t("item.backToShop")}</Link></p>
    </main>
  );
}
