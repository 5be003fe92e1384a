import { useTranslation } from "react-i18next";
import { Address } from "../ui/Address.js";
import { useFormat } from "../ui/format.js";

/** A role's current holders (and an issuer's quota left beside each). */
export function HolderList({ label, holders, quotas }: { label: string; holders: string[]; quotas?: Map<string, bigint> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="holders">
      <h3>{label}</h3>
      {holders.length === 0 ? (
        <p className="meta">{t("roles.nobody")}</p>
      ) : (
        <ul>
          {holders.map((h) => (
            <li key={h}>
              <Address address={h} />
              {quotas !== undefined && <span className="meta"> · {t("roles.quotaLeft", { points: f.points(quotas.get(h) ?? 0n) })}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
