import { useTranslation } from "react-i18next";
import type { IndexerClient, Reconciliation } from "../../../src/sdk/index.js";
import { useQuery } from "../data/useQuery.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";

function Figures({ books }: { books: Reconciliation }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows: [string, bigint][] = [
    [t("explorer.books.supply"), books.totalSupply],
    [t("explorer.books.balances", { count: books.holders }), books.sumOfBalances],
    [t("explorer.books.open"), books.pointsInOpenOrders],
    [t("explorer.books.reserve"), books.refundReserve],
    [t("explorer.books.final"), books.finalized],
  ];
  return (
    <dl className="figures">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{f.points(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether the books balance (the indexer's last check against the chain) and the figures of the identity. */
export function BooksState({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const f = useFormat();
  const books = useQuery(() => ix.books(), [ix]);
  return (
    <section data-testid="explorer-books">
      <h2>{t("explorer.books.title")}</h2>
      <QueryView query={books} loading={t("books.reading")}>
        {(b) => (
          <>
            {b.differences.length === 0 ? (
              <p className="ok" data-testid="books-verdict">{t("explorer.books.reconciled", { block: b.block })}</p>
            ) : (
              <>
                <p className="field-error" data-testid="books-verdict">{t("explorer.books.unreconciled", { block: b.block })}</p>
                <ul className="field-error">{b.differences.map((d) => <li key={d}>{d}</li>)}</ul>
              </>
            )}
            <p>{t("books.identity", { issued: f.number(b.issued), burned: f.number(b.burned), refunded: f.number(b.refunded), result: f.number(b.issued - b.burned + b.refunded) })}</p>
            <Figures books={b} />
          </>
        )}
      </QueryView>
    </section>
  );
}
