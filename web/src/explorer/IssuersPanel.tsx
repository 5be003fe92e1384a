import { useTranslation } from "react-i18next";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useCursorPages } from "../data/explorer.js";
import { useQuery } from "../data/useQuery.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { CursorPager } from "./CursorPager.js";
import { ExplorerAddress } from "./links.js";

const PAGE = 10;

/** Each issuer's liability: what it issued, its share of the points still out, its quota left. */
export function IssuersPanel({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pages = useCursorPages();
  const issuers = useQuery(() => ix.issuers({ limit: PAGE, cursor: pages.cursor }), [ix, pages.cursor]);
  const title = t("explorer.issuers.title");
  return (
    <section data-testid="explorer-issuers">
      <h2>{title}</h2>
      <QueryView query={issuers} isEmpty={(p) => p.items.length === 0} empty={t("explorer.issuers.none")}>
        {(p) => (
          <>
            <table className="stack">
              <thead><tr><th>{t("explorer.issuers.issuer")}</th><th>{t("explorer.issuers.merchant")}</th><th>{t("explorer.issuers.issued")}</th><th>{t("explorer.issuers.outstanding")}</th><th>{t("explorer.issuers.quotaLeft")}</th></tr></thead>
              <tbody>
                {p.items.map((i) => (
                  <tr key={i.issuer} data-testid={`issuer-${i.issuer}`}>
                    <td data-label={t("explorer.issuers.issuer")}>
                      <ExplorerAddress address={i.issuer} />
                      {!i.isIssuer && <span className="meta"> ({t("explorer.issuers.retired")})</span>}
                    </td>
                    <td data-label={t("explorer.issuers.merchant")}>{i.merchantId === 0 ? t("explorer.issuers.platform") : `#${i.merchantId}`}</td>
                    <td data-label={t("explorer.issuers.issued")}>{f.number(i.issued)}</td>
                    <td data-label={t("explorer.issuers.outstanding")}>{f.number(i.outstanding)}</td>
                    <td data-label={t("explorer.issuers.quotaLeft")}>{f.number(i.quotaLeft)}</td>
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
