import { useTranslation } from "react-i18next";
import { dailyActivity, reconcile, type Reconciliation } from "../../../src/sdk/index.js";
import { viaLedger } from "../data/ledger.js";
import { useQuery } from "../data/useQuery.js";
import { Address } from "../ui/Address.js";
import { useFormat } from "../ui/format.js";
import { LedgerNote } from "../ui/LedgerNote.js";
import { QueryView } from "../ui/QueryView.js";
import { useWallet } from "../wallet/WalletContext.js";
import { ActivityChart } from "./ActivityChart.js";

function Books({ books }: { books: Reconciliation }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div data-testid="books">
      <p>{t("books.summary", { block: books.block, supply: f.points(books.totalSupply), holders: books.holders, sum: f.points(books.sumOfBalances) })}</p>
      <p>{t("books.identity", { issued: f.number(books.issued), burned: f.number(books.burned), refunded: f.number(books.refunded), result: f.number(books.issued - books.burned + books.refunded) })}</p>
      <p>
        {t("books.reserve", { open: f.points(books.pointsInOpenOrders), reserve: f.points(books.refundReserve), finalized: f.points(books.finalized) })}{" "}
        {books.supplyCap === 0n ? t("books.noCap") : t("books.cap", { cap: f.points(books.supplyCap), room: f.points(books.supplyCap - books.totalSupply - books.refundReserve) })}
      </p>
      {books.differences.length === 0 ? (
        <p className="ok">{t("books.balanced")}</p>
      ) : (
        <ul className="field-error" data-testid="differences">{books.differences.map((d) => <li key={d}>{d}</li>)}</ul>
      )}
      <div className="table-scroll">
        <table>
          <thead><tr><th>{t("books.issuer")}</th><th>{t("books.issued")}</th><th>{t("books.quotaLeft")}</th><th>{t("books.redeemedByCustomers")}</th></tr></thead>
          <tbody>{books.issuers.map((i) => <tr key={i.issuer}><td><Address address={i.issuer} /></td><td>{f.number(i.issued)}</td><td>{f.number(i.quotaLeft)}</td><td>{f.number(i.redeemedByItsCustomers)}</td></tr>)}</tbody>
        </table>
      </div>
      <div className="table-scroll">
        <table>
          <thead><tr><th>{t("books.sku")}</th><th>{t("books.supplied")}</th><th>{t("books.stock")}</th><th>{t("books.sold")}</th><th>{t("books.soldByOrders")}</th></tr></thead>
          <tbody>
            {books.skus.map((s) => {
              const off = (!s.unlimited && s.stock + s.sold !== s.supplied) || s.sold !== s.soldByOrders;
              return (
                <tr key={s.skuId} className={off ? "field-error" : ""}>
                  <td>{s.skuId}</td><td>{s.unlimited ? t("books.unlimited") : f.number(s.supplied)}</td><td>{s.unlimited ? "–" : f.number(s.stock)}</td><td>{f.number(s.sold)}</td><td>{f.number(s.soldByOrders)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The reconciliation and the activity per day: for the admins, pausers and issuers. */
export function BooksPanel() {
  const { t } = useTranslation();
  const { reader } = useWallet();
  const books = useQuery(() => viaLedger(reader, (ix) => ix.books(), (chain) => reconcile(chain)), [reader]);
  const activity = useQuery(() => viaLedger(reader, (ix) => ix.activity(), (chain) => dailyActivity(chain)), [reader]);
  return (
    <>
      <LedgerNote />
      <section>
        <h2>{t("books.activity")}</h2>
        <QueryView query={activity} isEmpty={(d) => d.length === 0} empty={t("books.noActivity")}>{(d) => <ActivityChart days={d} />}</QueryView>
      </section>
      <section>
        <h2>{t("books.title")}</h2>
        <QueryView query={books} loading={t("books.reading")}>{(b) => <Books books={b} />}</QueryView>
      </section>
    </>
  );
}
