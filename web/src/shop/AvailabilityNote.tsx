import { useTranslation } from "react-i18next";
import type { Sku } from "../../../src/sdk/index.js";
import { useFormat } from "../ui/format.js";
import type { Availability } from "./availability.js";

/** What the item itself says about taking it: stock, limit, sold out, limit reached, sale window. */
export function AvailabilityNote({ sku, availability }: { sku: Sku; availability: Availability }) {
  const { t } = useTranslation();
  const f = useFormat();
  switch (availability.kind) {
    case "soldOut":
      return <p className="badge out" data-testid="availability">{t("item.soldOut")}</p>;
    case "limitReached":
      return <p className="badge out" data-testid="availability">{t("item.limitReached", { limit: availability.limit })}</p>;
    case "notStarted":
      return <p className="badge soon" data-testid="availability">{t("item.onSaleFrom", { date: f.dateTime(availability.at) })}</p>;
    case "ended":
      return <p className="badge out" data-testid="availability">{t("item.saleEnded")}</p>;
    case "withdrawn":
      return <p className="badge out" data-testid="availability">{t("item.withdrawn")}</p>;
    case "available": {
      const parts = [sku.unlimited ? t("item.inStock") : t("item.left", { count: Number(sku.stock) })];
      if (sku.perWalletLimit > 0n) parts.push(t("item.limit", { limit: Number(sku.perWalletLimit) }));
      if (sku.saleEnd > 0n) parts.push(t("item.until", { date: f.day(sku.saleEnd) }));
      return <p className="meta" data-testid="availability">{parts.join(" · ")}</p>;
    }
  }
}
