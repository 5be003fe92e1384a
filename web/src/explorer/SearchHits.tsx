import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { IndexerClient, SearchHit } from "../../../src/sdk/index.js";
import { Address } from "../ui/Address.js";
import { useFormat } from "../ui/format.js";
import { AccountMovements } from "./AccountMovements.js";
import { TxHash } from "./links.js";

/** One thing a search found, in a sentence; an account also lists its recent movements. */
export function SearchHitView({ hit, ix }: { hit: SearchHit; ix: IndexerClient }) {
  const { t } = useTranslation();
  const f = useFormat();
  switch (hit.type) {
    case "account":
      return (
        <>
          <p><strong><Address address={hit.address} /></strong> {t("explorer.search.account", { balance: f.points(hit.balance), movements: f.number(hit.movements), count: hit.movements })}</p>
          <AccountMovements ix={ix} address={hit.address} />
        </>
      );
    case "issuer":
      return <p>{t("explorer.search.issuer", { issued: f.points(hit.issued), quota: f.points(hit.quotaLeft) })}</p>;
    case "contract":
      return <p>{t("explorer.search.contract", { kind: hit.kind })}</p>;
    case "merchant":
      return <p>{t("explorer.search.merchant", { id: hit.id, name: hit.name })} <Address address={hit.admin} /></p>;
    case "transaction":
      return <p>{t("explorer.search.transaction", { block: f.number(hit.block), events: f.number(hit.events) })} <TxHash hash={hit.txHash} /></p>;
    case "order":
      return (
        <p>
          <Link to={`/orders/${hit.id}`}>{t("explorer.search.order", { id: hit.id.toString(), points: f.points(hit.pointsPaid), status: t(`status.${hit.status}`) })}</Link>{" "}
          <Address address={hit.buyer} />
        </p>
      );
    case "issuance":
      return (
        <p>
          {t("explorer.search.issuance", { date: f.dateTime(hit.time.getTime() / 1000), amount: f.points(hit.amount), recipients: f.number(hit.recipients), count: hit.recipients, ref: hit.ref })} <Address address={hit.issuer} /> <TxHash hash={hit.txHash} />
        </p>
      );
    case "delivery":
      return <p><Link to={`/orders/${hit.orderId}`}>{t("explorer.search.delivery", { id: hit.orderId.toString(), status: t(`status.${hit.status}`), ref: hit.ref })}</Link></p>;
  }
}
