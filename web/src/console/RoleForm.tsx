import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { parseAddress } from "../../../src/sdk/index.js";
import { Feedback } from "../ui/Feedback.js";
import { shortAddress } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";

/** Grant or revoke one of `roles` (value → words); a revoke asks first. */
export function RoleForm<R extends string>({ roles, apply }: { roles: { value: R; label: string }[]; apply: (grant: boolean, role: R, account: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const action = useAction();
  const [problem, setProblem] = useState<string>();
  const [confirming, setConfirming] = useState<{ role: R; account: string }>();

  const go = (grant: boolean, role: R, account: string) => {
    const label = roles.find((r) => r.value === role)?.label ?? role;
    void action.run(() => apply(grant, role, account), () =>
      grant ? t("roles.granted", { role: label, account: shortAddress(account) }) : t("roles.revoked", { role: label, account: shortAddress(account) }),
    );
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get("role")) as R;
    let account: string;
    try {
      account = parseAddress(String(form.get("account") ?? ""));
    } catch {
      return setProblem(t("roles.badAddress"));
    }
    setProblem(undefined);
    if (form.get("action") === "revoke") setConfirming({ role, account });
    else go(true, role, account);
  };

  return (
    <>
      <form className="grid-form" onSubmit={submit} data-testid="role-form">
        <label>{t("roles.action")}<select name="action"><option value="grant">{t("roles.grant")}</option><option value="revoke">{t("roles.revoke")}</option></select></label>
        <label>{t("roles.role")}<select name="role">{roles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}</select></label>
        <label className="wide">{t("roles.account")}<input name="account" placeholder="0x…" autoComplete="off" spellCheck={false} /></label>
        <div className="wide"><button type="submit" disabled={action.pending}>{t("roles.apply")}</button></div>
      </form>
      {confirming !== undefined && (
        <div className="confirm" role="alertdialog">
          <p>{t("roles.revokeQuestion", { role: roles.find((r) => r.value === confirming.role)?.label ?? "", account: confirming.account })}</p>
          <button type="button" className="danger" onClick={() => { go(false, confirming.role, confirming.account); setConfirming(undefined); }}>{t("roles.revokeYes")}</button>
          <button type="button" onClick={() => setConfirming(undefined)}>{t("roles.revokeNo")}</button>
        </div>
      )}
      {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
      <Feedback state={action.state} />
    </>
  );
}
