import { useId } from "react";
import { useTranslation } from "react-i18next";
import { parseQuantity } from "./quantity.js";

/**
 * A quantity box that accepts anything typed and says when it is not a whole number from 1 to
 * `max`; the caller offers no redeem until it is (parseQuantity).
 */
export function QuantityInput({ value, onChange, max, label }: { value: string; onChange: (v: string) => void; max: number; label?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const valid = parseQuantity(value, max).ok;
  return (
    <div className="quantity">
      <label htmlFor={id}>{label ?? t("quantity.label")}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      {!valid && (
        <p id={`${id}-hint`} className="field-error" role="alert">
          {t("quantity.hint", { max })}
        </p>
      )}
    </div>
  );
}
