import { useTranslation } from "react-i18next";
import { MERCHANT_ROLES, grantMerchantRole, revokeMerchantRole, type MerchantRole } from "../../../src/sdk/index.js";
import { useRoleHolders, type MerchantAccess } from "../data/roles.js";
import { QueryView } from "../ui/QueryView.js";
import { useWallet } from "../wallet/WalletContext.js";
import { HolderList } from "./HolderList.js";
import { RoleForm } from "./RoleForm.js";

/** A merchant's staff: who holds each of its roles; its admin appoints catalog managers and fulfillers. */
export function StaffPanel({ merchant, mallAdmin }: { merchant: MerchantAccess; mallAdmin: boolean }) {
  const { t } = useTranslation();
  const { client } = useWallet();
  const holders = useRoleHolders();
  // The merchant's admin manages its staff; the mall's admin (only) appoints merchant admins.
  const grantable: MerchantRole[] = [
    ...(mallAdmin ? (["MERCHANT_ADMIN"] as const) : []),
    ...(merchant.roles.includes("MERCHANT_ADMIN") ? (["CATALOG_MANAGER", "FULFILLER"] as const) : []),
  ];
  return (
    <section data-testid="staff-admin">
      <h2>{t("staff.title", { merchant: merchant.name })}</h2>
      <QueryView query={holders}>
        {(h) => (
          <div className="holder-grid">
            {MERCHANT_ROLES.map((r) => <HolderList key={r} label={t(`role.${r}`)} holders={h.merchant(merchant.id).get(r) ?? []} />)}
          </div>
        )}
      </QueryView>
      {grantable.length > 0 && (
        <RoleForm
          roles={grantable.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          apply={(grant, role, account) => (grant ? grantMerchantRole : revokeMerchantRole)(client!, { role, merchantId: merchant.id, account })}
        />
      )}
    </section>
  );
}
