import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { issue, parseAddress, parseBulkCsv, planBatches, sendBatches } from "../../../src/sdk/index.js";
import { Feedback } from "../ui/Feedback.js";
import { shortAddress, useFormat } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";
import { fitsRef } from "./reasons.js";
import { wholeNumber } from "./fields.js";

function IssueOne() {
  const { t } = useTranslation();
  const f = useFormat();
  const { client } = useWallet();
  const action = useAction();
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const text = (k: string) => String(form.get(k) ?? "").trim();
    let to: string;
    try {
      to = parseAddress(text("to"));
    } catch {
      return setProblem(t("issue.badAddress"));
    }
    const amount = wholeNumber(text("amount"), 1n, 2n ** 248n - 1n);
    if (amount === undefined) return setProblem(t("issue.badAmount"));
    if (!fitsRef(text("ref"))) return setProblem(t("issue.badRef"));
    setProblem(undefined);
    void action
      .run(() => issue(client!, { to, amount, ref: text("ref") }), () => t("issue.issued", { points: f.points(amount), to: shortAddress(to) }))
      .then((r) => r !== undefined && target.reset());
  };
  return (
    <form className="grid-form" onSubmit={submit} data-testid="issue-one">
      <label className="wide">{t("issue.to")}<input name="to" placeholder="0x…" autoComplete="off" spellCheck={false} /></label>
      <label>{t("issue.amount")}<input name="amount" inputMode="numeric" /></label>
      <label>{t("issue.ref")}<input name="ref" placeholder={t("issue.refPlaceholder")} /></label>
      <div className="wide"><button type="submit" className="primary" disabled={action.pending}>{t("issue.submit")}</button></div>
      {problem !== undefined && <p className="field-error wide" role="alert">{problem}</p>}
      <div className="wide"><Feedback state={action.state} /></div>
    </form>
  );
}

/** Issue to one customer, or to many from a CSV file (every bad row listed, nothing sent). */
export function IssuePanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const { client } = useWallet();
  const action = useAction();
  const [problems, setProblems] = useState<string[]>([]);
  const [progress, setProgress] = useState<string>();

  const onCsv = async (file: File) => {
    const { rows, problems: found } = parseBulkCsv(await file.text());
    setProgress(undefined);
    setProblems(found.map((p) => t("issue.csvLine", { line: p.line, problem: p.problem })));
    if (found.length > 0) return action.reset();
    const batches = planBatches(rows, 500);
    await action.run(
      () => sendBatches(client!, batches, (done, count) => setProgress(t("issue.csvProgress", { done, count }))),
      (r) => `${t("issue.csvDone", { points: f.points(r.points), recipients: r.recipients, count: r.sent })}${r.skipped > 0 ? ` ${t("issue.csvSkipped", { count: r.skipped })}` : ""}`,
    );
  };

  return (
    <section data-testid="issue-admin">
      <h2>{t("issue.title")}</h2>
      <IssueOne />
      <h3>{t("issue.csvTitle")}</h3>
      <p className="meta">{t("issue.csvHelp")}</p>
      <input type="file" accept=".csv,text/csv" aria-label={t("issue.csvFile")} disabled={action.pending}
        onChange={(e) => { const file = e.target.files?.[0]; if (file !== undefined) void onCsv(file); e.target.value = ""; }} />
      {progress !== undefined && <p data-testid="csv-progress">{progress}</p>}
      {problems.length > 0 && (
        <div className="field-error" data-testid="csv-problems" role="alert">
          <p>{t("issue.csvBad", { count: problems.length })}</p>
          <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </div>
      )}
      <Feedback state={action.state} />
    </section>
  );
}
