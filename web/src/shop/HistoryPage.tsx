import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Movement } from "../../../src/sdk/index.js";
import { useRowTimes } from "../data/blockTimes.js";
import { useHistory, type DatedMovement } from "../data/history.js";
import { RequireAccount } from "../account/RequireAccount.js";
import { Address } from "../ui/Address.js";
import { LedgerNote } from "../ui/LedgerNote.js";
import { useFormat } from "../ui/format.js";
import { Pager, usePage } from "../ui/Pager.js";
import { QueryView } from "../ui/QueryView.js";

/** Who was on the other side, in words: from whom, to whom, which order. */
function Counterparty({ m }: { m: Movement }) {
  const { t } = useTranslation();
  switch (m.kind) {
    case "sent":
      return <>{t("history.to")} <Address address={m.counterparty} /></>;
    case "received":
      return <>{t("history.from")} <Address address={m.counterparty} /></>;
    case "issued":
      return <>{t("history.by")} <Address address={m.counterparty} /></>;
    default:
      return <Address address={m.counterparty} />;
  }
}

function Reference({ m }: { m: Movement }) {
  const { t } = useTranslation();
  if (m.orderId !== undefined) return <Link to={`/orders/${m.orderId}`}>{t("history.order", { id: m.orderId.toString() })}</Link>;
  return <>{m.ref}</>;
}

function MovementTable({ moves }: { moves: DatedMovement[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { page, pages, shown } = usePage(moves);
  const timeOf = useRowTimes(shown);
  return (
    <>
      <table className="stack" data-testid="history">
        <thead><tr><th>{t("history.date")}</th><th>{t("history.what")}</th><th>{t("history.points")}</th><th>{t("history.balance")}</th><th>{t("history.with")}</th><th>{t("history.reference")}</th></tr></thead>
        <tbody>
          {shown.map((m) => (
            <tr key={`${m.txHash}-${m.logIndex}`}>
              <td data-label={t("history.date")}>{f.dateTimeOrPending(timeOf(m))}</td>
              <td data-label={t("history.what")}>{t(`movement.${m.kind}`)}{m.batch === true ? ` ${t("history.batch")}` : ""}</td>
              <td data-label={t("history.points")} className={m.points > 0n ? "plus" : "minus"}>{(m.points > 0n ? "+" : "−") + f.number(m.points > 0n ? m.points : -m.points)}</td>
              <td data-label={t("history.balance")}>{f.number(m.balance)}</td>
              <td data-label={t("history.with")}><Counterparty m={m} /></td>
              <td data-label={t("history.reference")}><Reference m={m} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pages={pages} />
    </>
  );
}

export function HistoryPage() {
  const { t } = useTranslation();
  const moves = useHistory();
  return (
    <main>
      <h1>{t("history.title")}</h1>
      <RequireAccount>
        <LedgerNote />
        <QueryView query={moves} isEmpty={(m) => m.length === 0} empty={t("history.none")}>
          {(m) => <MovementTable moves={m} />}
        </QueryView>
      </RequireAccount>
    </main>
  );
}
