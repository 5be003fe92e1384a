import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { cancel, fulfil, type Order } from "../../../src/sdk/index.js";
import { Address } from "../ui/Address.js";
import { Feedback } from "../ui/Feedback.js";
import { useFormat } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";
import { CANCEL_REASONS, fitsRef, type ReasonCode } from "./reasons.js";

/**
 * Fulfil with a delivery reference, or cancel with a reason after a confirmation that names the
 * refund. After either, the row stays (onHandled) with the order's new status and the feedback.
 */
export function OrderActions({ order, onHandled }: { order: Order; onHandled: (id: bigint) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { client } = useWallet();
  const action = useAction();
  const [mode, setMode] = useState<"idle" | "cancel">("idle");
  const [reason, setReason] = useState<ReasonCode>("outOfStock");
  const [other, setOther] = useState("");
  const [problem, setProblem] = useState<string>();
  const said = reason === "other" ? other.trim() : (CANCEL_REASONS.find((r) => r.code === reason)?.text ?? "");

  const onFulfil = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ref = String(new FormData(event.currentTarget).get("ref") ?? "").trim();
    if (!fitsRef(ref)) return setProblem(t("queue.badRef"));
    setProblem(undefined);
    onHandled(order.id);
    void action.run(() => fulfil(client!, { orderId: order.id, deliveryRef: ref }), () => t("queue.fulfilled", { id: order.id.toString() }));
  };
  const onCancel = () => {
    if (!fitsRef(said)) return setProblem(t("queue.badReason"));
    setProblem(undefined);
    onHandled(order.id);
    void action
      .run(() => cancel(client!, { orderId: order.id, reason: said }), () => t("queue.cancelled", { id: order.id.toString(), points: f.points(order.pointsPaid) }))
      .then(() => setMode("idle"));
  };

  if (order.status !== "Placed") return <Feedback state={action.state} />;
  return (
    <div className="order-actions">
      {mode === "idle" ? (
        <form className="inline" onSubmit={onFulfil}>
          <input name="ref" placeholder={t("queue.refPlaceholder")} aria-label={t("queue.refLabel", { id: order.id.toString() })} />
          <button type="submit" disabled={action.pending}>{t("queue.fulfil")}</button>
          <button type="button" disabled={action.pending} onClick={() => { setMode("cancel"); action.reset(); }}>{t("queue.cancel")}</button>
        </form>
      ) : (
        <div className="confirm" role="alertdialog" aria-label={t("queue.cancelTitle", { id: order.id.toString() })}>
          <label>
            {t("queue.reason")}
            <select value={reason} onChange={(e) => setReason(e.target.value as ReasonCode)}>
              {CANCEL_REASONS.map((r) => <option key={r.code} value={r.code}>{t(`reasons.${r.code}`)}</option>)}
            </select>
          </label>
          {reason === "other" && <input value={other} onChange={(e) => setOther(e.target.value)} aria-label={t("queue.otherReason")} placeholder={t("queue.otherReason")} />}
          <p>{t("queue.cancelQuestion", { id: order.id.toString(), points: f.points(order.pointsPaid) })} <Address address={order.buyer} /></p>
          <button type="button" className="danger" disabled={action.pending} onClick={onCancel}>{t("queue.cancelYes")}</button>
          <button type="button" disabled={action.pending} onClick={() => setMode("idle")}>{t("queue.cancelNo")}</button>
        </div>
      )}
      {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
      <Feedback state={action.state} />
    </div>
  );
}
