import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useFormat } from "../ui/format.js";
import { ExplorerAddress, TxHash } from "./links.js";
import { PagedTable } from "./PagedTable.js";

/** Signed points as the history shows them: +credited, −debited. */
export function usePointsChange(): (points: bigint) => string {
  const f = useFormat();
  return (points) => (points >= 0n ? "+" : "−") + f.number(points >= 0n ? points : -points);
}

/** Movements across the platform, newest first; the first page follows the ledger live. */
export function MovementsPanel({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const f = useFormat();
  const change = usePointsChange();
  const title = t("explorer.movements.title");
  return (
    <section data-testid="explorer-movements">
      <h2>{title}</h2>
      <PagedTable
        title={title}
        load={(paging) => ix.movements(paging)}
        deps={[ix]}
        empty={t("explorer.movements.none")}
        rowKey={(m) => `${m.txHash}-${m.logIndex}`}
        rowTestId={(m) => `movement-${m.txHash}-${m.logIndex}`}
        columns={[
          { label: t("explorer.movements.date"), cell: (m) => <time dateTime={m.time.toISOString()}>{f.dateTime(m.time.getTime() / 1000)}</time> },
          { label: t("explorer.movements.what"), cell: (m) => t(`movement.${m.kind}`) },
          { label: t("explorer.movements.account"), cell: (m) => <ExplorerAddress address={m.account} /> },
          { label: t("explorer.movements.points"), cell: (m) => change(m.points), className: (m) => (m.points >= 0n ? "plus" : "minus") },
          { label: t("explorer.movements.with"), cell: (m) => <ExplorerAddress address={m.counterparty} /> },
          {
            label: t("explorer.movements.reference"),
            cell: (m) => <>{/^order #\d+$/.test(m.ref) ? <Link to={`/explorer?q=${encodeURIComponent(m.ref)}`}>{m.ref}</Link> : m.ref} <TxHash hash={m.txHash} /></>,
          },
        ]}
      />
    </section>
  );
}
