import { useTranslation } from "react-i18next";
import { useCatalog } from "../data/catalog.js";
import { QueryView } from "../ui/QueryView.js";
import { CategoriesPanel } from "./CategoriesPanel.js";
import { NewSkuForm } from "./NewSkuForm.js";
import { SkuRow } from "./SkuRow.js";

/** A merchant's catalog for its catalog managers. */
export function CatalogPanel({ merchantId }: { merchantId: number }) {
  const { t } = useTranslation();
  const catalog = useCatalog();
  return (
    <QueryView query={catalog}>
      {(c) => {
        const categories = c.categories.filter((x) => x.merchantId === merchantId);
        const items = c.items.filter((i) => i.merchantId === merchantId);
        return (
          <div data-testid="catalog-admin">
            <CategoriesPanel merchantId={merchantId} categories={categories} />
            <section data-testid="sku-admin">
              <h2>{t("catalog.items")}</h2>
              {items.length === 0 ? <p className="state empty">{t("catalog.noItems")}</p> : <ul className="rows">{items.map((i) => <SkuRow key={i.id} item={i} />)}</ul>}
            </section>
            <NewSkuForm categories={categories} />
          </div>
        );
      }}
    </QueryView>
  );
}
