import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { OrderStatus } from "../../../src/sdk/index.js";
import { useRowTimes } from "../data/blockTimes.js";
import { itemText, linesText, useCatalog } from "../data/catalog.js";
import { useMerchantOrders, type OrderRow } from "../data/orders.js";
import { StatusBadge } from "../shop/StatusBadge.js";
import { Address } from "../ui/Address.js";
import { useFormat } from "../ui/format.js";
import { Pager, usePage } from "../ui/Pager.js";
import { LedgerNote } from "../ui/LedgerNote.js";
import { QueryView } from "../ui/QueryView.js";
import { DeliveryCell } from "./DeliveryCell.js";
import { DeliverySignIn } from "./DeliverySignIn.js";
import { OrderActions } from "./OrderActions.js";

const STATUSES: (OrderStatus | "all")[] = ["Placed", "Fulfilled", "Cancelled", "all"];

function QueueTable({ rows, touched, onHandled }: { rows: OrderRow[]; touched: Set<bigint>; onHandled: (id: bigint) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const catalog = useCatalog();
  const { page, pages, shown } = usePage(rows);
  const timeOf = useRowTimes(shown);
  const physical = (lines: OrderRow["lines"]) => catalog.status === "ok" && lines.some((l) => catalog.data.items.find((i) => i.id === l.skuId)?.meta?.kind === "physical");
  return (
    <>
      <table className="stack" data-testid="placed-orders">
        <thead><tr><th>{t("orders.order")}</th><th>{t("orders.date")}</th><th>{t("queue.buyer")}</th><th>{t("orders.item")}</th><th>{t("orders.points")}</th><th>{t("orders.status")}</th><th>{t("deliveryConsole.column")}</th><th>{t("queue.actions")}</th></tr></thead>
        <tbody>
          {shown.map(({ order: o, lines, block, time }) => (
            <tr key={o.id.toString()} data-testid={`order-${o.id}`}>
              <td data-label={t("orders.order")}>#{o.id.toString()}</td>
              <td data-label={t("orders.date")}>{f.dateTimeOrPending(timeOf({ block, time }))}</td>
              <td data-label={t("queue.buyer")}><Address address={o.buyer} /></td>
              <td data-label={t("orders.item")}>{linesText(lines, catalog.status === "ok" ? catalog.data : undefined)}</td>
              <td data-label={t("orders.points")}>{f.points(o.pointsPaid)}</td>
              <td data-label={t("orders.status")}><StatusBadge status={o.status} /></td>
              <td data-label={t("deliveryConsole.column")}>{physical(lines) ? <DeliveryCell orderId={o.id} /> : "–"}</td>
              <td data-label={t("queue.actions")}>{o.status === "Placed" || touched.has(o.id) ? <OrderActions order={o} onHandled={onHandled} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pages={pages} />
    </>
  );
}

/** The merchant's orders, newest first, filtered by status (waiting ones first), item and buyer. */
export function OrderQueue({ merchantId }: { merchantId: number }) {
  const { t } = useTranslation();
  const orders = useMerchantOrders(merchantId);
  const catalog = useCatalog();
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "Placed") as OrderStatus | "all";
  const sku = params.get("sku") ?? "";
  const buyer = (params.get("buyer") ?? "").trim().toLowerCase();
  // Orders handled here stay in view with their new status until the filter changes.
  const [touched, setTouched] = useState(new Set<bigint>());
  const onHandled = (id: bigint) => setTouched((x) => new Set(x).add(id));
  const set = (k: string, v: string) => {
    setTouched(new Set());
    setParams((p) => {
      if (v === "") p.delete(k);
      else p.set(k, v);
      p.delete("page");
      return p;
    }, { replace: true });
  };

  return (
    <section data-testid="order-queue">
      <h2>{t("queue.title")}</h2>
      <DeliverySignIn />
      <div className="filters">
        <select aria-label={t("queue.filterStatus")} value={status} onChange={(e) => set("status", e.target.value)}>
          {STATUSES.map((s) => <option key={s} value={s}>{s === "all" ? t("queue.allStatuses") : t(`status.${s}`)}</option>)}
        </select>
        <select aria-label={t("queue.filterItem")} value={sku} onChange={(e) => set("sku", e.target.value)}>
          <option value="">{t("queue.allItems")}</option>
          {catalog.status === "ok" &&
            catalog.data.items.filter((i) => i.merchantId === merchantId).map((i) => (
              <option key={i.id} value={String(i.id)}>{itemText(i).name}</option>
            ))}
        </select>
        <input type="search" aria-label={t("queue.filterBuyer")} placeholder={t("queue.filterBuyer")} value={params.get("buyer") ?? ""} onChange={(e) => set("buyer", e.target.value)} />
      </div>
      <LedgerNote />
      <QueryView query={orders}>
        {(rows) => {
          const matching = rows.filter(
            (r) =>
              touched.has(r.order.id) ||
              ((status === "all" || r.order.status === status) && (sku === "" || r.lines.some((l) => String(l.skuId) === sku)) && (buyer === "" || r.order.buyer.toLowerCase().includes(buyer))),
          );
          return matching.length === 0 ? (
            <p className="state empty">{status === "Placed" ? t("queue.noneWaiting") : t("queue.none")}</p>
          ) : (
            <QueueTable rows={matching} touched={touched} onHandled={onHandled} />
          );
        }}
      </QueryView>
    </section>
  );
}
