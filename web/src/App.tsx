import { BrowserProvider, JsonRpcProvider } from "ethers";
import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import {
  balanceOf,
  cancel,
  connectPoints,
  fulfil,
  history,
  issue,
  listCategories,
  listOrders,
  listSkus,
  merchantRoles,
  pause,
  queryInChunks,
  readableRef,
  reconcile,
  redeem,
  restock,
  tokenRoles,
  transfer,
  unpause,
  type Category,
  type Movement,
  type Order,
  type PointsClient,
  type Reconciliation,
  type Sku,
} from "../../src/sdk/index.js";
import { shopperMessage } from "./messages.js";
import { connectWallet, discoverWallets, watchToken, type SystemConfig, type WalletInfo } from "./wallet.js";

type Notice = { kind: "ok" | "error"; text: string } | undefined;

export function App() {
  const [config, setConfig] = useState<SystemConfig>();
  const [wallets, setWallets] = useState<WalletInfo[]>([]);
  const [wallet, setWallet] = useState<WalletInfo>();
  const [account, setAccount] = useState<string>();
  const [client, setClient] = useState<PointsClient>();
  const [tab, setTab] = useState<"shop" | "console">("shop");
  const [notice, setNotice] = useState<Notice>();
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    void (async () => {
      setConfig((await (await fetch("/config.json")).json()) as SystemConfig);
      setWallets(await discoverWallets());
    })();
  }, []);

  const reader = useMemo(
    () => (config === undefined ? undefined : connectPoints(new JsonRpcProvider(config.rpcUrl, config.chainId, { staticNetwork: true }), config)),
    [config],
  );

  async function onConnect(w: WalletInfo) {
    if (config === undefined) return;
    try {
      const address = await connectWallet(w.provider, config);
      const signer = await new BrowserProvider(w.provider, config.chainId).getSigner(address);
      setWallet(w);
      setAccount(address);
      setClient(connectPoints(signer, config));
      setNotice({ kind: "ok", text: `Connected ${short(address)} with ${w.name}.` });
    } catch (error) {
      setNotice({ kind: "error", text: shopperMessage(error) });
    }
  }

  /** Runs a wallet action, then says how it went and reloads the data. */
  const act = useCallback(
    async (action: () => Promise<string>) => {
      setNotice({ kind: "ok", text: "Confirm in your wallet…" });
      try {
        setNotice({ kind: "ok", text: await action() });
      } catch (error) {
        setNotice({ kind: "error", text: shopperMessage(error) });
      }
      refresh();
    },
    [refresh],
  );

  if (config === undefined || reader === undefined) return <p className="loading">Loading the mall…</p>;
  return (
    <div className="page">
      <header>
        <h1>Points Mall</h1>
        <nav>
          <button className={tab === "shop" ? "tab on" : "tab"} onClick={() => setTab("shop")}>Shop</button>
          <button className={tab === "console" ? "tab on" : "tab"} onClick={() => setTab("console")}>Merchant console</button>
        </nav>
        <div className="wallet">
          {account === undefined ? (
            wallets.length === 0 ? (
              <span>No wallet found: install MetaMask to shop.</span>
            ) : (
              wallets.map((w) => (
                <button key={w.rdns} className="primary" onClick={() => void onConnect(w)}>
                  Connect {w.name}
                </button>
              ))
            )
          ) : (
            <>
              <span className="account" data-testid="account">{short(account)}</span>
              <button onClick={() => void act(async () => ((await watchToken(wallet!.provider, config)) ? `${config.symbol} is in your wallet.` : "The wallet did not add the token."))}>
                Add {config.symbol} to wallet
              </button>
            </>
          )}
        </div>
      </header>
      {notice !== undefined && (
        <p role="alert" className={`notice ${notice.kind}`} data-testid="notice">
          {notice.text}
        </p>
      )}
      {tab === "shop" ? (
        <Shop reader={reader} client={client} account={account} symbol={config.symbol} act={act} version={version} />
      ) : (
        <Console reader={reader} client={client} account={account} act={act} version={version} />
      )}
    </div>
  );
}

const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
const statusOf = (o: Order, deliveries: Map<bigint, string>) =>
  o.status === "Fulfilled" && deliveries.has(o.id) ? `Fulfilled (${deliveries.get(o.id)})` : o.status;

interface Props {
  reader: PointsClient;
  client: PointsClient | undefined;
  account: string | undefined;
  act: (action: () => Promise<string>) => Promise<void>;
  version: number;
}

