import { useTranslation } from "react-i18next";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useCursorPages } from "../data/explorer.js";
import { useQuery } from "../data/useQuery.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { CursorPager } from "./CursorPager.js";
import { ExplorerAddress } from "./links.js";

const PAGE = 10;

/** The largest balances, largest first. */
export function HoldersPanel({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pages = useCursorPages();
  const holders = useQuery(() => ix.holders({ limit: PAGE, cursor: pages.cursor }), [ix, pages.cursor]);
  const title = t("explorer.holders.title");
  return (
    <section data-testid="explorer-holders">
      <h2>{title}</h2>
      <QueryView query={holders} isEmpty={(p) => p.items.length === 0} empty={t("explorer.holders.none")}>
        {(p) => (
          <>
            <table className="stack">
              <thead><tr><th>{t("explorer.holders.rank")}</th><th>{t("explorer.holders.holder")}</th><th>{t("explorer.holders.balance")}</th><th>{t("explorer.holders.movements")}</th></tr></thead>
              <tbody>
                {p.items.map((h, i) => (
                  <tr key={h.address} data-testid={`holder-${h.address}`}>
                    <td data-label={t("explorer.holders.rank")}>{f.number((pages.page - 1) * PAGE + i + 1)}</td>
                    <td data-label={t("explorer.holders.holder")}><ExplorerAddress address={h.address} /></td>
                    <td data-label={t("explorer.holders.balance")}>{f.points(h.balance)}</td>
                    <td data-label={t("explorer.holders.movements")}>{f.number(h.movements)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <CursorPager pages={pages} next={p.next} list={title} />
          </>
        )}
      </QueryView>
    </section>
  );
}
