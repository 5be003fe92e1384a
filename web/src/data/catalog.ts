import i18next from "i18next";
import { listCategories, listSkus, type Category, type PointsClient, type Sku, type SkuMetadata } from "../../../src/sdk/index.js";
import { useWallet } from "../wallet/WalletContext.js";
import { skuMetadata } from "./metadata.js";
import { useQuery, type Query } from "./useQuery.js";

export interface CatalogItem extends Sku {
  meta: SkuMetadata | undefined;
  categoryName: string;
  merchantName: string;
}

export interface Catalog {
  categories: Category[];
  items: CatalogItem[];
  merchants: Map<number, string>;
}

/** Every merchant's name, by id. */
export async function merchantNames(reader: PointsClient): Promise<Map<number, string>> {
  const [count] = await reader.mall.counts();
  const ids = Array.from({ length: Number(count) }, (_, i) => i + 1);
  const names = await Promise.all(ids.map(async (id) => (await reader.mall.merchant(id)).name));
  return new Map(ids.map((id, i) => [id, names[i] ?? String(id)]));
}

/** The whole catalog with each SKU's metadata document (read once per page load). */
export async function loadCatalog(reader: PointsClient): Promise<Catalog> {
  const [categories, skus, merchants] = await Promise.all([listCategories(reader), listSkus(reader), merchantNames(reader)]);
  const metas = await Promise.all(skus.map((s) => skuMetadata(s.metadataURI)));
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const items = skus.map((s, i) => ({
    ...s,
    meta: metas[i],
    categoryName: categoryName.get(s.categoryId) ?? "",
    merchantName: merchants.get(s.merchantId) ?? "",
  }));
  return { categories, items, merchants };
}

// The catalog is the data source of the shop, the cart and the console: one hook, so that it can
// move to the indexer's API later without touching the pages.
export function useCatalog(): Query<Catalog> {
  const { reader } = useWallet();
  return useQuery(() => loadCatalog(reader), [reader]);
}

/**
 * What a customer reads about an item, in the page's language where its document has it: the
 * name (else the SKU's own, else "Item #n"), the description and the terms.
 */
export function itemText(item: Pick<CatalogItem, "meta" | "name" | "id">): { name: string; description: string; terms: string | undefined } {
  const local = item.meta?.localized[i18next.language];
  return {
    name: local?.name ?? item.meta?.name ?? item.name ?? i18next.t("item.fallbackName", { id: item.id }),
    description: local?.description ?? item.meta?.description ?? "",
    terms: local?.terms ?? item.meta?.terms,
  };
}

/** "2 × Pastry, 1 × Coffee voucher": an order's lines, named from the catalog where it is read. */
export function linesText(lines: { skuId: number; qty: number }[], catalog: Catalog | undefined): string {
  return lines
    .map((l) => {
      const item = catalog?.items.find((i) => i.id === l.skuId);
      return `${l.qty} × ${item === undefined ? i18next.t("item.fallbackName", { id: l.skuId }) : itemText(item).name}`;
    })
    .join(", ");
}
