import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { MAX_CART_LINES, redeem, redeemCart } from "../../../src/sdk/index.js";
import { useBalance, usePurchased } from "../data/account.js";
import { itemText, useCatalog, type Catalog } from "../data/catalog.js";
import { Feedback } from "../ui/Feedback.js";
import { useFormat } from "../ui/format.js";
import { QueryView } from "../ui/QueryView.js";
import { useAction } from "../ui/useAction.js";
import { useWallet } from "../wallet/WalletContext.js";
import { availability } from "./availability.js";
import { cart, useCart, type CartLine } from "./cart.js";
import { DeliveryDetails } from "./DeliveryDetails.js";
import { EMPTY_FIELDS, fieldErrors, pendingDetails, sendDetails, type DeliveryFields } from "./delivery.js";

/** "Buy now" checks out one item from the URL (?buy=sku:qty); otherwise the cart. */
function useCheckoutLines(): { lines: CartLine[]; fromCart: boolean } {
  const [params] = useSearchParams();
  const cartLines = useCart();
  const buy = /^(\d{1,9}):(\d{1,5})$/.exec(params.get("buy") ?? "");
  return buy === null ? { lines: cartLines, fromCart: true } : { lines: [{ skuId: Number(buy[1]), qty: Number(buy[2]) }], fromCart: false };
}

