import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { DeliveryStatus } from "../../../src/sdk/index.js";
import { Feedback } from "../ui/Feedback.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";
import { DeliveryFieldset } from "./DeliveryDetails.js";
import { EMPTY_FIELDS, eraseDetails, fieldErrors, pendingDetails, sendDetails, useDeliveryStatus, type DeliveryFields } from "./delivery.js";

/**
 * On the buyer's receipt of physical items: whether delivery details are on file, a button that
 * deletes them (signed), or the form to send them (again), prefilled when sending at checkout failed.
 */
export function DeliveryOnFile({ orderId, buyer, open }: { orderId: bigint; buyer: string; open: boolean }) {
  const { t } = useTranslation();
  const { config, client, account } = useWallet();
  const mine = account !== undefined && account.toLowerCase() === buyer.toLowerCase() && config.indexerUrl !== undefined;
  const status = useDeliveryStatus(config, orderId, mine);
  if (!mine) return null;
  return (
    <section className="delivery" data-testid="delivery-status">
      <h2>{t("delivery.title")}</h2>
      <QueryView query={status}>{(s) => <Body s={s} orderId={orderId} open={open} client={client} />}</QueryView>
    </section>
  );
}

function Body({ s, orderId, open, client }: { s: DeliveryStatus; orderId: bigint; open: boolean; client: ReturnType<typeof useWallet>["client"] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { config } = useWallet();
  const [params] = useSearchParams();
  const action = useAction();
  const [fields, setFields] = useState<DeliveryFields>(() => pendingDetails.get(orderId.toString()) ?? EMPTY_FIELDS);
  const [tried, setTried] = useState(false);
  const errors = tried ? fieldErrors(fields, t) : {};
  if (s.onFile) {
    return (
      <>
        <p data-testid="delivery-on-file">{t("delivery.onFile", { date: s.updatedAt === null ? "" : f.dateTime(Math.floor(Date.parse(s.updatedAt) / 1000)) })}</p>
        <button type="button" disabled={action.pending || client === undefined} onClick={() => void action.run(() => eraseDetails(config, client!, orderId), () => t("delivery.deletedDone"))}>
          {t("delivery.delete")}
        </button>
        <Feedback state={action.state} pendingText={t("delivery.signing")} />
      </>
    );
  }
  if (!open) return <p className="meta">{s.deleted ? t("delivery.deletedNote") : t("delivery.none")}</p>;
  const send = () => {
    setTried(true);
    if (Object.keys(fieldErrors(fields, t)).length > 0) return;
    void action.run(() => sendDetails(config, client!, orderId, fields), () => t("delivery.sent"));
  };
  // Still to be shipped and nothing on file (never sent, sending failed, or deleted): the merchant
  // cannot ship, so say so plainly, with the form.
  return (
    <>
      {params.get("details") === "unsent" && action.state.status === "idle" && <p className="feedback error" role="alert">{t("delivery.unsent")}</p>}
      {s.deleted && <p className="meta">{t("delivery.deletedNote")}</p>}
      <p className="field-error" data-testid="delivery-missing">{t("delivery.missing")}</p>
      <DeliveryFieldset value={fields} errors={errors} onChange={setFields} />
      <button type="button" className="primary" disabled={action.pending || client === undefined} onClick={send}>{t("delivery.send")}</button>
      <Feedback state={action.state} pendingText={t("delivery.signing")} />
    </>
  );
}
