import type { CatalogItem } from "../data/catalog.js";

/** The item's picture from its metadata, or a tile with its initial where it has none. */
export function ItemImage({ item, name, large = false }: { item: CatalogItem; name: string; large?: boolean }) {
  const image = item.meta?.image;
  if (image === undefined) {
    return (
      <div className={large ? "item-image large placeholder" : "item-image placeholder"} aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </div>
    );
  }
  return <img className={large ? "item-image large" : "item-image"} src={image} alt={name} loading="lazy" />;
}
