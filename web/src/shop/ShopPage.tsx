import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { usePurchased } from "../data/account.js";
import { itemText, useCatalog, type Catalog } from "../data/catalog.js";
import { QueryView } from "../ui/QueryView.js";
import { BalanceLine } from "./BalanceLine.js";
import { listed } from "./availability.js";
import { ItemCard } from "./ItemCard.js";

type Sort = "" | "price-asc" | "price-desc";

/** Search, category and sort live in the URL, so a filtered shop can be linked and reloaded. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? "";
  // From the address bar as it is now, not as it was at the last render: two choices made before
  // the page re-renders (a category, then a sort) must both stay.
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(window.location.search);
    if (v === "") p.delete(k);
    else p.set(k, v);
    setParams(p, { replace: true });
  };
  return { q: get("q"), category: get("category"), sort: get("sort") as Sort, set };
}

function filtered(catalog: Catalog, q: string, category: string, sort: Sort) {
  const words = q.toLowerCase().split(/\s+/).filter((w) => w !== "");
  const items = catalog.items.filter((i) => {
    if (!listed(i) || (category !== "" && String(i.categoryId) !== category)) return false;
    const { name, description } = itemText(i);
    // Both languages' words match: a customer may type either.
    const text = `${name} ${description} ${i.meta?.name ?? ""} ${i.categoryName}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  if (sort === "price-asc") items.sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : a.id - b.id));
  if (sort === "price-desc") items.sort((a, b) => (a.price > b.price ? -1 : a.price < b.price ? 1 : a.id - b.id));
  return items;
}

export function ShopPage() {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const { q, category, sort, set } = useFilters();
  const limited = catalog.status === "ok" ? catalog.data.items.filter((i) => i.perWalletLimit > 0n).map((i) => i.id) : [];
  const purchased = usePurchased(limited);
  const held = purchased.status === "ok" ? purchased.data : undefined;

  return (
    <main className="shop">
      <div className="page-title">
        <h1>{t("shop.title")}</h1>
        <BalanceLine />
      </div>
      <div className="filters" role="search">
        <input type="search" value={q} placeholder={t("shop.searchPlaceholder")} aria-label={t("shop.search")} onChange={(e) => set("q", e.target.value)} />
        <select aria-label={t("shop.category")} value={category} onChange={(e) => set("category", e.target.value)}>
          <option value="">{t("shop.allCategories")}</option>
          {catalog.status === "ok" &&
            catalog.data.categories.filter((c) => !c.retired).map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name}
              </option>
            ))}
        </select>
        <select aria-label={t("shop.sort")} value={sort} onChange={(e) => set("sort", e.target.value)}>
          <option value="">{t("shop.sortFeatured")}</option>
          <option value="price-asc">{t("shop.sortPriceAsc")}</option>
          <option value="price-desc">{t("shop.sortPriceDesc")}</option>
        </select>
      </div>
      <QueryView query={catalog} loading={t("shop.loading")} isEmpty={(c) => !c.items.some((i) => listed(i))} empty={t("shop.empty")}>
        {(c) => {
          const items = filtered(c, q, category, sort);
          if (items.length === 0) return <p className="state empty">{t("shop.noMatch")}</p>;
          return (
            <div className="grid" data-testid="catalog">
              {items.map((i) => (
                <ItemCard key={i.id} item={i} purchased={held?.get(i.id)} />
              ))}
            </div>
          );
        }}
      </QueryView>
    </main>
  );
}
