import { expect } from "chai";
import type { BrowserContext, Page } from "playwright-core";
import { balanceOf, connectIndexer, issue, redeem, transfer } from "../src/sdk/index.js";
import { demoWallet } from "../scripts/lib/demo.js";
import { DESKTOP, PHONE, connectExtension, expectNoSideScroll, go, open, screenshot, startWeb, withoutApi, type WebHarness } from "./helpers/web.js";

const ISSUER = 1;
const CUSTOMER = 3; // 5,000 points and ETH for gas
const FRIEND = 4;
const address = (account: number) => demoWallet(account).address;

describe("the ledger in the web: explorer, and lists from the API", function () {
  this.timeout(300_000);
  let h: WebHarness;

  before(async function () {
    h = await startWeb("local-web-explorer");
  });

  after(async function () {
    await h?.stop();
  });

  /** Waits until the ledger has indexed `block` (it follows the chain a poll behind). */
  async function indexed(block: number): Promise<void> {
    const ix = connectIndexer(h.system.apiUrl);
    for (let i = 0; i < 300; i++) {
      if (((await ix.health()).indexedBlock ?? -1) >= block) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the ledger did not index block ${block} in 30 s`);
  }

  /** The URLs of the requests the page sends to the ledger API. */
  function apiRequests(page: Page): string[] {
    const seen: string[] = [];
    page.on("request", (r) => {
      if (r.url().startsWith(h.system.apiUrl)) seen.push(r.url());
    });
    return seen;
  }

  const apiDown = async (context: BrowserContext) => {
    await context.route(`${h.system.apiUrl}/**`, (route) => route.abort("connectionrefused"));
  };

  it("shows anyone the state of the books, the issuers' liabilities and the top holders from the ledger", async function () {
    const { page } = await open(h, { path: "/explorer" });
    const requests = apiRequests(page);
    await page.getByRole("link", { name: "Explorer", exact: true }).waitFor();
    const books = page.getByTestId("explorer-books");
    await books.getByTestId("books-verdict").filter({ hasText: /^Reconciled: every check agrees at block \d+\.$/ }).waitFor();
    const supply = await h.reader.token.totalSupply();
    expect(await books.textContent()).to.include("Points in circulation").and.include(`${supply.toLocaleString("en-US")} MPT`).and.match(/Issued [\d,]+ − burned [\d,]+ \+ refunded [\d,]+ = [\d,]+\./);

    const issuer = page.getByTestId("explorer-issuers").getByTestId(`issuer-${address(ISSUER)}`);
    await issuer.waitFor();
    const quota = await h.reader.token.issuerQuota(address(ISSUER));
    expect(await issuer.textContent()).to.include(quota.toLocaleString("en-US"));

    const holders = page.getByTestId("explorer-holders");
    const customer = holders.getByTestId(`holder-${address(CUSTOMER)}`);
    await customer.waitFor();
    const balance = await balanceOf(h.reader, address(CUSTOMER));
    expect(await customer.textContent()).to.include(`${balance.toLocaleString("en-US")} MPT`);
    // Largest first: the first row holds at least as much as the customer.
    const first = await holders.locator("tbody tr").first().locator("td").nth(2).textContent();
    expect(BigInt((first ?? "").replace(/[^\d]/g, ""))).to.be.at.least(balance);
    await page.getByTestId("explorer-movements").locator("tbody tr").first().waitFor();
    expect(requests.some((u) => u.includes("/issuers")) && requests.some((u) => u.includes("/holders")) && requests.some((u) => u.includes("/movements"))).to.equal(true);
    await page.close();
  });

  it("finds an account, a transaction, an order and a reference through the search box", async function () {
    const receipt = await issue(h.as(ISSUER), { to: address(CUSTOMER), amount: 321n, ref: "explorer-launch" });
    const { orderId, receipt: placed } = await redeem(h.as(CUSTOMER), { skuId: 3, qty: 1, maxPricePerUnit: 80n });
    await indexed(placed.blockNumber);
    const { page } = await open(h, { path: "/explorer" });
    const box = page.getByRole("searchbox", { name: "Search the ledger" });
    const results = page.getByTestId("search-results");
    const search = async (q: string) => {
      await box.fill(q);
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === q);
    };

    await search(address(CUSTOMER));
    const account = results.getByTestId("hit-account");
    await account.filter({ hasText: `Balance ${(await balanceOf(h.reader, address(CUSTOMER))).toLocaleString("en-US")} MPT` }).waitFor();
    await account.getByTestId("account-movements").getByText("explorer-launch").waitFor();

    await search(receipt.hash);
    await results.getByTestId("hit-transaction").filter({ hasText: `Transaction in block ${receipt.blockNumber}` }).waitFor();

    await search(String(orderId));
    const order = results.getByTestId("hit-order");
    await order.filter({ hasText: `Order #${orderId}: 80 MPT, Placed, placed by` }).waitFor();
    expect(await order.getByRole("link").getAttribute("href")).to.equal(`/orders/${orderId}`);

    await search("explorer-lau");
    await results.getByTestId("hit-issuance").filter({ hasText: /321 MPT issued to 1 recipient, reference “explorer-launch”/ }).waitFor();

    await search("no-such-reference-anywhere");
    await results.getByTestId("panel-empty").filter({ hasText: "Nothing matches “no-such-reference-anywhere”." }).waitFor();
    // The search is in the URL: a reload shows it again.
    await go(page, `/explorer?q=${encodeURIComponent("explorer-launch")}`);
    await results.getByTestId("hit-issuance").waitFor();
    await page.close();
  });

  it("shows a movement made after the page loaded, as the ledger indexes it", async function () {
    const { page } = await open(h, { path: "/explorer" });
    const movements = page.getByTestId("explorer-movements");
    await movements.locator("tbody tr").first().waitFor();
    await page.getByTestId("explorer-live").waitFor();
    const receipt = await transfer(h.as(CUSTOMER), { to: address(FRIEND), amount: 17n });
    const row = movements.locator(`[data-testid^="movement-${receipt.hash}-"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).to.include("Sent").and.include("−17");
    await page.close();
  });

  it("reads the shop's history from the ledger API, and from the chain with a note when the API is down or absent", async function () {
    const viaApi = await open(h, { account: CUSTOMER });
    const requests = apiRequests(viaApi.page);
    await connectExtension(viaApi.page);
    await go(viaApi.page, "/history");
    const history = viaApi.page.getByTestId("history");
    await history.getByText("explorer-launch").waitFor();
    expect(requests.some((u) => u.includes(`/accounts/${address(CUSTOMER)}/history`))).to.equal(true);
    expect(await viaApi.page.getByTestId("ledger-note").count()).to.equal(0);
    await viaApi.context.close();

    const down = await open(h, { account: CUSTOMER, prepare: apiDown });
    await connectExtension(down.page);
    await go(down.page, "/history");
    await down.page.getByTestId("history").getByText("explorer-launch").waitFor();
    expect(await down.page.getByTestId("ledger-note").textContent()).to.equal("The ledger service is not answering: reading from the chain instead, which can take longer.");
    await go(down.page, "/explorer");
    await down.page.getByTestId("explorer-down").filter({ hasText: "The ledger service is not answering." }).waitFor();
    await down.context.close();

    const absent = await open(h, { account: CUSTOMER, locale: "zh-CN", prepare: withoutApi });
    const none = apiRequests(absent.page);
    await absent.page.getByRole("link", { name: "登录", exact: true }).click();
    await absent.page.getByRole("button", { name: "连接 Test Wallet" }).click();
    await absent.page.getByTestId("account").waitFor();
    await go(absent.page, "/orders");
    await absent.page.getByTestId("orders").locator("tbody tr").first().waitFor();
    expect(await absent.page.getByTestId("ledger-note").textContent()).to.equal("本商城未运行账本服务：列表直接从链上读取，可能较慢。");
    await go(absent.page, "/explorer");
    await absent.page.getByTestId("explorer-no-api").waitFor();
    expect(none).to.deep.equal([]);
    await absent.context.close();
  });

  it("lays the explorer out without sideways scrolling on a phone and a desktop, in English and Chinese", async function () {
    for (const [language, locale] of [["en", "en-US"], ["zh", "zh-CN"]] as const) {
      for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
        const { page, context } = await open(h, { viewport, locale, path: `/explorer?q=${address(CUSTOMER)}` });
        await page.getByTestId("account-movements").locator("tbody tr").first().waitFor();
        await page.getByTestId("explorer-movements").locator("tbody tr").first().waitFor();
        await page.getByTestId("explorer-holders").locator("tbody tr").first().waitFor();
        await page.getByTestId("books-verdict").waitFor();
        await expectNoSideScroll(page, `/explorer (${language}, ${viewport.width}x${viewport.height})`);
        await screenshot(page, `explorer-${language}-${size}`);
        await context.close();
      }
    }
  });
});