function Shop({ reader, client, account, symbol, act, version }: Props & { symbol: string }) {
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

  function onRedeem(sku: Sku) {
    const n = BigInt(qty[sku.id] ?? "1");
    void act(async () => {
      if (client === undefined) throw new Error("Connect your wallet to redeem.");
      const r = await redeem(client, { skuId: sku.id, qty: n, maxPricePerUnit: sku.price });
      return `Order ${r.orderId} placed: ${r.pointsPaid} ${symbol} paid.`;
    });
  }

  function onTransfer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(async () => {
      if (client === undefined) throw new Error("Connect your wallet to send points.");
      await transfer(client, { to: String(form.get("to")), amount: String(form.get("amount")) });
      return `Sent ${form.get("amount")} ${symbol}.`;
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

function Console({ reader, client, account, act, version }: Props) {
  const [roles, setRoles] = useState<string[]>([]);
  const [placed, setPlaced] = useState<Order[]>([]);
  const [books, setBooks] = useState<Reconciliation>();
  const [skus, setSkus] = useState<Sku[]>([]);

  useEffect(() => {
    void (async () => {
      setBooks(await reconcile(reader));
      setSkus(await listSkus(reader));
      setPlaced(await listOrders(reader, { status: "Placed" }));
      if (account !== undefined) setRoles([...(await tokenRoles(reader, account)), ...(await merchantRoles(reader, account, 1))]);
    })();
  }, [reader, account, version]);

  const can = (role: string) => roles.includes(role);
  const need = () => {
    if (client === undefined) throw new Error("Connect your wallet first.");
    return client;
  };
  const formAction = (run: (form: FormData) => Promise<string>) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(() => run(form));
  };

  return (
    <main>
      <section>
        <h2>Your roles</h2>
        <p data-testid="roles">{account === undefined ? "Connect a wallet to see what you may do." : roles.length === 0 ? "None: you can read the books." : roles.join(", ")}</p>
      </section>
      {can("FULFILLER") && (
        <section>
          <h2>Orders to fulfil</h2>
          <table data-testid="placed-orders">
            <thead><tr><th>Order</th><th>Buyer</th><th>SKU</th><th>Qty</th><th>Points</th><th></th></tr></thead>
            <tbody>
              {placed.map((o) => (
                <tr key={o.id.toString()}>
                  <td>{o.id.toString()}</td>
                  <td>{short(o.buyer)}</td>
                  <td>{o.skuId}</td>
                  <td>{o.qty}</td>
                  <td>{o.pointsPaid.toString()}</td>
                  <td>
                    <form className="inline" onSubmit={formAction(async (f) => (await fulfil(need(), { orderId: o.id, deliveryRef: String(f.get("ref")) }), `Order ${o.id} fulfilled.`))}>
                      <input name="ref" placeholder="delivery reference" required />
                      <button type="submit">Fulfil</button>
                    </form>
                    <button onClick={() => void act(async () => (await cancel(need(), { orderId: o.id, reason: "cancelled by merchant" }), `Order ${o.id} cancelled; points refunded.`))}>
                      Cancel
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {can("CATALOG_MANAGER") && (
        <section>
          <h2>Stock</h2>
          <form className="inline" onSubmit={formAction(async (f) => (await restock(need(), { skuId: Number(f.get("sku")), added: BigInt(String(f.get("units"))) }), `Restocked SKU ${f.get("sku")}.`))}>
            <select name="sku">{skus.filter((s) => !s.unlimited).map((s) => <option key={s.id} value={s.id}>{s.name ?? s.id} ({s.stock.toString()} left)</option>)}</select>
            <input name="units" placeholder="units" required size={6} />
            <button type="submit">Restock</button>
          </form>
        </section>
      )}
      {can("ISSUER_ROLE") && (
        <section>
          <h2>Issue points</h2>
          <form className="inline" onSubmit={formAction(async (f) => (await issue(need(), { to: String(f.get("to")), amount: String(f.get("amount")), ref: String(f.get("ref")) }), `Issued ${f.get("amount")} points.`))}>
            <input name="to" placeholder="0x… customer" required size={44} />
            <input name="amount" placeholder="points" required size={8} />
            <input name="ref" placeholder="receipt or reason" required />
            <button type="submit">Issue</button>
          </form>
        </section>
      )}
      {can("PAUSER_ROLE") && (
        <section>
          <h2>Emergency</h2>
          <button onClick={() => void act(async () => (await pause(need()), "Paused."))}>Pause</button>{" "}
          <button onClick={() => void act(async () => (await unpause(need()), "Resumed."))}>Unpause</button>
        </section>
      )}
      <section>
        <h2>Reconciliation</h2>
        {books === undefined ? (
          <p>Reading the books…</p>
        ) : (
          <div data-testid="books">
            <p>Supply {books.totalSupply.toString()}; balances add up to {books.sumOfBalances.toString()}; issued {books.issued.toString()} − burned {books.burned.toString()} + refunded {books.refunded.toString()}.</p>
            {books.differences.length === 0 ? (
              <p className="ok">The books balance.</p>
            ) : (
              <ul className="differences">{books.differences.map((d) => <li key={d}>{d}</li>)}</ul>
            )}
          </div>
        )}
      </section>
    </main>
  );
}
