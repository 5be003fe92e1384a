import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { useBlockTimes } from "../data/blockTimes.js";
import { itemText, useCatalog } from "../data/catalog.js";
import { useOrderDetails, type OrderDetails } from "../data/orders.js";
import { Address } from "../ui/Address.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { reasonCode } from "../console/reasons.js";
import { DeliveryOnFile } from "./DeliveryOnFile.js";
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
  const itemOf = (skuId: number) => (catalog.status === "ok" ? catalog.data.items.find((i) => i.id === skuId) : undefined);
  const physical = d.lines.some((l) => itemOf(l.skuId)?.meta?.kind === "physical");
  const name = (skuId: number) => {
    const item = itemOf(skuId);
    return item === undefined ? t("item.fallbackName", { id: skuId }) : itemText(item).name;
  };
  return (
    <div className="receipt" data-testid="receipt">
      <p>
        <StatusBadge status={d.order.status} /> {t("receipt.buyer")} <Address address={d.order.buyer} />
      </p>
      <table className="stack" data-testid="lines">
        <thead><tr><th>{t("orders.item")}</th><th>{t("orders.qty")}</th><th>{t("receipt.each")}</th><th>{t("orders.points")}</th></tr></thead>
        <tbody>
          {d.lines.map((l) => (
            <tr key={l.skuId}>
              <td data-label={t("orders.item")}><Link to={`/item/${l.skuId}`}>{name(l.skuId)}</Link></td>
              <td data-label={t("orders.qty")}>{l.qty}</td>
              <td data-label={t("receipt.each")}>{f.points(l.pointsPaid / BigInt(l.qty))}</td>
              <td data-label={t("orders.points")}>{f.points(l.pointsPaid)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="total" data-testid="receipt-total">{t("receipt.total", { count: d.lines.length, points: f.points(d.order.pointsPaid) })}</p>
      <Timeline d={d} />
      {physical && <DeliveryOnFile orderId={d.order.id} buyer={d.order.buyer} open={d.order.status === "Placed"} />}
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
  const placed = params.get("placed") === "1";
  return (
    <main>
      <h1>{t("receipt.title", { id: id ?? "" })}</h1>
      {placed && <p className="feedback ok" role="status" data-testid="placed">{t("receipt.thanks")}</p>}
      {orderId === undefined ? (
        <p className="state empty">{t("errors.unknownOrder", { order: id ?? "" })}</p>
      ) : (
        <QueryView query={details} loading={t("receipt.loading")}>{(d) => <Receipt d={d} />}</QueryView>
      )}
      <p><Link to="/orders">{t("receipt.allOrders")}</Link></p>
    </main>
  );
}
