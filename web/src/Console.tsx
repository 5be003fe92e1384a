import { useEffect, useState, type FormEvent } from "react";
import {
  cancel,
  createCategory,
  createSku,
  dailyActivity,
  fulfil,
  grantMerchantRole,
  grantTokenRole,
  issue,
  listCategories,
  listOrders,
  listSkus,
  merchantRoles,
  parseBulkCsv,
  pause,
  planBatches,
  reconcile,
  renameCategory,
  restock,
  retireCategory,
  revokeMerchantRole,
  revokeTokenRole,
  sendBatches,
  setIssuerQuota,
  setSkuActive,
  skuMetadataURI,
  tokenRoles,
  unpause,
  updateSku,
  type Category,
  type DailyActivity,
  type MerchantRole,
  type Order,
  type PointsClient,
  type Reconciliation,
  type Sku,
  type TokenRole,
} from "../../src/sdk/index.js";
import { ActivityChart } from "./ActivityChart.js";
import { short, type PanelProps } from "./shared.js";

const MERCHANT = 1;
const TOKEN_ROLES = ["ISSUER_ROLE", "BURNER_ROLE", "PAUSER_ROLE"];

export function Console({ reader, client, account, act, version }: PanelProps) {
  const [roles, setRoles] = useState<string[]>([]);
  const [placed, setPlaced] = useState<Order[]>([]);
  const [books, setBooks] = useState<Reconciliation>();
  const [categories, setCategories] = useState<Category[]>([]);
  const [skus, setSkus] = useState<Sku[]>([]);
  const [activity, setActivity] = useState<DailyActivity[]>([]);
  const [csv, setCsv] = useState<{ problems: string[]; progress?: string }>({ problems: [] });

  useEffect(() => {
    void (async () => {
      const [b, c, s, p, a] = await Promise.all([
        reconcile(reader),
        listCategories(reader),
        listSkus(reader),
        listOrders(reader, { status: "Placed" }),
        dailyActivity(reader),
      ]);
      setBooks(b);
      setCategories(c);
      setSkus(s);
      setPlaced(p);
      setActivity(a);
      if (account !== undefined) setRoles([...(await tokenRoles(reader, account)), ...(await merchantRoles(reader, account, MERCHANT))]);
    })();
  }, [reader, account, version]);

  const can = (role: string) => roles.includes(role);
  const need = (): PointsClient => {
    if (client === undefined) throw new Error("Connect your wallet first.");
    return client;
  };
  const onSubmit = (run: (form: FormData) => Promise<string>) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(() => run(form));
  };
  const text = (form: FormData, key: string) => String(form.get(key) ?? "").trim();

  async function onCsv(file: File) {
    const { rows, problems } = parseBulkCsv(await file.text());
    if (problems.length > 0) {
      // Every bad row at once, and nothing sent.
      setCsv({ problems: problems.map((p) => `line ${p.line}: ${p.problem}`) });
      return;
    }
    setCsv({ problems: [] });
    const batches = planBatches(rows, 500);
    await act(async () => {
      const result = await sendBatches(need(), batches, (done, count) => setCsv({ problems: [], progress: `${done}/${count}` }));
      const skipped = result.skipped > 0 ? `; ${result.skipped} batch(es) had been issued before and were skipped` : "";
      return `Issued ${result.points} points to ${result.recipients} customers in ${result.sent} transaction(s)${skipped}.`;
    });
  }

  return (
    <main>
      <section>
        <h2>Your roles</h2>
        <p data-testid="roles">
          {account === undefined ? "Connect a wallet to see what you may do." : roles.length === 0 ? "None: you can read the books." : roles.join(", ")}
        </p>
      </section>

      {can("FULFILLER") && (
        <section>
          <h2>Orders to fulfil</h2>
          <table data-testid="placed-orders">
            <thead><tr><th>Order</th><th>Buyer</th><th>Item</th><th>Qty</th><th>Points</th><th></th></tr></thead>
            <tbody>
              {placed.map((o) => (
                <tr key={o.id.toString()}>
                  <td>{o.id.toString()}</td>
                  <td>{short(o.buyer)}</td>
                  <td>{skus.find((s) => s.id === o.skuId)?.name ?? o.skuId}</td>
                  <td>{o.qty}</td>
                  <td>{o.pointsPaid.toString()}</td>
                  <td>
                    <form className="inline" onSubmit={onSubmit(async (f) => (await fulfil(need(), { orderId: o.id, deliveryRef: text(f, "ref") }), `Order ${o.id} fulfilled.`))}>
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
          {placed.length === 0 && <p>No order waits.</p>}
        </section>
      )}

      {can("CATALOG_MANAGER") && (
        <section data-testid="catalog-admin">
          <h2>Catalog</h2>
          <h3>Categories</h3>
          <table>
            <tbody>
              {categories.filter((c) => c.merchantId === MERCHANT).map((c) => (
                <tr key={c.id}>
                  <td>{c.id}</td>
                  <td>
                    <form className="inline" onSubmit={onSubmit(async (f) => (await renameCategory(need(), { categoryId: c.id, name: text(f, "name") }), `Category ${c.id} renamed.`))}>
                      <input name="name" defaultValue={c.name} aria-label={`name of category ${c.id}`} />
                      <button type="submit">Rename</button>
                    </form>
                  </td>
                  <td>{c.retired ? "retired" : <button onClick={() => void act(async () => (await retireCategory(need(), { categoryId: c.id }), `Category ${c.id} retired.`))}>Retire</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form className="inline" onSubmit={onSubmit(async (f) => (await createCategory(need(), { merchantId: MERCHANT, name: text(f, "name") }), `Category "${text(f, "name")}" created.`))}>
            <input name="name" placeholder="new category" required />
            <button type="submit">Add category</button>
          </form>

          <h3>Items</h3>
          <table data-testid="sku-admin">
            <thead><tr><th>SKU</th><th>Name, price, per customer</th><th>Stock</th><th>On sale</th></tr></thead>
            <tbody>
              {skus.filter((s) => s.merchantId === MERCHANT).map((s) => (
                <tr key={s.id}>
                  <td>{s.id}</td>
                  <td>
                    <form className="inline" onSubmit={onSubmit(async (f) => {
                      const name = text(f, "name");
                      await updateSku(need(), {
                        skuId: s.id,
                        categoryId: s.categoryId,
                        price: text(f, "price"),
                        perWalletLimit: BigInt(text(f, "limit") || "0"),
                        saleStart: s.saleStart,
                        saleEnd: s.saleEnd,
                        metadataURI: name === (s.name ?? "") ? s.metadataURI : skuMetadataURI(name),
                      });
                      return `Price of ${name || s.id} set to ${text(f, "price")}.`;
                    })}>
                      <input name="name" defaultValue={s.name ?? ""} size={14} aria-label={`name of SKU ${s.id}`} />
                      <input name="price" defaultValue={s.price.toString()} size={7} aria-label={`price of SKU ${s.id}`} />
                      <input name="limit" defaultValue={s.perWalletLimit.toString()} size={4} aria-label={`per-customer limit of SKU ${s.id}`} title="per customer (0: none)" />
                      <button type="submit">Set</button>
                    </form>
                  </td>
                  <td>
                    {s.unlimited ? (
                      "unlimited"
                    ) : (
                      <form className="inline" onSubmit={onSubmit(async (f) => (await restock(need(), { skuId: s.id, added: BigInt(text(f, "units") || "0") }), `Restocked ${s.name ?? s.id}.`))}>
                        {s.stock.toString()} + <input name="units" placeholder="units" size={5} aria-label={`restock SKU ${s.id}`} />
                        <button type="submit">Restock</button>
                      </form>
                    )}
                  </td>
                  <td>
                    <button onClick={() => void act(async () => (await setSkuActive(need(), { skuId: s.id, active: !s.active }), `${s.name ?? s.id} is ${s.active ? "off" : "on"} sale.`))}>
                      {s.active ? "Withdraw" : "Put on sale"}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form className="inline" data-testid="new-sku" onSubmit={onSubmit(async (f) => {
            await createSku(need(), {
              categoryId: Number(text(f, "category")),
              price: text(f, "price"),
              stock: f.get("unlimited") === "on" ? 0n : BigInt(text(f, "stock") || "0"),
              unlimited: f.get("unlimited") === "on",
              perWalletLimit: BigInt(text(f, "limit") || "0"),
              metadataURI: skuMetadataURI(text(f, "name"), text(f, "description")),
            });
            return `"${text(f, "name")}" is on sale.`;
          })}>
            <input name="name" placeholder="item name" required />
            <input name="description" placeholder="description" />
            <select name="category" aria-label="category">{categories.filter((c) => c.merchantId === MERCHANT && !c.retired).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>
            <input name="price" placeholder="price" required size={7} />
            <input name="stock" placeholder="stock" size={5} />
            <label><input type="checkbox" name="unlimited" /> unlimited</label>
            <input name="limit" placeholder="per customer" size={6} />
            <button type="submit" className="primary">Add item</button>
          </form>
        </section>
      )}

      {can("ISSUER_ROLE") && (
        <section data-testid="issue-admin">
          <h2>Issue points</h2>
          <form className="inline" onSubmit={onSubmit(async (f) => (await issue(need(), { to: text(f, "to"), amount: text(f, "amount"), ref: text(f, "ref") }), `Issued ${text(f, "amount")} points.`))}>
            <input name="to" placeholder="0x… customer" required size={44} />
            <input name="amount" placeholder="points" required size={8} />
            <input name="ref" placeholder="receipt or reason" required />
            <button type="submit">Issue</button>
          </form>
          <h3>From a CSV file (address,amount,reference)</h3>
          <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(e) => { const f = e.target.files?.[0]; if (f !== undefined) void onCsv(f); e.target.value = ""; }} />
          {csv.progress !== undefined && <p data-testid="csv-progress">Sent {csv.progress} batches.</p>}
          {csv.problems.length > 0 && (
            <div className="differences" data-testid="csv-problems">
              <p>{csv.problems.length} bad row(s); nothing was sent:</p>
              <ul>{csv.problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </div>
          )}
        </section>
      )}

      {(can("DEFAULT_ADMIN_ROLE") || can("MERCHANT_ADMIN")) && (
        <section data-testid="roles-admin">
          <h2>Quotas and roles</h2>
          {can("DEFAULT_ADMIN_ROLE") && (
            <form className="inline" onSubmit={onSubmit(async (f) => (await setIssuerQuota(need(), { issuer: text(f, "issuer"), quota: text(f, "quota") }), `Quota of ${short(text(f, "issuer"))} set to ${text(f, "quota")}.`))}>
              <input name="issuer" placeholder="0x… issuer" required size={44} />
              <input name="quota" placeholder="points it may issue" required />
              <button type="submit">Set quota</button>
            </form>
          )}
          <form className="inline" onSubmit={onSubmit(async (f) => {
            const role = text(f, "role");
            const accountToChange = text(f, "account");
            const grant = (f.get("action") ?? "grant") === "grant";
            if (TOKEN_ROLES.includes(role)) {
              await (grant ? grantTokenRole : revokeTokenRole)(need(), { role: role as TokenRole, account: accountToChange });
            } else {
              await (grant ? grantMerchantRole : revokeMerchantRole)(need(), { role: role as MerchantRole, merchantId: MERCHANT, account: accountToChange });
            }
            return `${grant ? "Granted" : "Revoked"} ${role} ${grant ? "to" : "from"} ${short(accountToChange)}.`;
          })}>
            <select name="action" aria-label="grant or revoke"><option value="grant">Grant</option><option value="revoke">Revoke</option></select>
            <select name="role" aria-label="role">
              {can("DEFAULT_ADMIN_ROLE") && TOKEN_ROLES.map((r) => <option key={r}>{r}</option>)}
              {can("MERCHANT_ADMIN") && ["CATALOG_MANAGER", "FULFILLER"].map((r) => <option key={r}>{r}</option>)}
            </select>
            <input name="account" placeholder="0x… account" required size={44} />
            <button type="submit">Apply</button>
          </form>
        </section>
      )}

      {can("PAUSER_ROLE") && (
        <section>
          <h2>Emergency</h2>
          <button onClick={() => void act(async () => (await pause(need()), "Paused: transfers, issuance and redemption wait."))}>Pause</button>{" "}
          <button onClick={() => void act(async () => (await unpause(need()), "Resumed."))}>Unpause</button>
        </section>
      )}

      <section>
        <h2>Points issued and redeemed per day</h2>
        <ActivityChart days={activity} />
      </section>

      <section>
        <h2>Reconciliation</h2>
        {books === undefined ? (
          <p>Reading the books…</p>
        ) : (
          <div data-testid="books">
            <p>
              At block {books.block}: supply {books.totalSupply.toString()}; the balances of {books.holders} holders add up to {books.sumOfBalances.toString()}; issued{" "}
              {books.issued.toString()} − burned {books.burned.toString()} + refunded {books.refunded.toString()} = {(books.issued - books.burned + books.refunded).toString()}.
            </p>
            {books.differences.length === 0 ? (
              <p className="ok">The books balance.</p>
            ) : (
              <ul className="differences" data-testid="differences">{books.differences.map((d) => <li key={d}>{d}</li>)}</ul>
            )}
            <table>
              <thead><tr><th>Issuer</th><th>Issued</th><th>Quota left</th><th>Redeemed by its customers</th></tr></thead>
              <tbody>{books.issuers.map((i) => <tr key={i.issuer}><td>{short(i.issuer)}</td><td>{i.issued.toString()}</td><td>{i.quotaLeft.toString()}</td><td>{i.redeemedByItsCustomers.toString()}</td></tr>)}</tbody>
            </table>
            <table>
              <thead><tr><th>SKU</th><th>Supplied</th><th>Stock</th><th>Sold</th><th>Sold by orders</th></tr></thead>
              <tbody>
                {books.skus.map((s) => {
                  const off = (!s.unlimited && s.stock + s.sold !== s.supplied) || s.sold !== s.soldByOrders;
                  return (
                    <tr key={s.skuId} className={off ? "differences" : ""}>
                      <td>{s.skuId}</td><td>{s.unlimited ? "unlimited" : s.supplied.toString()}</td><td>{s.unlimited ? "-" : s.stock.toString()}</td><td>{s.sold.toString()}</td><td>{s.soldByOrders.toString()}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
