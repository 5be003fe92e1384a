import { useTranslation } from "react-i18next";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useFormat } from "../ui/format.js";
import { ExplorerAddress } from "./links.js";
import { PagedTable } from "./PagedTable.js";

/** Each issuer's liability: what it issued, its share of the points still out, its quota left. */
export function IssuersPanel({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const f = useFormat();
  const title = t("explorer.issuers.title");
  return (
    <section data-testid="explorer-issuers">
      <h2>{title}</h2>
      <PagedTable
        title={title}
        load={(paging) => ix.issuers(paging)}
        deps={[ix]}
        empty={t("explorer.issuers.none")}
        rowKey={(i) => i.issuer}
        rowTestId={(i) => `issuer-${i.issuer}`}
        columns={[
          {
            label: t("explorer.issuers.issuer"),
            cell: (i) => (
              <>
                <ExplorerAddress address={i.issuer} />
                {!i.isIssuer && <span className="meta"> ({t("explorer.issuers.retired")})</span>}
              </>
            ),
          },
          { label: t("explorer.issuers.merchant"), cell: (i) => (i.merchantId === 0 ? t("explorer.issuers.platform") : `#${i.merchantId}`) },
          { label: t("explorer.issuers.issued"), cell: (i) => f.number(i.issued) },
          { label: t("explorer.issuers.outstanding"), cell: (i) => f.number(i.outstanding) },
          { label: t("explorer.issuers.quotaLeft"), cell: (i) => f.number(i.quotaLeft) },
        ]}
      />
    </section>
  );
}
