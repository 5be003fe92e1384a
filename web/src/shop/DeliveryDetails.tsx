import { useTranslation } from "react-i18next";

/**
 * The seam for delivery details of physical items (name, address, phone). They never go on chain:
 * a later change signs them with the account's key and stores them through the system's API,
 * readable by the order's fulfillers only (Sign-In with Ethereum). Until that API exists, the
 * checkout says how delivery is arranged and collects nothing.
 */
export function DeliveryDetails({ items }: { items: string[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <section className="delivery" data-testid="delivery">
      <h2>{t("delivery.title")}</h2>
      <p>{t("delivery.shipped", { items: items.join(", ") })}</p>
      <p className="meta">{t("delivery.later")}</p>
    </section>
  );
}
