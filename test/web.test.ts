import { existsSync } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import { chromium, type Browser, type Page } from "playwright-core";
import { projectRoot } from "../scripts/lib/deployment.js";
import { connectPoints, updateSku } from "../src/sdk/index.js";
import { startLocalSystem, type LocalSystem } from "./helpers/processes.js";
import { TestWallet } from "./helpers/testWallet.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const shots = path.join(projectRoot, "test-output", "screenshots");
const deploymentId = "local-web";

describe("the web mall and merchant console, in a real browser", function () {
  this.timeout(300_000);
  let system: LocalSystem;
  let browser: Browser;
  let provider: JsonRpcProvider;
  let webUrl: string;
  let addresses: { token: string; mall: string; chainId: number };

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    system = await startLocalSystem(deploymentId);
    webUrl = system.webUrl;
    // No read cache: one key sends transactions back to back (a cached nonce would be stale).
    provider = new JsonRpcProvider(system.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const info = JSON.parse(await readFile(path.join(projectRoot, ".points", `${deploymentId}.json`), "utf8")) as typeof addresses;
    addresses = info;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    await mkdir(shots, { recursive: true });
  });

  after(async function () {
    await browser?.close();
    provider?.destroy();
    system?.child.kill("SIGINT");
  });

  /** A page with a test wallet for `account`, starting on `startChainId`. */
  async function open(account: number, startChainId = 31337, knownChains = [31337]): Promise<{ page: Page; wallet: TestWallet }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const wallet = new TestWallet(provider, account, { startChainId, knownChains });
    await wallet.install(page);
    await page.goto(webUrl);
    return { page, wallet };
  }

  async function connect(page: Page): Promise<void> {
    await page.getByRole("button", { name: "Connect Test Wallet" }).click();
    await page.getByTestId("account").waitFor();
  }

  async function notice(page: Page, pattern: RegExp): Promise<string> {
    const alert = page.getByTestId("notice");
    await alert.filter({ hasText: pattern }).waitFor({ timeout: 30_000 });
    return (await alert.textContent()) ?? "";
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const file = path.join(shots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // A blank 1280x900 page compresses to a few KB; a rendered one is far larger.
    expect((await stat(file)).size, `${name}.png looks blank`).to.be.greaterThan(30_000);
  }

  it("connects a wallet on another chain: switches, adds the chain on 4902, and adds the token", async function () {
    const { page, wallet } = await open(3, 1, [1]);
    await connect(page);
    expect(wallet.chainId).to.equal(31337);
    expect(wallet.added).to.have.length(1);
    expect(wallet.added[0]).to.deep.include({ chainId: "0x7a69", rpcUrls: [provider._getConnection().url] });
    await page.getByRole("button", { name: "Add MPT to wallet" }).click();
    await notice(page, /MPT is in your wallet/);
    expect(wallet.watched[0]).to.deep.equal({ type: "ERC20", options: { address: addresses.token, symbol: "MPT", decimals: 0 } });
    await page.getByTestId("balance").filter({ hasText: "5000 MPT" }).waitFor();
    await screenshot(page, "shop");
    await page.close();
  });

  it("redeems, shows the order; the merchant fulfils it; the customer sees it fulfilled with its delivery reference", async function () {
    const customer = await open(3);
    await connect(customer.page);
    await customer.page.getByTestId("sku-4").getByRole("button", { name: /Redeem for 600 MPT/ }).click();
    expect(await notice(customer.page, /Order \d+ placed/)).to.match(/Order 2 placed: 600 MPT paid/);
    await customer.page.getByTestId("orders").getByText("Placed").waitFor();
    await customer.page.getByTestId("balance").filter({ hasText: "4400 MPT" }).waitFor();
    await screenshot(customer.page, "after-redeem");

    const staff = await open(2);
    await connect(staff.page);
    await staff.page.getByRole("button", { name: "Merchant console" }).click();
    await staff.page.getByTestId("roles").filter({ hasText: "CATALOG_MANAGER, FULFILLER" }).waitFor();
    const row = staff.page.getByTestId("placed-orders").getByRole("row").filter({ hasText: /^2/ });
    await row.getByPlaceholder("delivery reference").fill("DHL-7");
    await row.getByRole("button", { name: "Fulfil" }).click();
    await notice(staff.page, /Order 2 fulfilled/);
    await staff.page.getByTestId("books").getByText("The books balance.").waitFor();
    await screenshot(staff.page, "console");

    await customer.page.reload();
    await connect(customer.page);
    await customer.page.getByTestId("orders").getByText("Fulfilled (DHL-7)").waitFor();
    await customer.page.close();
    await staff.page.close();
  });

  async function console_(account: number): Promise<Page> {
    const { page } = await open(account);
    await connect(page);
    await page.getByRole("button", { name: "Merchant console" }).click();
    return page;
  }

  it("lets a customer with no ETH redeem and send points: the wallet signs, the relay pays the gas", async function () {
    const { page, wallet } = await open(100); // the demo's gasless customer: 2,000 MPT, 0 ETH
    const address = wallet.signer.address;
    expect(await provider.getBalance(address)).to.equal(0n);
    await connect(page);
    await page.getByTestId("balance").filter({ hasText: "2000 MPT" }).waitFor();
    await page.getByTestId("sku-3").getByRole("button", { name: /Redeem for 80 MPT/ }).click();
    expect(await notice(page, /Order \d+ placed/)).to.match(/Order \d+ placed: 80 MPT paid\. The mall paid the gas\./);
    await page.getByTestId("balance").filter({ hasText: "1920 MPT" }).waitFor();
    await page.getByTestId("orders").getByText("Placed").waitFor();
    await page.getByPlaceholder("0x… address").fill("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
    await page.getByPlaceholder("points").first().fill("20");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    expect(await notice(page, /Sent/)).to.equal("Sent 20 MPT. The mall paid the gas.");
    await page.getByTestId("balance").filter({ hasText: "1900 MPT" }).waitFor();
    expect(await provider.getBalance(address)).to.equal(0n);
    await screenshot(page, "gasless-redeem");
    await page.close();
  });

  it("lets a catalog manager add a category and an item, price and withdraw it; the shop shows it", async function () {
    const page = await console_(2);
    const admin = page.getByTestId("catalog-admin");
    await admin.getByPlaceholder("new category").fill("Books");
    await admin.getByRole("button", { name: "Add category" }).click();
    await notice(page, /Category "Books" created/);
    const form = page.getByTestId("new-sku");
    await form.getByPlaceholder("item name").fill("Paperback");
    await form.getByLabel("category").selectOption({ label: "Books" });
    await form.getByPlaceholder("price").fill("300");
    await form.getByPlaceholder("stock").fill("4");
    await form.getByRole("button", { name: "Add item" }).click();
    await notice(page, /"Paperback" is on sale/);
    const row = page.getByTestId("sku-admin").getByRole("row").filter({ has: page.getByLabel("price of SKU 7") });
    await page.getByLabel("price of SKU 7").fill("320");
    await page.getByLabel("per-customer limit of SKU 7").fill("2");
    await row.getByRole("button", { name: "Set" }).click();
    await notice(page, /Price of Paperback set to 320/);
    await screenshot(page, "console-catalog");

    const shop = await open(3);
    await connect(shop.page);
    await shop.page.getByTestId("sku-7").getByRole("button", { name: /Redeem for 320 MPT/ }).waitFor();
    expect(await shop.page.getByTestId("sku-7").textContent()).to.include("4 left · 2 per customer");
    await row.getByRole("button", { name: "Withdraw" }).click();
    await notice(page, /Paperback is off sale/);
    await shop.page.reload();
    await shop.page.getByTestId("sku-6").waitFor();
    expect(await shop.page.getByTestId("sku-7").count()).to.equal(0);
    await page.close();
    await shop.page.close();
  });

  it("lets an issuer upload a CSV: every bad row is listed and nothing sent; a good file is issued with progress", async function () {
    const page = await console_(1);
    const before = await provider.getBlockNumber();
    await page.getByLabel("CSV file").setInputFiles({
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65,10,oct\n0x15d34aaf54267db7d7c367839aaf71A00a2C6A65,5,oct\n0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc,1.5,oct\n"),
    });
    const problems = page.getByTestId("csv-problems");
    await problems.waitFor();
    expect(await problems.textContent()).to.match(/2 bad row\(s\); nothing was sent/).and.match(/line 2: .*bad checksum/).and.match(/line 3: .*not a whole number/);
    expect(await provider.getBlockNumber()).to.equal(before);

    const recipients = ["0x14dC79964da2C08b23698B3D3cc7Ca32193d9955", "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"];
    await page.getByLabel("CSV file").setInputFiles({
      name: "good.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(recipients.map((r) => `${r},75,october-bonus`).join("\n")),
    });
    await notice(page, /Issued 150 points to 2 customers in 1 transaction/);
    await page.getByTestId("csv-progress").filter({ hasText: "Sent 1/1 batches." }).waitFor();
    const token = connectPoints(provider, addresses).token;
    for (const r of recipients) expect(await token.balanceOf(r)).to.equal(75n);
    await page.close();
  });

  it("lets the admin set a quota and grant a role, and shows the activity chart and the books", async function () {
    const page = await console_(0);
    await page.getByTestId("roles").filter({ hasText: "DEFAULT_ADMIN_ROLE, PAUSER_ROLE, MERCHANT_ADMIN" }).waitFor();
    const roles = page.getByTestId("roles-admin");
    await roles.getByPlaceholder("0x… issuer").fill("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    await roles.getByPlaceholder("points it may issue").fill("12345678");
    await roles.getByRole("button", { name: "Set quota" }).click();
    await notice(page, /Quota of 0x7099…79C8 set to 12345678/);
    await roles.getByLabel("role").selectOption("FULFILLER");
    await roles.getByPlaceholder("0x… account").fill("0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc");
    await roles.getByRole("button", { name: "Apply" }).click();
    await notice(page, /Granted FULFILLER to 0x9965…A4dc/);
    const reader = connectPoints(provider, addresses);
    expect(await reader.token.issuerQuota("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).to.equal(12_345_678n);
    expect(await reader.mall.hasRole(await reader.mall.merchantRole(await reader.mall.FULFILLER(), 1), "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc")).to.equal(true);

    expect(await page.getByTestId("activity-chart").locator("rect").count()).to.be.greaterThan(1);
    await page.getByTestId("books").getByText("The books balance.").waitFor();
    await screenshot(page, "console-admin");
    await page.close();
  });

  it("says the price changed when it rose between page load and redeem, and charges nothing", async function () {
    const { page } = await open(3);
    await connect(page);
    await page.getByTestId("sku-5").getByRole("button", { name: /Redeem for 400 MPT/ }).waitFor();
    // Meanwhile, the merchant raises the price.
    const staff = connectPoints(new TestWallet(provider, 2, { startChainId: 31337, knownChains: [31337] }).signer, addresses);
    await updateSku(staff, { skuId: 5, categoryId: 3, price: 450n, metadataURI: (await staff.mall.sku(5)).metadataURI });
    const before = await provider.getBlockNumber();
    await page.getByTestId("sku-5").getByRole("button", { name: /Redeem for 400 MPT/ }).click();
    expect(await notice(page, /price changed/)).to.equal(
      "The price changed to 450 points while you were looking. Nothing was charged; check the new price and try again.",
    );
    expect(await provider.getBlockNumber()).to.equal(before);
    await screenshot(page, "price-changed");
    await page.close();
  });

  it("says the shopper cancelled when the wallet rejects the transaction", async function () {
    const { page, wallet } = await open(3);
    await connect(page);
    wallet.rejectNext = true;
    await page.getByTestId("sku-3").getByRole("button", { name: /Redeem for 80 MPT/ }).click();
    expect(await notice(page, /cancelled/)).to.equal("You cancelled this in your wallet. Nothing was sent.");
    await page.close();
  });

  it("says in words when the wallet is on another network, an item is out of stock, or points are short", async function () {
    const { page, wallet } = await open(5); // account 5 holds 300 points
    await connect(page);
    wallet.chainId = 1; // the shopper switched networks in the wallet
    await page.getByTestId("sku-3").getByRole("button", { name: /Redeem for 80 MPT/ }).click();
    expect(await notice(page, /another network/)).to.equal(
      "Your wallet is on another network (chain 1). Switch it to the Points Mall network (chain 31337) and try again.",
    );
    wallet.chainId = 31337;
    await page.getByTestId("sku-6").getByRole("button", { name: /Redeem for 2500 MPT/ }).click();
    expect(await notice(page, /enough points/)).to.equal("You don't have enough points: you have 300, this needs 2500.");
    await page.getByTestId("sku-4").getByLabel("Quantity").fill("999");
    await page.getByTestId("sku-4").getByRole("button", { name: /Redeem for/ }).click();
    expect(await notice(page, /left|stock/)).to.match(/^Sorry, only \d+ left\.$/);
    await page.close();
  });

  it("shows a paused shop as a sentence, and sends points to another address", async function () {
    const { page } = await open(3);
    await connect(page);
    await page.getByPlaceholder("0x… address").fill("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
    await page.getByPlaceholder("points").first().fill("25");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await notice(page, /Sent 25 MPT/);
    const operator = connectPoints(new TestWallet(provider, 0, { startChainId: 31337, knownChains: [31337] }).signer, addresses);
    await (await operator.token.pause()).wait();
    try {
      await page.getByTestId("sku-3").getByRole("button", { name: /Redeem for 80 MPT/ }).click();
      expect(await notice(page, /paused/)).to.match(/The shop is paused for maintenance/);
    } finally {
      await (await operator.token.unpause()).wait();
    }
    await page.close();
  });
});
