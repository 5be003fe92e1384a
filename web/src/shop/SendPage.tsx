import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { parseAddress, parseAmount, transfer } from "../../../src/sdk/index.js";
import { RequireAccount } from "../account/RequireAccount.js";
import { useBalance } from "../data/account.js";
import { Feedback } from "../ui/Feedback.js";
import { shortAddress, useFormat } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";

/** Sends points to another address, after a confirmation that names both. */
function SendForm() {
  const { t } = useTranslation();
  const f = useFormat();
  const { client, account } = useWallet();
  const balance = useBalance();
  const action = useAction();
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState<{ to: string; amount: bigint }>();

  const review = (event: FormEvent) => {
    event.preventDefault();
    action.reset();
    // Checked here, in the customer's language, before anything is signed.
    if (!/^0x[0-9a-fA-F]{40}$/.test(to.trim())) return setProblem(t("send.badAddress"));
    let address: string;
    try {
      address = parseAddress(to);
    } catch {
      return setProblem(t("send.badChecksum"));
    }
    if (address === account) return setProblem(t("send.self"));
    if (!/^\d{1,30}$/.test(amount.trim()) || BigInt(amount.trim()) === 0n) return setProblem(t("send.badAmount"));
    setPending({ to: address, amount: parseAmount(amount) });
    setProblem(undefined);
  };
  const send = () =>
    void action
      .run(() => transfer(client!, { to: pending!.to, amount: pending!.amount }), (r) => {
        const relayed = r.from.toLowerCase() !== account?.toLowerCase();
        return `${t("send.sent", { points: f.points(pending!.amount), to: shortAddress(pending!.to) })}${relayed ? ` ${t("gas.paidByMall")}` : ""}`;
      })
      .then((r) => {
        if (r === undefined) return;
        setPending(undefined);
        setTo("");
        setAmount("");
      });

  return (
    <section className="send" data-testid="send">
      <p>{balance.status === "ok" ? t("shop.youHave", { points: f.points(balance.data) }) : "…"}</p>
      <form onSubmit={review} className="stacked">
        <label>{t("send.to")}<input name="to" value={to} onChange={(e) => { setTo(e.target.value); setPending(undefined); }} placeholder="0x…" autoComplete="off" spellCheck={false} /></label>
        <label>{t("send.amount")}<input name="amount" value={amount} inputMode="numeric" onChange={(e) => { setAmount(e.target.value); setPending(undefined); }} autoComplete="off" /></label>
        {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
        <button type="submit" disabled={action.pending}>{t("send.review")}</button>
      </form>
      {pending !== undefined && (
        <div className="confirm" data-testid="send-confirm">
          <p>{t("send.question", { points: f.points(pending.amount), to: pending.to })}</p>
          <button type="button" className="primary" disabled={action.pending} onClick={send}>{t("send.confirm")}</button>
          <button type="button" disabled={action.pending} onClick={() => setPending(undefined)}>{t("send.back")}</button>
        </div>
      )}
      <Feedback state={action.state} />
    </section>
  );
}

export function SendPage() {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t("send.title")}</h1>
      <RequireAccount>
        <SendForm />
      </RequireAccount>
    </main>
  );
}
