import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { MIN_PASSWORD } from "../wallet/keystore.js";

/** What is wrong with a new password and its confirmation, in the customer's language. */
export function passwordProblem(form: FormData, t: TFunction): string | undefined {
  const password = String(form.get("password") ?? "");
  if (password.length < MIN_PASSWORD) return t("password.tooShort", { min: MIN_PASSWORD });
  if (password !== String(form.get("confirm") ?? "")) return t("password.mismatch");
  return undefined;
}

/** A new password and its confirmation (form fields "password" and "confirm"). */
export function PasswordFields() {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t("password.new")}
        <input name="password" type="password" autoComplete="new-password" />
      </label>
      <label>
        {t("password.confirm")}
        <input name="confirm" type="password" autoComplete="new-password" />
      </label>
      <p className="meta">{t("password.rules", { min: MIN_PASSWORD })}</p>
    </>
  );
}
