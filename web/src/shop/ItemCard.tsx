import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { itemText, type CatalogItem } from "../data/catalog.js";
import { useFormat } from "../ui/format.js";
import { availability } from "./availability.js";
import { AvailabilityNote } from "./AvailabilityNote.js";
import { cart } from "./cart.js";
import { ItemImage } from "./ItemImage.js";

/** One item in the shop's grid: picture, name, price, what it says about stock, and add to cart. */
export function ItemCard({ item, purchased }: { item: CatalogItem; purchased: bigint | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [added, setAdded] = useState(false);
  const name = itemText(item).name;
  const a = availability(item, purchased);
  return (
    <article className="card" data-testid={`sku-${item.id}`}>
      <Link to={`/item/${item.id}`} className="card-image" tabIndex={-1} aria-hidden="true">
        <ItemImage item={item} name={name} />
      </Link>
      <div className="card-body">
        <h3>
          <Link to={`/item/${item.id}`}>{name}</Link>
        </h3>
        <p className="price">{f.points(item.price)}</p>
        <AvailabilityNote sku={item} availability={a} />
        <button
          type="button"
          disabled={a.kind !== "available"}
          onClick={() => {
            if (a.kind !== "available") return;
            cart.add(item.id, 1, a.max);
            setAdded(true);
          }}
        >
          {t("item.addToCart")}
        </button>
        {added && (
          <p className="feedback ok" role="status">
            {t("item.added")} <Link to="/cart">{t("item.viewCart")}</Link>
          </p>
        )}
      </div>
    </article>
  );
}
