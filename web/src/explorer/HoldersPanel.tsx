import { useTranslation } from "react-i18next";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useFormat } from "../ui/format.js";
import { ExplorerAddress } from "./links.js";
import { PagedTable } from "./PagedTable.js";

/** The largest balances, largest first. */
export function HoldersPanel({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const f = useFormat();
  const title = t("explorer.holders.title");
  return (
    <section data-testid="explorer-holders">
      <h2>{title}</h2>
      <PagedTable
        title={title}
        load={(paging) => ix.holders(paging)}
        deps={[ix]}
        empty={t("explorer.holders.none")}
        rowKey={(h) => h.address}
        rowTestId={(h) => `holder-${h.address}`}
        columns={[
          { label: t("explorer.holders.rank"), cell: (_, rank) => f.number(rank) },
          { label: t("explorer.holders.holder"), cell: (h) => <ExplorerAddress address={h.address} /> },
          { label: t("explorer.holders.balance"), cell: (h) => f.points(h.balance) },
          { label: t("explorer.holders.movements"), cell: (h) => f.number(h.movements) },
        ]}
      />
    </section>
  );
}
