import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { usePurchased } from "../data/account.js";
import { itemText, useCatalog, type CatalogItem } from "../data/catalog.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { availability } from "./availability.js";
import { AvailabilityNote } from "./AvailabilityNote.js";
import { BalanceLine } from "./BalanceLine.js";
import { cart } from "./cart.js";
import { ItemImage } from "./ItemImage.js";
import { parseQuantity } from "./quantity.js";
import { QuantityInput } from "./QuantityInput.js";

function ItemDetails({ item }: { item: CatalogItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const [qty, setQty] = useState("1");
  const [added, setAdded] = useState(false);
  const purchased = usePurchased(item.perWalletLimit > 0n ? [item.id] : []);
  const a = availability(item, purchased.status === "ok" ? purchased.data.get(item.id) : undefined);
  const { name, description, terms } = itemText(item);
  const check = a.kind === "available" ? parseQuantity(qty, a.max) : { ok: false as const };

  return (
    <article className="item-page" data-testid={`item-${item.id}`}>
      <ItemImage item={item} name={name} large />
      <div className="item-info">
        <p className="crumbs">
          <Link to="/">{t("nav.shop")}</Link> › <Link to={`/?category=${item.categoryId}`}>{item.categoryName}</Link>
        </p>
        <h1>{name}</h1>
        <p className="price big">{f.points(item.price)}</p>
        <AvailabilityNote sku={item} availability={a} />
        {description !== "" && <p className="description">{description}</p>}
        <p className="meta">{t("item.soldBy", { merchant: item.merchantName })}</p>
        {a.kind === "available" && (
          <div className="buy-box">
            <QuantityInput value={qty} onChange={(v) => { setQty(v); setAdded(false); }} max={a.max} />
            {check.ok && <p className="total">{t("item.total", { points: f.points(item.price * BigInt(check.qty)) })}</p>}
            <div className="actions">
              <button type="button" disabled={!check.ok} onClick={() => { if (check.ok) { cart.add(item.id, check.qty, a.max); setAdded(true); } }}>
                {t("item.addToCart")}
              </button>
              <button type="button" className="primary" disabled={!check.ok} onClick={() => { if (check.ok) navigate(`/checkout?buy=${item.id}:${check.qty}`); }}>
                {t("item.buyNow")}
              </button>
            </div>
            {added && (
              <p className="feedback ok" role="status">
                {t("item.added")} <Link to="/cart">{t("item.viewCart")}</Link>
              </p>
            )}
            <p className="bound">{t("item.priceBound", { points: f.points(item.price) })}</p>
          </div>
        )}
        <BalanceLine />
        {terms !== undefined && (
          <section className="terms">
            <h2>{t("item.terms")}</h2>
            <p>{terms}</p>
          </section>
        )}
      </div>
    </article>
  );
}

export function ItemPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const catalog = useCatalog();
  const skuId = /^\d{1,9}$/.test(id ?? "") ? Number(id) : undefined;
  return (
    <main>
      <QueryView query={catalog} loading={t("item.loading")}>
        {(c) => {
          const item = c.items.find((i) => i.id === skuId);
          if (item === undefined) {
            return (
              <section className="state empty" data-testid="not-found">
                <p>{t("item.notFound", { id: id ?? "" })}</p>
                <Link to="/">{t("item.backToShop")}</Link>
              </section>
            );
          }
          return <ItemDetails item={item} />;
        }}
      </QueryView>
    </main>
  );
}
