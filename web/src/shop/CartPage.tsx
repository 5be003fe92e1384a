import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { usePurchased } from "../data/account.js";
import { itemText, useCatalog, type CatalogItem } from "../data/catalog.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { availability } from "./availability.js";
import { AvailabilityNote } from "./AvailabilityNote.js";
import { cart, useCart, type CartLine } from "./cart.js";
import { ItemImage } from "./ItemImage.js";
import { parseQuantity } from "./quantity.js";
import { QuantityInput } from "./QuantityInput.js";

function LineRow({ line, item, purchased, text, onText }: {
  line: CartLine; item: CatalogItem | undefined; purchased: bigint | undefined; text: string; onText: (v: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (item === undefined) {
    return (
      <li className="cart-line" data-testid={`line-${line.skuId}`}>
        <p>{t("cart.gone", { id: line.skuId })}</p>
        <button type="button" onClick={() => cart.remove([line.skuId])}>{t("cart.remove")}</button>
      </li>
    );
  }
  const name = itemText(item).name;
  const a = availability(item, purchased);
  const check = a.kind === "available" ? parseQuantity(text, a.max) : { ok: false as const };
  return (
    <li className="cart-line" data-testid={`line-${item.id}`}>
      <Link to={`/item/${item.id}`} className="thumb"><ItemImage item={item} name={name} /></Link>
      <div className="line-info">
        <Link to={`/item/${item.id}`}>{name}</Link>
        <p className="meta">{t("cart.each", { points: f.points(item.price) })}</p>
        <AvailabilityNote sku={item} availability={a} />
      </div>
      {a.kind === "available" && <QuantityInput value={text} onChange={onText} max={a.max} />}
      <p className="line-total">{check.ok ? f.points(item.price * BigInt(check.qty)) : "–"}</p>
      <button type="button" onClick={() => cart.remove([item.id])}>{t("cart.remove")}</button>
    </li>
  );
}

export function CartPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const lines = useCart();
  const catalog = useCatalog();
  const [texts, setTexts] = useState<Record<number, string>>({});
  const purchased = usePurchased(lines.map((l) => l.skuId));
  const held = purchased.status === "ok" ? purchased.data : undefined;
  const textOf = (l: CartLine) => texts[l.skuId] ?? String(l.qty);

  if (lines.length === 0) {
    return (
      <main>
        <h1>{t("cart.title")}</h1>
        <p className="state empty" data-testid="cart-empty">{t("cart.empty")} <Link to="/">{t("item.backToShop")}</Link></p>
      </main>
    );
  }
  return (
    <main>
      <h1>{t("cart.title")}</h1>
      <QueryView query={catalog}>
        {(c) => {
          const rows = lines.map((l) => {
            const item = c.items.find((i) => i.id === l.skuId);
            const a = item === undefined ? undefined : availability(item, held?.get(item.id));
            const check = a?.kind === "available" ? parseQuantity(textOf(l), a.max) : { ok: false as const };
            return { line: l, item, check };
          });
          const ready = rows.every((r) => r.check.ok);
          const total = rows.reduce((sum, r) => (r.check.ok && r.item !== undefined ? sum + r.item.price * BigInt(r.check.qty) : sum), 0n);
          return (
            <>
              <ul className="cart" data-testid="cart">
                {rows.map(({ line, item }) => (
                  <LineRow key={line.skuId} line={line} item={item} purchased={held?.get(line.skuId)} text={textOf(line)}
                    onText={(v) => {
                      setTexts((x) => ({ ...x, [line.skuId]: v }));
                      const a = item === undefined ? undefined : availability(item, held?.get(item.id));
                      const q = a?.kind === "available" ? parseQuantity(v, a.max) : { ok: false as const };
                      if (q.ok) cart.setQty(line.skuId, q.qty);
                    }} />
                ))}
              </ul>
              <div className="cart-summary">
                <p className="total" data-testid="cart-total">{t("cart.total", { points: f.points(total) })}</p>
                {!ready && <p className="field-error">{t("cart.fixLines")}</p>}
                <button type="button" className="primary" disabled={!ready} onClick={() => navigate("/checkout")}>{t("cart.checkout")}</button>
              </div>
            </>
          );
        }}
      </QueryView>
    </main>
  );
}
