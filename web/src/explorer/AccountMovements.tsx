import { useTranslation } from "react-i18next";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useCursorPages } from "../data/explorer.js";
import { useQuery } from "../data/useQuery.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { CursorPager } from "./CursorPager.js";
import { ExplorerAddress, TxHash } from "./links.js";
import { usePointsChange } from "./MovementsPanel.js";

const PAGE = 10;

/** One account's movements, newest first, with the balance after each. */
export function AccountMovements({ ix, address }: { ix: IndexerClient; address: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const change = usePointsChange();
  const pages = useCursorPages(address);
  const moves = useQuery(() => ix.historyPage(address, { order: "desc", limit: PAGE, cursor: pages.cursor }), [ix, address, pages.cursor]);
  const title = t("explorer.search.recent");
  return (
    <div data-testid="account-movements">
      <h3>{title}</h3>
      <QueryView query={moves} isEmpty={(p) => p.items.length === 0} empty={t("history.none")}>
        {(p) => (
          <>
            <table className="stack">
              <thead><tr><th>{t("history.date")}</th><th>{t("history.what")}</th><th>{t("history.points")}</th><th>{t("history.balance")}</th><th>{t("history.with")}</th><th>{t("history.reference")}</th></tr></thead>
              <tbody>
                {p.items.map((m) => (
                  <tr key={`${m.txHash}-${m.logIndex}`}>
                    <td data-label={t("history.date")}>{f.dateTime(m.time.getTime() / 1000)}</td>
                    <td data-label={t("history.what")}>{t(`movement.${m.kind}`)}</td>
                    <td data-label={t("history.points")} className={m.points >= 0n ? "plus" : "minus"}>{change(m.points)}</td>
                    <td data-label={t("history.balance")}>{f.number(m.balance)}</td>
                    <td data-label={t("history.with")}><ExplorerAddress address={m.counterparty} /></td>
                    <td data-label={t("history.reference")}>{m.ref} <TxHash hash={m.txHash} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <CursorPager pages={pages} next={p.next} list={title} />
          </>
        )}
      </QueryView>
    </div>
  );
}
