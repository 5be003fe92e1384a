import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import type { Order } from "../../../src/sdk/index.js";
import { useBlockTimes } from "../data/blockTimes.js";
import { itemText, useCatalog } from "../data/catalog.js";
import { useOrderDetails, type OrderDetails } from "../data/orders.js";
import { Address } from "../ui/Address.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { reasonCode } from "../console/reasons.js";
import { StatusBadge } from "./StatusBadge.js";

function Timeline({ d }: { d: OrderDetails }) {
  const { t } = useTranslation();
  const f = useFormat();
  const reasonText = (text: string) => {
    const code = reasonCode(text);
    return code === undefined ? text : t(`reasons.${code}`);
  };
  const times = useBlockTimes([d.placed.block, d.fulfilled?.block, d.cancelled?.block].filter((b): b is number => b !== undefined));
  const when = (block: number) => (times.status === "ok" && times.data.has(block) ? f.dateTime(times.data.get(block)!) : t("receipt.block", { block }));
  return (
    <ol className="timeline" data-testid="timeline">
      <li>
        <strong>{t("status.Placed")}</strong> <time>{when(d.placed.block)}</time>
      </li>
      {d.fulfilled !== undefined && (
        <li>
          <strong>{t("status.Fulfilled")}</strong> <time>{when(d.fulfilled.block)}</time>
          <p>{t("receipt.deliveryRef", { ref: d.fulfilled.deliveryRef })}</p>
        </li>
      )}
      {d.cancelled !== undefined && (
        <li>
          <strong>{t("status.Cancelled")}</strong> <time>{when(d.cancelled.block)}</time>
          <p>{t("receipt.cancelReason", { reason: reasonText(d.cancelled.reason) })}</p>
          <p>{t("receipt.refunded", { points: f.points(d.cancelled.refunded) })}</p>
        </li>
      )}
      {d.order.status === "Placed" && <li className="next">{t("receipt.waiting")}</li>}
    </ol>
  );
}

function Receipt({ d }: { d: OrderDetails }) {
  const { t } = useTranslation();
  const f = useFormat();
  const catalog = useCatalog();
  const name = (o: Order) => {
    const item = catalog.status === "ok" ? catalog.data.items.find((i) => i.id === o.skuId) : undefined;
    return item === undefined ? t("item.fallbackName", { id: o.skuId }) : itemText(item).name;
  };
  const all = [d.order, ...d.together].sort((a, b) => (a.id < b.id ? -1 : 1));
  return (
    <div className="receipt" data-testid="receipt">
      <p>
        <StatusBadge status={d.order.status} /> {t("receipt.buyer")} <Address address={d.order.buyer} />
      </p>
      <table className="stack">
        <thead><tr><th>{t("orders.order")}</th><th>{t("orders.item")}</th><th>{t("orders.qty")}</th><th>{t("orders.points")}</th><th>{t("orders.status")}</th></tr></thead>
        <tbody>
          {all.map((o) => (
            <tr key={o.id.toString()} className={o.id === d.order.id ? "current" : ""}>
              <td data-label={t("orders.order")}>{o.id === d.order.id ? `#${o.id}` : <Link to={`/orders/${o.id}`}>#{o.id.toString()}</Link>}</td>
              <td data-label={t("orders.item")}><Link to={`/item/${o.skuId}`}>{name(o)}</Link></td>
              <td data-label={t("orders.qty")}>{o.qty}</td>
              <td data-label={t("orders.points")}>{f.points(o.pointsPaid)}</td>
              <td data-label={t("orders.status")}><StatusBadge status={o.status} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {all.length > 1 && <p className="total">{t("receipt.cartTotal", { count: all.length, points: f.points(all.reduce((s, o) => s + o.pointsPaid, 0n)) })}</p>}
      <Timeline d={d} />
      {d.placed.from.toLowerCase() !== d.order.buyer.toLowerCase() && <p className="meta" data-testid="gas-paid">{t("receipt.gasPaid")}</p>}
      <p className="meta">{t("receipt.tx")} <code title={d.placed.tx}>{d.placed.tx.slice(0, 10)}…{d.placed.tx.slice(-6)}</code></p>
    </div>
  );
}

export function ReceiptPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const orderId = /^\d{1,19}$/.test(id ?? "") && id !== "0" ? BigInt(id!) : undefined;
  const details = useOrderDetails(orderId);
  const placed = Number(params.get("placed") ?? "0");
  return (
    <main>
      <h1>{t("receipt.title", { id: id ?? "" })}</h1>
      {placed > 0 && <p className="feedback ok" role="status" data-testid="placed">{t("receipt.thanks", { count: placed })}</p>}
      {orderId === undefined ? (
        <p className="state empty">{t("errors.unknownOrder", { order: id ?? "" })}</p>
      ) : (
        <QueryView query={details} loading={t("receipt.loading")}>{(d) => <Receipt d={d} />}</QueryView>
      )}
      <p><Link to="/orders">{t("receipt.allOrders")}</Link></p>
    </main>
  );
}
