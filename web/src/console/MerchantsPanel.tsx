import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { parseAddress, registerMerchant } from "../../../src/sdk/index.js";
import { merchantNames } from "../data/catalog.js";
import { useQuery } from "../data/useQuery.js";
import { Feedback } from "../ui/Feedback.js";
import { QueryView } from "../ui/QueryView.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";

/** The mall's merchants; its admin registers new ones, each with the admin of its own staff. */
export function MerchantsPanel() {
  const { t } = useTranslation();
  const { reader, client } = useWallet();
  const merchants = useQuery(() => merchantNames(reader), [reader]);
  const action = useAction();
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const name = String(form.get("name") ?? "").trim();
    if (name === "") return setProblem(t("merchants.needName"));
    let admin: string;
    try {
      admin = parseAddress(String(form.get("admin") ?? ""));
    } catch {
      return setProblem(t("roles.badAddress"));
    }
    setProblem(undefined);
    void action.run(() => registerMerchant(client!, { name, admin }), (r) => t("merchants.registered", { name, id: r.merchantId })).then((r) => r !== undefined && target.reset());
  };
  return (
    <section data-testid="merchants">
      <h2>{t("merchants.title")}</h2>
      <QueryView query={merchants}>
        {(m) => <ul>{[...m].map(([id, name]) => <li key={id}>#{id} {name}</li>)}</ul>}
      </QueryView>
      <form className="grid-form" onSubmit={submit}>
        <label>{t("merchants.name")}<input name="name" /></label>
        <label className="wide">{t("merchants.admin")}<input name="admin" placeholder="0x…" autoComplete="off" spellCheck={false} /></label>
        <div className="wide"><button type="submit" disabled={action.pending}>{t("merchants.register")}</button></div>
      </form>
      {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
      <Feedback state={action.state} />
    </section>
  );
}
