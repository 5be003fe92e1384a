import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { grantTokenRole, parseAddress, revokeTokenRole, setIssuerQuota, type TokenRole } from "../../../src/sdk/index.js";
import { TOKEN_ROLES, useRoleHolders, type Access } from "../data/roles.js";
import { Feedback } from "../ui/Feedback.js";
import { shortAddress, useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";
import { wholeNumber } from "./fields.js";
import { HolderList } from "./HolderList.js";
import { RoleForm } from "./RoleForm.js";

function QuotaForm() {
  const { t } = useTranslation();
  const f = useFormat();
  const { client } = useWallet();
  const action = useAction();
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    let issuer: string;
    try {
      issuer = parseAddress(String(form.get("issuer") ?? ""));
    } catch {
      return setProblem(t("roles.badAddress"));
    }
    const quota = wholeNumber(String(form.get("quota") ?? ""), 0n, 2n ** 248n - 1n);
    if (quota === undefined) return setProblem(t("roles.badQuota"));
    setProblem(undefined);
    void action.run(() => setIssuerQuota(client!, { issuer, quota }), () => t("roles.quotaSet", { issuer: shortAddress(issuer), points: f.points(quota) }));
  };
  return (
    <form className="grid-form" onSubmit={submit} data-testid="quota-form">
      <label className="wide">{t("roles.issuer")}<input name="issuer" placeholder="0x…" autoComplete="off" spellCheck={false} /></label>
      <label>{t("roles.quota")}<input name="quota" inputMode="numeric" /></label>
      <div><button type="submit" disabled={action.pending}>{t("roles.setQuota")}</button></div>
      {problem !== undefined && <p className="field-error wide" role="alert">{problem}</p>}
      <div className="wide"><Feedback state={action.state} /></div>
    </form>
  );
}

/** The token's roles: who holds each, every issuer's quota; the admin sets quotas and grants roles. */
export function TokenRolesPanel({ access }: { access: Access }) {
  const { t } = useTranslation();
  const { client } = useWallet();
  const holders = useRoleHolders();
  const admin = access.token.includes("DEFAULT_ADMIN_ROLE");
  const grantable: TokenRole[] = ["ISSUER_ROLE", "PAUSER_ROLE"];
  return (
    <section data-testid="roles-admin">
      <h2>{t("roles.title")}</h2>
      <QueryView query={holders}>
        {(h) => (
          <div className="holder-grid">
            {TOKEN_ROLES.map((r) => (
              <HolderList key={r} label={t(`role.${r}`)} holders={h.token.get(r) ?? []} quotas={r === "ISSUER_ROLE" ? h.quotas : undefined} />
            ))}
            <HolderList label={t("role.MALL_ADMIN")} holders={h.mallAdmins} />
          </div>
        )}
      </QueryView>
      {admin && (
        <>
          <h3>{t("roles.quotas")}</h3>
          <QuotaForm />
          <h3>{t("roles.tokenRoles")}</h3>
          <RoleForm
            roles={grantable.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            apply={(grant, role, account) => (grant ? grantTokenRole : revokeTokenRole)(client!, { role, account })}
          />
        </>
      )}
    </section>
  );
}
