import { useId } from "react";
import { useTranslation } from "react-i18next";
import { DELIVERY_KEYS, type DeliveryFields, type FieldErrors } from "./delivery.js";

/**
 * The delivery form of physical items (name, address, phone), labelled, with each field's problem
 * beside it. What is typed never goes on chain: the buyer signs it and the system's API keeps it,
 * for the merchant's fulfillers only. Without the API, the merchant arranges delivery.
 * Fields left empty are not marked one by one (a form that opens all red says nothing); one sentence
 * beside the form names what is still needed, and the confirm button waits for it.
 */
export function DeliveryDetails({ items, value, errors, onChange, available }: {
  items: string[];
  value: DeliveryFields;
  errors: FieldErrors;
  onChange: (next: DeliveryFields) => void;
  available: boolean;
}) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  const typed = Object.fromEntries(Object.entries(errors).filter(([key]) => value[key as keyof DeliveryFields].trim() !== "")) as FieldErrors;
  const needed = DELIVERY_KEYS.filter((key) => errors[key] !== undefined).map((key) => t(`delivery.${key}Word`));
  return (
    <section className="delivery" data-testid="delivery">
      <h2>{t("delivery.title")}</h2>
      <p>{t("delivery.shipped", { items: items.join(", ") })}</p>
      {available ? <DeliveryFieldset value={value} errors={typed} onChange={onChange} /> : <p className="meta" data-testid="delivery-later">{t("delivery.later")}</p>}
      {available && needed.length > 0 && (
        <p className="field-error" data-testid="delivery-missing" aria-live="polite">
          {t("delivery.needed", { fields: new Intl.ListFormat(i18n.language, { type: "conjunction" }).format(needed) })}
        </p>
      )}
    </section>
  );
}

export function DeliveryFieldset({ value, errors, onChange }: { value: DeliveryFields; errors: FieldErrors; onChange: (next: DeliveryFields) => void }) {
  const { t } = useTranslation();
  const id = useId();
  // The problem is the field's description, not part of its label: the label stays "Name".
  const field = (key: keyof DeliveryFields, multiline = false) => {
    const common = {
      id: `${id}-${key}`,
      value: value[key],
      "aria-invalid": errors[key] !== undefined,
      "aria-describedby": errors[key] === undefined ? undefined : `${id}-${key}-error`,
    };
    return (
      <div className="field">
        <label htmlFor={`${id}-${key}`}>{t(`delivery.${key}`)}</label>
        {multiline ? (
          <textarea rows={3} {...common} autoComplete="street-address" onChange={(e) => onChange({ ...value, [key]: e.target.value })} />
        ) : (
          <input type={key === "phone" ? "tel" : "text"} {...common} autoComplete={key === "phone" ? "tel" : "name"} onChange={(e) => onChange({ ...value, [key]: e.target.value })} />
        )}
        {errors[key] !== undefined && <span className="field-error" id={`${id}-${key}-error`}>{errors[key]}</span>}
      </div>
    );
  };
  return (
    <fieldset className="delivery-form" data-testid="delivery-form">
      {field("name")}
      {field("address", true)}
      {field("phone")}
      <p className="meta">{t("delivery.private")}</p>
    </fieldset>
  );
}
