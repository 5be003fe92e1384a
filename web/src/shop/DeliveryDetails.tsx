import { useTranslation } from "react-i18next";
import type { DeliveryFields, FieldErrors } from "./delivery.js";

/**
 * The delivery form of physical items (name, address, phone), labelled, with each field's problem
 * beside it. What is typed never goes on chain: the buyer signs it and the system's API keeps it,
 * for the merchant's fulfillers only. Without the API, the merchant arranges delivery.
 */
export function DeliveryDetails({ items, value, errors, onChange, available }: {
  items: string[];
  value: DeliveryFields;
  errors: FieldErrors;
  onChange: (next: DeliveryFields) => void;
  available: boolean;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <section className="delivery" data-testid="delivery">
      <h2>{t("delivery.title")}</h2>
      <p>{t("delivery.shipped", { items: items.join(", ") })}</p>
      {available ? <DeliveryFieldset value={value} errors={errors} onChange={onChange} /> : <p className="meta">{t("delivery.later")}</p>}
    </section>
  );
}

export function DeliveryFieldset({ value, errors, onChange }: { value: DeliveryFields; errors: FieldErrors; onChange: (next: DeliveryFields) => void }) {
  const { t } = useTranslation();
  const field = (key: keyof DeliveryFields, multiline = false) => (
    <label className="field">
      <span>{t(`delivery.${key}`)}</span>
      {multiline ? (
        <textarea rows={3} value={value[key]} aria-invalid={errors[key] !== undefined} onChange={(e) => onChange({ ...value, [key]: e.target.value })} />
      ) : (
        <input type={key === "phone" ? "tel" : "text"} autoComplete={key === "phone" ? "tel" : key === "name" ? "name" : "street-address"} value={value[key]} aria-invalid={errors[key] !== undefined} onChange={(e) => onChange({ ...value, [key]: e.target.value })} />
      )}
      {errors[key] !== undefined && <span className="field-error">{errors[key]}</span>}
    </label>
  );
  return (
    <fieldset className="delivery-form" data-testid="delivery-form">
      {field("name")}
      {field("address", true)}
      {field("phone")}
      <p className="meta">{t("delivery.private")}</p>
    </fieldset>
  );
}
