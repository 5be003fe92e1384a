import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { DeliveryError, readDeliveryDetails, toPointsError } from "../../../src/sdk/index.js";
import { useQuery } from "../data/useQuery.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useDeliverySession } from "./deliverySession.js";

/** An order's delivery details in the queue, for a signed-in fulfiller; a sentence when there are none. */
export function DeliveryCell({ orderId }: { orderId: bigint }) {
  const { t } = useTranslation();
  const { config } = useWallet();
  const { session, forget } = useDeliverySession();
  const url = config.indexerUrl;
  const token = session?.token;
  const details = useQuery(url === undefined || token === undefined ? undefined : () => readDeliveryDetails(url, token, orderId), [url, token, orderId]);
  const refused = details.status === "error" ? toPointsError(details.error) : undefined;
  const status = refused instanceof DeliveryError ? refused.status : undefined;
  // An expired or ended session: back to the sign-in button.
  useEffect(() => {
    if (status === 401) forget();
  }, [status, forget]);

  if (token === undefined) return <span className="meta">{t("deliveryConsole.needSignIn")}</span>;
  switch (details.status) {
    case "ok":
      return (
        <address className="delivery-details" data-testid={`delivery-${orderId}`}>
          <strong>{details.data.name}</strong>
          <span className="pre">{details.data.address}</span>
          <a href={`tel:${details.data.phone.replace(/[^0-9+]/g, "")}`}>{details.data.phone}</a>
        </address>
      );
    case "error":
      if (status === 404) return <span className="meta" data-testid={`delivery-${orderId}`}>{/deleted/.test(refused!.message) ? t("deliveryConsole.deleted") : t("deliveryConsole.none")}</span>;
      if (status === 403) return <span className="meta">{t("deliveryConsole.notAllowed")}</span>;
      return <span className="field-error">{t("deliveryConsole.failed")}</span>;
    default:
      return <span className="meta">…</span>;
  }
}