function Summary({ catalog, lines, fromCart }: { catalog: Catalog; lines: CartLine[]; fromCart: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { client, account, config } = useWallet();
  const [fields, setFields] = useState<DeliveryFields>(EMPTY_FIELDS);
  const balance = useBalance();
  const purchased = usePurchased(lines.map((l) => l.skuId));
  const action = useAction();
  // The prices the customer saw when the page opened are the bounds they confirm. A price that
  // changes meanwhile is said on its line and must be accepted; until then the order keeps the old
  // bound, and the chain refuses it (PriceAboveMax) rather than charge more.
  const [agreed, setAgreed] = useState(() => new Map(catalog.items.map((i) => [i.id, i.price])));
  const rows = lines.map((l) => {
    const item = catalog.items.find((i) => i.id === l.skuId);
    const a = item === undefined ? undefined : availability(item, purchased.status === "ok" ? purchased.data.get(item.id) : undefined);
    const problem = item === undefined ? t("cart.gone", { id: l.skuId }) : a?.kind !== "available" ? t("checkout.unavailable") : l.qty > a.max ? t("quantity.hint", { max: a.max }) : undefined;
    const price = item === undefined ? 0n : (agreed.get(item.id) ?? item.price);
    return { line: l, item, problem, price, changed: item !== undefined && item.price !== price, name: item === undefined ? "" : itemText(item).name };
  });
  const total = rows.reduce((sum, r) => sum + r.price * BigInt(r.line.qty), 0n);
  const after = balance.status === "ok" ? balance.data - total : undefined;
  const physical = rows.filter((r) => r.item?.meta?.kind === "physical").map((r) => r.name);
  // With an API to keep them, a physical order needs its details: without them the merchant cannot
  // ship. Without one, the merchant arranges delivery and the form is not shown.
  const collecting = physical.length > 0 && config.indexerUrl !== undefined;
  const errors = collecting ? fieldErrors(fields, t) : {};
  const ok = rows.every((r) => r.problem === undefined) && after !== undefined && after >= 0n && client !== undefined && Object.keys(errors).length === 0;

  // One item is a plain redeem; several are one cart order (redeemCart), one confirmation either way.
  // Then the details: signed for the new order and sent. The order stands whatever happens to them:
  // unsent ones wait in memory and the receipt offers them again.
  const place = async (): Promise<{ orderId: bigint; unsent: boolean }> => {
    const bounded = rows.map((r) => ({ skuId: r.line.skuId, qty: r.line.qty, maxPricePerUnit: r.price }));
    const orderId = bounded.length === 1 ? (await redeem(client!, bounded[0]!)).orderId : (await redeemCart(client!, bounded)).orderId;
    if (!collecting) return { orderId, unsent: false };
    pendingDetails.set(orderId.toString(), fields);
    const sent = await sendDetails(config, client!, orderId, fields).then(() => true, () => false);
    return { orderId, unsent: !sent };
  };
  const confirm = () =>
    void action.run(place, () => t("checkout.placed")).then((placed) => {
      if (placed === undefined) return;
      navigate(`/orders/${placed.orderId}?placed=1${placed.unsent ? "&details=unsent" : ""}`);
      if (fromCart) cart.remove(rows.map((x) => x.line.skuId));
    });

  return (
    <section className="checkout" data-testid="checkout">
      <ul className="summary">
        {rows.map((r) => (
          <li key={r.line.skuId}>
            <span>{r.line.qty} × {r.name}</span>
            <span>{r.item === undefined ? "–" : f.points(r.price * BigInt(r.line.qty))}</span>
            {r.problem !== undefined && <span className="field-error">{r.problem}</span>}
            {r.changed && <span className="field-error">{t("checkout.priceNow", { was: f.points(r.price), now: f.points(r.item!.price) })}</span>}
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>{t("checkout.total")}</dt>
        <dd data-testid="checkout-total">{f.points(total)}</dd>
        <dt>{t("checkout.balance")}</dt>
        <dd>{balance.status === "ok" ? f.points(balance.data) : "…"}</dd>
        <dt>{t("checkout.after")}</dt>
        <dd data-testid="balance-after" className={after !== undefined && after < 0n ? "minus" : ""}>{after === undefined ? "…" : f.points(after)}</dd>
      </dl>
      {after !== undefined && after < 0n && <p className="field-error">{t("checkout.short", { missing: f.points(-after) })}</p>}
      {rows.some((r) => r.changed) && (
        <button type="button" onClick={() => { setAgreed(new Map(catalog.items.map((i) => [i.id, i.price]))); action.reset(); }}>
          {t("checkout.acceptPrices")}
        </button>
      )}
      <DeliveryDetails items={physical} value={fields} errors={errors} onChange={setFields} available={collecting} />
      {account === undefined ? (
        <p><Link to="/account" className="button primary">{t("checkout.logIn")}</Link></p>
      ) : (
        <button type="button" className="primary" disabled={!ok || action.pending} onClick={confirm}>
          {t("checkout.confirm", { points: f.points(total) })}
        </button>
      )}
      <p className="bound">{t("checkout.bound")}</p>
      <Feedback state={action.state} pendingText={t("checkout.pending")} />
    </section>
  );
}

/**
 * One order is one merchant's: a cart with several merchants' items is checked out one merchant at
 * a time (?merchant=), and at most MAX_CART_LINES lines at once.
 */
function Split({ catalog, lines, fromCart }: { catalog: Catalog; lines: CartLine[]; fromCart: boolean }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const merchantOf = (skuId: number) => catalog.items.find((i) => i.id === skuId)?.merchantId;
  const merchants = [...new Set(lines.map((l) => merchantOf(l.skuId)).filter((m): m is number => m !== undefined))];
  const chosen = Number(params.get("merchant"));
  if (fromCart && merchants.length > 1 && !merchants.includes(chosen)) {
    return (
      <section data-testid="mixed-cart">
        <p>{t("checkout.mixed")}</p>
        <ul>
          {merchants.map((m) => (
            <li key={m}>
              <Link to={`/checkout?merchant=${m}`}>{t("checkout.checkoutMerchant", { merchant: catalog.merchants.get(m) ?? String(m), count: lines.filter((l) => merchantOf(l.skuId) === m).length })}</Link>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const shown = fromCart && merchants.length > 1 ? lines.filter((l) => merchantOf(l.skuId) === chosen) : lines;
  if (shown.length > MAX_CART_LINES) return <p className="field-error">{t("checkout.tooLong", { max: MAX_CART_LINES })}</p>;
  return <Summary catalog={catalog} lines={shown} fromCart={fromCart} />;
}

export function CheckoutPage() {
  const { t } = useTranslation();
  const { lines, fromCart } = useCheckoutLines();
  const catalog = useCatalog();
  return (
    <main>
      <h1>{t("checkout.title")}</h1>
      {lines.length === 0 ? (
        <p className="state empty">{t("cart.empty")} <Link to="/">{t("item.backToShop")}</Link></p>
      ) : (
        <QueryView query={catalog}>{(c) => <Split catalog={c} lines={lines} fromCart={fromCart} />}</QueryView>
      )}
    </main>
  );
}
