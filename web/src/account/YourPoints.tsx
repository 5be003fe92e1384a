import { useTranslation } from "react-i18next";
import { useBalance } from "../data/account.js";
import { EXPIRING_WITHIN_SECONDS, useExpiring, useMemberStatus, usePending } from "../data/mechanics.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { useWallet } from "../wallet/WalletContext.js";

const DAY = 86_400n;

/** Points earned on purchases and held for the return window, each receipt with its release date. */
function PendingPoints() {
  const { t } = useTranslation();
  const f = useFormat();
  const pending = usePending();
  return (
    <div data-testid="points-pending">
      <h3>{t("yourPoints.pending")}</h3>
      <QueryView query={pending} isEmpty={(p) => p.receipts.length === 0} empty={t("yourPoints.pendingNone")}>
        {(p) => (
          <>
            <p className="points-figure">{f.points(p.total)}</p>
            <ul className="points-rows">
              {p.receipts.map((r) => (
                <li key={`${r.rules}-${r.receipt}`} data-testid="pending-row">
                  {t("yourPoints.pendingRow", { points: f.points(r.points), date: f.day(r.releaseAt) })}
                </li>
              ))}
            </ul>
            <p className="meta">{t("yourPoints.pendingNote")}</p>
          </>
        )}
      </QueryView>
    </div>
  );
}

/** Status points in the window, the tier they reach, and what the next tier needs. */
function StatusTier() {
  const { t } = useTranslation();
  const f = useFormat();
  const status = useMemberStatus();
  return (
    <div data-testid="points-status">
      <h3>{t("yourPoints.status")}</h3>
      <QueryView query={status}>
        {(m) => (
          <>
            <p className="points-figure">{t("yourPoints.statusLine", { points: f.number(m.statusPoints), tier: m.tierName })}</p>
            <p data-testid="next-tier">
              {m.next === undefined
                ? t("yourPoints.topTier")
                : t("yourPoints.nextTier", { missing: f.number(m.next.missing), tier: m.next.name, threshold: f.number(m.next.threshold) })}
            </p>
            <p className="meta">{t("yourPoints.window", { count: Number(m.windowSeconds / DAY) })}</p>
          </>
        )}
      </QueryView>
    </div>
  );
}

/** Points that expire within the month, each lot with its date; nothing when the points never expire. */
function ExpiringPoints() {
  const { t } = useTranslation();
  const f = useFormat();
  const expiring = useExpiring();
  if (expiring.status === "ok" && expiring.data.policy === undefined) return null;
  const days = Number(EXPIRING_WITHIN_SECONDS / DAY);
  return (
    <div data-testid="points-expiring">
      <h3>{t("yourPoints.expiring")}</h3>
      <QueryView query={expiring} isEmpty={(e) => e.lots.length === 0} empty={t("yourPoints.expiringNone", { count: days })}>
        {(e) => (
          <>
            <p className="points-figure">{f.points(e.points)}</p>
            <ul className="points-rows">
              {e.lots.map((lot) => (
                <li key={String(lot.epoch)} data-testid="expiring-row">
                  {t("yourPoints.expiringRow", { points: f.points(lot.points), date: f.dateTime(lot.expiresAt) })}
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryView>
    </div>
  );
}

/** "Your points": spendable, pending, status and expiring, each where the program has it. */
export function YourPoints() {
  const { t } = useTranslation();
  const f = useFormat();
  const { config, account } = useWallet();
  const balance = useBalance();
  if (account === undefined) return null;
  return (
    <section data-testid="your-points">
      <h2>{t("yourPoints.title")}</h2>
      <div className="points-grid">
        <div data-testid="points-spendable">
          <h3>{t("yourPoints.spendable")}</h3>
          <QueryView query={balance}>{(b) => <p className="points-figure">{f.points(b)}</p>}</QueryView>
        </div>
        {(config.rules ?? []).length > 0 && <PendingPoints />}
        {config.status !== undefined && <StatusTier />}
        <ExpiringPoints />
      </div>
    </section>
  );
}
