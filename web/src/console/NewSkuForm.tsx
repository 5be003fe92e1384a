import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { createSku, skuMetadataURI, type Category } from "../../../src/sdk/index.js";
import { Feedback } from "../ui/Feedback.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";
import { MAX_LIMIT, MAX_PRICE, MAX_STOCK, wholeNumber } from "./fields.js";

/** A new item: its details go in a data: metadata document, its terms on chain. */
export function NewSkuForm({ categories }: { categories: Category[] }) {
  const { t } = useTranslation();
  const { client } = useWallet();
  const action = useAction();
  const [problem, setProblem] = useState<string>();
  const open = categories.filter((c) => !c.retired);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const text = (k: string) => String(form.get(k) ?? "").trim();
    const unlimited = form.get("unlimited") === "on";
    const price = wholeNumber(text("price"), 1n, MAX_PRICE);
    const stock = unlimited ? 0n : wholeNumber(text("stock"), 1n, MAX_STOCK);
    const limit = text("limit") === "" ? 0n : wholeNumber(text("limit"), 0n, MAX_LIMIT);
    const name = text("name");
    let bad: string | undefined;
    if (name === "") bad = t("catalog.needName");
    else if (open.length === 0) bad = t("catalog.needCategory");
    else if (price === undefined) bad = t("catalog.badPrice");
    else if (stock === undefined) bad = t("catalog.badStock");
    else if (limit === undefined) bad = t("catalog.badLimit");
    setProblem(bad);
    if (bad !== undefined) return;
    const metadataURI = skuMetadataURI(name, text("description"), {
      image: text("image"),
      terms: text("terms"),
      kind: form.get("physical") === "on" ? "physical" : "digital",
    });
    void action
      .run(() => createSku(client!, { categoryId: Number(text("category")), price: price!, stock: stock!, unlimited, perWalletLimit: limit!, metadataURI }), () => t("catalog.itemCreated", { name }))
      .then((r) => r !== undefined && target.reset());
  };

  return (
    <section data-testid="new-sku">
      <h2>{t("catalog.newItem")}</h2>
      <form className="grid-form" onSubmit={submit}>
        <label>{t("catalog.itemName")}<input name="name" /></label>
        <label>{t("catalog.category")}<select name="category">{open.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
        <label className="wide">{t("catalog.description")}<input name="description" /></label>
        <label className="wide">{t("catalog.imageUrl")}<input name="image" placeholder="/catalog/… or https://…" /></label>
        <label className="wide">{t("catalog.terms")}<input name="terms" /></label>
        <label>{t("catalog.price")}<input name="price" inputMode="numeric" /></label>
        <label>{t("catalog.stockField")}<input name="stock" inputMode="numeric" /></label>
        <label className="check"><input type="checkbox" name="unlimited" /> {t("catalog.unlimitedField")}</label>
        <label>{t("catalog.limitField")}<input name="limit" inputMode="numeric" placeholder="0" /></label>
        <label className="check"><input type="checkbox" name="physical" /> {t("catalog.physical")}</label>
        <div className="wide">
          <button type="submit" className="primary" disabled={action.pending}>{t("catalog.addItem")}</button>
        </div>
      </form>
      {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
      <Feedback state={action.state} />
    </section>
  );
}
