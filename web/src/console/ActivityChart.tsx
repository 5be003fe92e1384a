import type { DailyActivity } from "../../src/sdk/index.js";

/** Bars of points issued (purple) and redeemed (orange) per day, drawn as SVG: no chart library. */
export function ActivityChart({ days }: { days: DailyActivity[] }) {
  if (days.length === 0) return <p>No activity yet.</p>;
  const shown = days.slice(-30);
  const max = shown.reduce((m, d) => (d.issued > m ? d.issued : d.redeemed > m ? d.redeemed : m), 1n);
  const width = 640;
  const height = 180;
  const slot = width / shown.length;
  const bar = Math.max(2, Math.min(24, slot / 2 - 2));
  const h = (v: bigint) => (v <= 0n ? 0 : Math.max(1, Number((v * BigInt(height - 30)) / max)));
  return (
    <figure>
      <svg width={width} height={height} role="img" aria-label="points issued and redeemed per day" data-testid="activity-chart">
        {shown.map((d, i) => {
          const x = i * slot + slot / 2;
          return (
            <g key={d.day}>
              <rect x={x - bar - 1} y={height - 20 - h(d.issued)} width={bar} height={h(d.issued)} fill="#5a3fd6">
                <title>{`${d.day}: issued ${d.issued}`}</title>
              </rect>
              <rect x={x + 1} y={height - 20 - h(d.redeemed)} width={bar} height={h(d.redeemed)} fill="#e0803a">
                <title>{`${d.day}: redeemed ${d.redeemed}`}</title>
              </rect>
              <text x={x} y={height - 5} fontSize="10" textAnchor="middle">{d.day.slice(5)}</text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span style={{ color: "#5a3fd6" }}>■</span> issued <span style={{ color: "#e0803a" }}>■</span> redeemed (net of refunds), per UTC day
      </figcaption>
    </figure>
  );
}
