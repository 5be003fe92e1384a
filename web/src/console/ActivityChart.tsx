import { useTranslation } from "react-i18next";
import type { DailyActivity } from "../../../src/sdk/index.js";

/** Bars of points issued (purple) and redeemed (orange) per day, drawn as SVG that scales to its box. */
export function ActivityChart({ days }: { days: DailyActivity[] }) {
  const { t } = useTranslation();
  const shown = days.slice(-30);
  const max = shown.reduce((m, d) => (d.issued > m ? d.issued : d.redeemed > m ? d.redeemed : m), 1n);
  const width = 640;
  const height = 180;
  const slot = width / shown.length;
  const bar = Math.max(2, Math.min(24, slot / 2 - 2));
  const h = (v: bigint) => (v <= 0n ? 0 : Math.max(1, Number((v * BigInt(height - 30)) / max)));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("books.chartLabel")} data-testid="activity-chart">
        {shown.map((d, i) => {
          const x = i * slot + slot / 2;
          return (
            <g key={d.day}>
              <rect x={x - bar - 1} y={height - 20 - h(d.issued)} width={bar} height={h(d.issued)} fill="#5a3fd6">
                <title>{t("books.issuedOn", { day: d.day, points: d.issued.toString() })}</title>
              </rect>
              <rect x={x + 1} y={height - 20 - h(d.redeemed)} width={bar} height={h(d.redeemed)} fill="#e0803a">
                <title>{t("books.redeemedOn", { day: d.day, points: d.redeemed.toString() })}</title>
              </rect>
              <text x={x} y={height - 5} fontSize="10" textAnchor="middle">{d.day.slice(5)}</text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span style={{ color: "#5a3fd6" }}>■</span> {t("books.legendIssued")} <span style={{ color: "#e0803a" }}>■</span> {t("books.legendRedeemed")}
      </figcaption>
    </figure>
  );
}
