import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { createCategory, renameCategory, retireCategory, type Category } from "../../../src/sdk/index.js";
import { Feedback } from "../ui/Feedback.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";

function CategoryRow({ category }: { category: Category }) {
  const { t } = useTranslation();
  const { client } = useWallet();
  const action = useAction();
  const [name, setName] = useState(category.name);
  return (
    <li className="row">
      <form className="inline" onSubmit={(e) => { e.preventDefault(); void action.run(() => renameCategory(client!, { categoryId: category.id, name }), () => t("catalog.renamed", { name })); }}>
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label={t("catalog.categoryName", { id: category.id })} />
        <button type="submit" disabled={action.pending || name.trim() === "" || name === category.name}>{t("catalog.rename")}</button>
        {category.retired ? (
          <span className="status cancelled">{t("catalog.retired")}</span>
        ) : (
          <button type="button" disabled={action.pending} onClick={() => void action.run(() => retireCategory(client!, { categoryId: category.id }), () => t("catalog.retiredDone", { name: category.name }))}>
            {t("catalog.retire")}
          </button>
        )}
      </form>
      <Feedback state={action.state} />
    </li>
  );
}

/** A merchant's categories: rename, retire, add. */
export function CategoriesPanel({ merchantId, categories }: { merchantId: number; categories: Category[] }) {
  const { t } = useTranslation();
  const { client } = useWallet();
  const action = useAction();
  const [name, setName] = useState("");
  const add = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === "") return;
    void action.run(() => createCategory(client!, { merchantId, name: trimmed }), () => t("catalog.created", { name: trimmed })).then((r) => r !== undefined && setName(""));
  };
  return (
    <section data-testid="categories">
      <h2>{t("catalog.categories")}</h2>
      <ul className="rows">{categories.map((c) => <CategoryRow key={c.id} category={c} />)}</ul>
      <form className="inline" onSubmit={add}>
        <label className="inline-label">{t("catalog.newCategory")}<input value={name} onChange={(e) => setName(e.target.value)} /></label>
        <button type="submit" disabled={action.pending || name.trim() === ""}>{t("catalog.addCategory")}</button>
      </form>
      <Feedback state={action.state} />
    </section>
  );
}
