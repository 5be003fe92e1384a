import { useTranslation } from "react-i18next";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useFormat } from "../ui/format.js";
import { ExplorerAddress, TxHash } from "./links.js";
import { usePointsChange } from "./MovementsPanel.js";
import { PagedTable } from "./PagedTable.js";

/** One account's movements, newest first, with the balance after each. */
export function AccountMovements({ ix, address }: { ix: IndexerClient; address: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const change = usePointsChange();
  const title = t("explorer.search.recent");
  return (
    <div data-testid="account-movements">
      <h3>{title}</h3>
      <PagedTable
        title={title}
        load={(paging) => ix.historyPage(address, { order: "desc", ...paging })}
        deps={[ix, address]}
        resetKey={address}
        empty={t("history.none")}
        rowKey={(m) => `${m.txHash}-${m.logIndex}`}
        columns={[
          { label: t("history.date"), cell: (m) => f.dateTime(m.time.getTime() / 1000) },
          { label: t("history.what"), cell: (m) => t(`movement.${m.kind}`) },
          { label: t("history.points"), cell: (m) => change(m.points), className: (m) => (m.points >= 0n ? "plus" : "minus") },
          { label: t("history.balance"), cell: (m) => f.number(m.balance) },
          { label: t("history.with"), cell: (m) => <ExplorerAddress address={m.counterparty} /> },
          { label: t("history.reference"), cell: (m) => <>{m.ref} <TxHash hash={m.txHash} /></> },
        ]}
      />
    </div>
  );
}
