import { useTranslation } from "react-i18next";
import type { PointsAsset } from "../../../src/sdk/index.js";
import { usePointAssets } from "../data/mechanics.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { Address } from "../ui/Address.js";

const DAY = 86_400n;

/** How an asset's points expire (spendable) or how long they count and the tiers (status). */
function Policy({ asset }: { asset: PointsAsset }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  if (asset.window !== undefined) {
    const tiers = asset.window.tiers.map((tier) => `${tier.name} ${f.number(tier.threshold)}`).join(", ");
    return <>{t("assets.window", { count: Number(asset.window.seconds / DAY), tiers })}</>;
  }
  if (asset.expiry === undefined) return <>{t("assets.never")}</>;
  const period = new Intl.NumberFormat(i18n.language, { style: "unit", unit: "day", unitDisplay: "long", maximumFractionDigits: 3 });
  return <>{t("assets.expires", { count: Number(asset.expiry.validityEpochs), period: period.format(Number(asset.expiry.epochSeconds) / 86_400) })}</>;
}

/** The program's point assets: class, name, symbol and expiry policy of each (read from the chain). */
export function PointAssets() {
  const { t } = useTranslation();
  const assets = usePointAssets();
  return (
    <section data-testid="point-assets">
      <h2>{t("assets.title")}</h2>
      <p className="meta">{t("assets.intro")}</p>
      <QueryView query={assets} isEmpty={(a) => a.length === 0}>
        {(list) => (
          <table className="stack">
            <thead><tr><th>{t("assets.class")}</th><th>{t("assets.name")}</th><th>{t("assets.symbol")}</th><th>{t("assets.expiry")}</th></tr></thead>
            <tbody>
              {list.map((a) => (
                <tr key={a.address} data-testid={`asset-${a.class}`}>
                  <td data-label={t("assets.class")}>{a.class === "spendable" ? t("assets.spendable") : t("assets.statusClass")}</td>
                  <td data-label={t("assets.name")}>{a.name} <Address address={a.address} /></td>
                  <td data-label={t("assets.symbol")}>{a.symbol}</td>
                  <td data-label={t("assets.expiry")}><Policy asset={a} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
