import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { restock, setSkuActive, updateSku } from "../../../src/sdk/index.js";
import { itemText, type CatalogItem } from "../data/catalog.js";
import { Feedback } from "../ui/Feedback.js";
import { useFormat } from "../ui/format.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";
import { MAX_LIMIT, MAX_PRICE, MAX_STOCK, wholeNumber } from "./fields.js";

/** One item in the catalog manager's list: price and limit, restock, withdraw or put on sale. */
export function SkuRow({ item }: { item: CatalogItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { client } = useWallet();
  const action = useAction();
  const [price, setPrice] = useState(item.price.toString());
  const [limit, setLimit] = useState(item.perWalletLimit.toString());
  const [units, setUnits] = useState("");
  const [problem, setProblem] = useState<string>();
  const name = itemText(item).name;

  const onSet = (event: FormEvent) => {
    event.preventDefault();
    const p = wholeNumber(price, 1n, MAX_PRICE);
    const l = wholeNumber(limit, 0n, MAX_LIMIT);
    if (p === undefined) return setProblem(t("catalog.badPrice"));
    if (l === undefined) return setProblem(t("catalog.badLimit"));
    setProblem(undefined);
    void action.run(
      () => updateSku(client!, { skuId: item.id, categoryId: item.categoryId, price: p, perWalletLimit: l, saleStart: item.saleStart, saleEnd: item.saleEnd, metadataURI: item.metadataURI }),
      () => t("catalog.updated", { name, points: f.points(p) }),
    );
  };
  const onRestock = (event: FormEvent) => {
    event.preventDefault();
    const n = wholeNumber(units, 1n, MAX_STOCK);
    if (n === undefined) return setProblem(t("catalog.badUnits"));
    setProblem(undefined);
    void action.run(() => restock(client!, { skuId: item.id, added: n }), () => t("catalog.restocked", { name, count: Number(n) })).then((r) => r !== undefined && setUnits(""));
  };

  return (
    <li className="row sku-row" data-testid={`sku-admin-${item.id}`}>
      <p className="row-title"><Link to={`/item/${item.id}`}>#{item.id} {name}</Link> <span className={item.active ? "status fulfilled" : "status cancelled"}>{item.active ? t("catalog.onSale") : t("catalog.offSale")}</span></p>
      <form className="inline" onSubmit={onSet}>
        <label className="inline-label">{t("catalog.price")}<input value={price} onChange={(e) => setPrice(e.target.value)} size={7} inputMode="numeric" aria-label={t("catalog.priceOf", { id: item.id })} /></label>
        <label className="inline-label">{t("catalog.limit")}<input value={limit} onChange={(e) => setLimit(e.target.value)} size={4} inputMode="numeric" aria-label={t("catalog.limitOf", { id: item.id })} /></label>
        <button type="submit" disabled={action.pending}>{t("catalog.set")}</button>
      </form>
      {item.unlimited ? (
        <p className="meta">{t("catalog.unlimited")}</p>
      ) : (
        <form className="inline" onSubmit={onRestock}>
          <span>{t("catalog.stock", { count: Number(item.stock) })}</span>
          <input value={units} onChange={(e) => setUnits(e.target.value)} size={5} inputMode="numeric" placeholder={t("catalog.units")} aria-label={t("catalog.restockOf", { id: item.id })} />
          <button type="submit" disabled={action.pending}>{t("catalog.restock")}</button>
        </form>
      )}
      <button type="button" disabled={action.pending}
        onClick={() => void action.run(() => setSkuActive(client!, { skuId: item.id, active: !item.active }), () => (item.active ? t("catalog.withdrawn", { name }) : t("catalog.putOnSale", { name })))}>
        {item.active ? t("catalog.withdraw") : t("catalog.putBack")}
      </button>
      {problem !== undefined && <p className="field-error" role="alert">{problem}</p>}
      <Feedback state={action.state} />
    </li>
  );
}
