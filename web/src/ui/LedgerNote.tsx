import { useTranslation } from "react-i18next";
import { useLedgerSource } from "../data/ledger.js";

/** One line when the page read from the chain instead of the ledger API (slower, but the same data). */
export function LedgerNote() {
  const { t } = useTranslation();
  const source = useLedgerSource();
  if (source !== "none" && source !== "down") return null;
  return (
    <p className="meta ledger-note" role="status" data-testid="ledger-note">
      {source === "none" ? t("ledger.noApi") : t("ledger.apiDown")}
    </p>
  );
}
