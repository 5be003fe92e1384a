import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useRowTimes } from "../data/blockTimes.js";
import { linesText, useCatalog } from "../data/catalog.js";
import { useBuyerOrders, type OrderRow } from "../data/orders.js";
import { useFormat } from "../ui/format.js";
import { Pager, usePage } from "../ui/Pager.js";
import { LedgerNote } from "../ui/LedgerNote.js";
import { QueryView } from "../ui/QueryView.js";
import { RequireAccount } from "../account/RequireAccount.js";
import { StatusBadge } from "./StatusBadge.js";

function OrderTable({ rows }: { rows: OrderRow[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const catalog = useCatalog();
  const { page, pages, shown } = usePage(rows);
  const timeOf = useRowTimes(shown);
  return (
    <>
      <table className="stack" data-testid="orders">
        <thead><tr><th>{t("orders.order")}</th><th>{t("orders.date")}</th><th>{t("orders.item")}</th><th>{t("orders.points")}</th><th>{t("orders.status")}</th></tr></thead>
        <tbody>
          {shown.map(({ order: o, lines, block, time }) => (
            <tr key={o.id.toString()}>
              <td data-label={t("orders.order")}><Link to={`/orders/${o.id}`}>#{o.id.toString()}</Link></td>
              <td data-label={t("orders.date")}>{f.dateTimeOrPending(timeOf({ block, time }))}</td>
              <td data-label={t("orders.item")}>{linesText(lines, catalog.status === "ok" ? catalog.data : undefined)}</td>
              <td data-label={t("orders.points")}>{f.points(o.pointsPaid)}</td>
              <td data-label={t("orders.status")}><StatusBadge status={o.status} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pages={pages} />
    </>
  );
}

export function OrdersPage() {
  const { t } = useTranslation();
  const orders = useBuyerOrders();
  return (
    <main>
      <h1>{t("orders.title")}</h1>
      <RequireAccount>
        <LedgerNote />
        <QueryView query={orders} isEmpty={(rows) => rows.length === 0} empty={t("orders.none")}>
          {(rows) => <OrderTable rows={rows} />}
        </QueryView>
      </RequireAccount>
    </main>
  );
}
