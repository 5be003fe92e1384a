import { useTranslation } from "react-i18next";
import type { Access } from "../data/roles.js";

/** The connected address's roles, in words. */
export function RoleSummary({ access }: { access: Access }) {
  const { t } = useTranslation();
  const system = access.token.map((r) => t(`role.${r}`));
  if (access.mallAdmin && !access.token.includes("DEFAULT_ADMIN_ROLE")) system.push(t("role.MALL_ADMIN"));
  const parts = system.length > 0 ? [system.join(", ")] : [];
  for (const m of access.merchants) {
    if (m.roles.length > 0) parts.push(t("console.atMerchant", { roles: m.roles.map((r) => t(`role.${r}`)).join(", "), merchant: m.name }));
  }
  return (
    <p className="roles" data-testid="roles">
      {t("console.yourRoles")} {parts.join("; ")}
    </p>
  );
}
