import { useEffect, useState, type FormEvent } from "react";
import {
  balanceOf,
  history,
  listCategories,
  listOrders,
  listSkus,
  queryInChunks,
  readableRef,
  redeem,
  transfer,
  type Category,
  type Movement,
  type Order,
  type Sku,
} from "../../src/sdk/index.js";
import { short, type PanelProps } from "./shared.js";

const statusOf = (o: Order, deliveries: Map<bigint, string>) =>
  o.status === "Fulfilled" && deliveries.has(o.id) ? `Fulfilled (${deliveries.get(o.id)})` : o.status;


export function Shop({ reader, client, account, symbol, act, version }: PanelProps & { symbol: string }) {
  const [categories, setCategories] = useState<Category[]>([]);
  const [skus, setSkus] = useState<Sku[]>([]);
  const [balance, setBalance] = useState<bigint>();
  const [orders, setOrders] = useState<Order[]>([]);
  const [moves, setMoves] = useState<Movement[]>([]);
  const [deliveries, setDeliveries] = useState(new Map<bigint, string>());
  const [qty, setQty] = useState<Record<number, string>>({});

  useEffect(() => {
    void (async () => {
      setCategories(await listCategories(reader));
      setSkus(await listSkus(reader));
      if (account === undefined) return;
      setBalance(await balanceOf(reader, account));
      setOrders(await listOrders(reader, { buyer: account }));
      setMoves(await history(reader, account));
      const fulfilled = await queryInChunks(reader, reader.mall, reader.mall.filters.OrderFulfilled());
      setDeliveries(new Map(fulfilled.map((e) => [e.args[0] as bigint, readableRef(e.args[2] as string)])));
    })();
  }, [reader, account, version]);

  /** Tells the shopper when the mall's relay paid the gas (the transaction came from it). */
  function gasNote(receipt: { from: string }, shopper: string | undefined): string {
    return shopper !== undefined && receipt.from.toLowerCase() !== shopper.toLowerCase() ? " The mall paid the gas." : "";
  }

  function onRedeem(sku: Sku) {
    const n = BigInt(qty[sku.id] ?? "1");
    void act(async () => {
      if (client === undefined) throw new Error("Connect your wallet to redeem.");
      const r = await redeem(client, { skuId: sku.id, qty: n, maxPricePerUnit: sku.price });
      return `Order ${r.orderId} placed: ${r.pointsPaid} ${symbol} paid.${gasNote(r.receipt, account)}`;
    });
  }

  function onTransfer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(async () => {
      if (client === undefined) throw new Error("Connect your wallet to send points.");
      const receipt = await transfer(client, { to: String(form.get("to")), amount: String(form.get("amount")) });
      return `Sent ${form.get("amount")} ${symbol}.${gasNote(receipt, account)}`;
    });
  }

  const now = BigInt(Math.floor(Date.now() / 1000));
  return (
    <main>
      {account !== undefined && (
        <section className="balance">
          <h2>Your points</h2>
          <p className="big" data-testid="balance">{balance === undefined ? "…" : `${balance} ${symbol}`}</p>
        </section>
      )}
      <section>
        <h2>Catalog</h2>
        {categories.map((c) => (
          <div key={c.id} className="category">
            <h3>{c.name}</h3>
            <div className="grid">
              {skus
                .filter((s) => s.categoryId === c.id && s.active)
                .map((s) => {
                  const n = BigInt(qty[s.id] ?? "1");
                  const onSale = s.saleStart <= now && (s.saleEnd === 0n || now < s.saleEnd);
                  return (
                    <div key={s.id} className="card" data-testid={`sku-${s.id}`}>
                      <h4>{s.name ?? `SKU ${s.id}`}</h4>
                      <p className="price">{s.price.toString()} {symbol}</p>
                      <p className="meta">
                        {s.unlimited ? "In stock" : s.stock === 0n ? "Out of stock" : `${s.stock} left`}
                        {s.perWalletLimit > 0n && ` · ${s.perWalletLimit} per customer`}
                        {s.saleEnd > 0n && ` · until ${new Date(Number(s.saleEnd) * 1000).toLocaleDateString()}`}
                      </p>
                      <label>
                        Quantity{" "}
                        <input type="number" min={1} value={qty[s.id] ?? "1"} onChange={(e) => setQty({ ...qty, [s.id]: e.target.value })} />
                      </label>
                      <button className="primary" disabled={!onSale || account === undefined} onClick={() => onRedeem(s)}>
                        Redeem for {(s.price * (n > 0n ? n : 1n)).toString()} {symbol}
                      </button>
                      <p className="bound">You approve at most {s.price.toString()} {symbol} each.</p>
                    </div>
                  );
                })}
            </div>
          </div>
        ))}
      </section>
      {account !== undefined && (
        <>
          <section>
            <h2>My orders</h2>
            <table data-testid="orders">
              <thead><tr><th>Order</th><th>Item</th><th>Qty</th><th>Points</th><th>Status</th></tr></thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.id.toString()}>
                    <td>{o.id.toString()}</td>
                    <td>{skus.find((s) => s.id === o.skuId)?.name ?? o.skuId}</td>
                    <td>{o.qty}</td>
                    <td>{o.pointsPaid.toString()}</td>
                    <td>{statusOf(o, deliveries)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h2>Send points</h2>
            <form onSubmit={onTransfer} className="inline">
              <input name="to" placeholder="0x… address" required size={44} />
              <input name="amount" placeholder="points" required size={8} />
              <button className="primary" type="submit">Send</button>
            </form>
          </section>
          <section>
            <h2>History</h2>
            <table data-testid="history">
              <thead><tr><th>Block</th><th>What</th><th>Points</th><th>Balance</th><th>Reference</th></tr></thead>
              <tbody>
                {moves.map((m) => (
                  <tr key={`${m.txHash}-${m.logIndex}`}>
                    <td>{m.block}</td>
                    <td>{m.kind}{m.batch === true ? " (batch)" : ""}{m.kind === "issued" ? ` by ${short(m.counterparty)}` : ""}</td>
                    <td className={m.points > 0n ? "plus" : "minus"}>{(m.points > 0n ? "+" : "") + m.points.toString()}</td>
                    <td>{m.balance.toString()}</td>
                    <td>{m.ref}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </main>
  );
}
