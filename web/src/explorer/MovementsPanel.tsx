import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { IndexerClient, PlatformMovement } from "../../../src/sdk/index.js";
import { useCursorPages } from "../data/explorer.js";
import { useQuery } from "../data/useQuery.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { CursorPager } from "./CursorPager.js";
import { ExplorerAddress, TxHash } from "./links.js";

const PAGE = 10;

/** Signed points as the history shows them: +credited, −debited. */
export function usePointsChange(): (points: bigint) => string {
  const f = useFormat();
  return (points) => (points >= 0n ? "+" : "−") + f.number(points >= 0n ? points : -points);
}

function MovementRow({ m }: { m: PlatformMovement }) {
  const { t } = useTranslation();
  const f = useFormat();
  const change = usePointsChange();
  return (
    <tr data-testid={`movement-${m.txHash}-${m.logIndex}`}>
      <td data-label={t("explorer.movements.date")}><time dateTime={m.time.toISOString()}>{f.dateTime(m.time.getTime() / 1000)}</time></td>
      <td data-label={t("explorer.movements.what")}>{t(`movement.${m.kind}`)}</td>
      <td data-label={t("explorer.movements.account")}><ExplorerAddress address={m.account} /></td>
      <td data-label={t("explorer.movements.points")} className={m.points >= 0n ? "plus" : "minus"}>{change(m.points)}</td>
      <td data-label={t("explorer.movements.with")}><ExplorerAddress address={m.counterparty} /></td>
      <td data-label={t("explorer.movements.reference")}>
        {/^order #\d+$/.test(m.ref) ? <Link to={`/explorer?q=${encodeURIComponent(m.ref)}`}>{m.ref}</Link> : m.ref} <TxHash hash={m.txHash} />
      </td>
    </tr>
  );
}

/** Movements across the platform, newest first; the first page follows the ledger live. */
export function MovementsPanel({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const pages = useCursorPages();
  const movements = useQuery(() => ix.movements({ limit: PAGE, cursor: pages.cursor }), [ix, pages.cursor]);
  const title = t("explorer.movements.title");
  return (
    <section data-testid="explorer-movements">
      <h2>{title}</h2>
      <QueryView query={movements} isEmpty={(p) => p.items.length === 0} empty={t("explorer.movements.none")}>
        {(p) => (
          <>
            <table className="stack">
              <thead><tr><th>{t("explorer.movements.date")}</th><th>{t("explorer.movements.what")}</th><th>{t("explorer.movements.account")}</th><th>{t("explorer.movements.points")}</th><th>{t("explorer.movements.with")}</th><th>{t("explorer.movements.reference")}</th></tr></thead>
              <tbody>{p.items.map((m) => <MovementRow key={`${m.txHash}-${m.logIndex}`} m={m} />)}</tbody>
            </table>
            <CursorPager pages={pages} next={p.next} list={title} />
          </>
        )}
      </QueryView>
    </section>
  );
}
