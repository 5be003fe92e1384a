import { expect } from "chai";
import { redeem, registerMerchant } from "../src/sdk/index.js";
import { demoWallet } from "../scripts/lib/demo.js";
import { connectExtension, feedback, go, open, screenshot, startWeb, type WebHarness } from "./helpers/web.js";

const OPERATOR = 0; // admin of token and mall, pauser, admin of merchant 1
const ISSUER = 1;
const STAFF = 2; // catalog manager and fulfiller of merchant 1
const CUSTOMER = 3;
const address = (account: number) => demoWallet(account).address;

describe("the merchant console, in a real browser", function () {
  this.timeout(300_000);
  let h: WebHarness;

  before(async function () {
    h = await startWeb("local-web-console");
  });

  after(async function () {
    await h?.stop();
  });

  async function consoleAs(account: number, path = "/console") {
    const opened = await open(h, { account });
    await connectExtension(opened.page);
    await go(opened.page, path);
    return opened;
  }

  it("shows a shopper no console and no books, and a merchant's staff only their merchant and their sections", async function () {
    const shopper = await consoleAs(CUSTOMER, "/console/books");
    await shopper.page.getByTestId("no-role").filter({ hasText: "This account holds no role." }).waitFor();
    expect(await shopper.page.getByTestId("books").count()).to.equal(0);
    await shopper.page.close();

    // A second merchant, whose admin is account 6.
    await registerMerchant(h.as(OPERATOR), { name: "Tea House", admin: address(6) });
    const staff = await consoleAs(STAFF, "/console/books");
    await staff.page.getByTestId("roles").filter({ hasText: "Your roles: Catalog manager, Fulfiller at Demo Store" }).waitFor();
    const tabs = staff.page.getByRole("navigation", { name: "Sections" });
    expect(await tabs.getByRole("link").allTextContents()).to.deep.equal(["Orders", "Catalog"]);
    await staff.page.getByTestId("order-queue").waitFor(); // books asked for, orders shown
    expect(await staff.page.getByTestId("books").count()).to.equal(0);
    expect(await staff.page.getByRole("combobox", { name: "Merchant" }).count()).to.equal(0);
    await staff.page.close();

    const tea = await consoleAs(6, "/console/staff");
    await tea.page.getByTestId("roles").filter({ hasText: "Merchant administrator at Tea House" }).waitFor();
    const panel = tea.page.getByTestId("staff-admin");
    await panel.getByRole("heading", { name: "Staff of Tea House" }).waitFor();
    await panel.getByLabel("Role").selectOption({ label: "Fulfiller" });
    await panel.getByLabel("Account").fill(address(7));
    await panel.getByRole("button", { name: "Apply" }).click();
    expect(await feedback(panel, /granted/)).to.equal(`Fulfiller granted to ${address(7).slice(0, 6)}…${address(7).slice(-4)}.`);
    expect(await h.reader.mall.hasRole(await h.reader.mall.merchantRole(await h.reader.mall.FULFILLER(), 2), address(7))).to.equal(true);
    await panel.locator(".holders").getByText(`${address(7).slice(0, 6)}…${address(7).slice(-4)}`, { exact: true }).waitFor();
    await tea.page.close();

    const operator = await consoleAs(OPERATOR, "/console/staff?merchant=2");
    const picker = operator.page.getByRole("combobox", { name: "Merchant" });
    await picker.waitFor();
    expect(await picker.locator("option").allTextContents()).to.deep.equal(["Demo Store", "Tea House"]);
    await operator.page.getByRole("heading", { name: "Staff of Tea House" }).waitFor();
    await operator.page.close();
  });

  it("lists the orders with dates and filters, and cancels only after a reason and a confirmation; the customer's receipt shows both", async function () {
    const buyer = address(4);
    const pastry = await redeem(h.as(4), { skuId: 3, qty: 2, maxPricePerUnit: 80n });
    const mug = await redeem(h.as(CUSTOMER), { skuId: 4, qty: 1, maxPricePerUnit: 600n });
    const { page } = await consoleAs(STAFF, "/console/orders");
    const queue = page.getByTestId("order-queue");
    const row = queue.getByTestId(`order-${pastry.orderId}`);
    await row.filter({ hasText: /\w{3} \d{1,2}, \d{4}/ }).filter({ hasText: "Pastry" }).waitFor();
    expect(await row.textContent()).to.include("160 MPT").and.include("Placed");
    await queue.getByLabel("Item").selectOption({ label: "Pastry" });
    await queue.getByTestId(`order-${mug.orderId}`).waitFor({ state: "detached" });
    await queue.getByLabel("Item").selectOption({ label: "All items" });
    await queue.getByLabel("Buyer's address").fill(buyer.slice(0, 8));
    await queue.getByTestId(`order-${mug.orderId}`).waitFor({ state: "detached" });
    await row.waitFor();
    await screenshot(page, "console-orders");

    await row.getByRole("button", { name: "Cancel…" }).click();
    const ask = row.getByRole("alertdialog");
    expect(await ask.textContent()).to.include(`Cancel order #${pastry.orderId} and refund 160 MPT to`);
    await ask.getByRole("button", { name: "Keep it" }).click();
    expect(Number((await h.reader.mall.order(pastry.orderId)).status)).to.equal(1); // still Placed
    await row.getByRole("button", { name: "Cancel…" }).click();
    await ask.getByLabel("Reason").selectOption({ label: "Cannot deliver" });
    await ask.getByRole("button", { name: "Cancel the order" }).click();
    expect(await feedback(row, /cancelled/)).to.equal(`Order ${pastry.orderId} cancelled; 160 MPT refunded.`);
    await row.getByText("Cancelled", { exact: true }).waitFor();
    await queue.getByLabel("Status").selectOption({ label: "Cancelled" });
    await queue.getByTestId(`order-${pastry.orderId}`).waitFor();

    const receipt = await open(h, { path: `/orders/${pastry.orderId}` });
    const timeline = receipt.page.getByTestId("timeline");
    await timeline.getByText("Reason: Cannot deliver").waitFor();
    await timeline.getByText("Refunded: 160 MPT").waitFor();
    await receipt.page.close();
    await page.close();
  });

  it("lets a catalog manager add a category and an item, price, restock and withdraw it; the shop shows each change", async function () {
    const { page } = await consoleAs(STAFF, "/console/catalog");
    const categories = page.getByTestId("categories");
    await categories.getByLabel("New category").fill("Books");
    await categories.getByRole("button", { name: "Add category" }).click();
    expect(await feedback(categories, /created/)).to.equal("Category Books created.");
    const form = page.getByTestId("new-sku");
    await form.getByLabel("Name").fill("Paperback");
    await form.getByLabel("Category").selectOption({ label: "Books" });
    await form.getByLabel("Description").fill("A novel for the train");
    await form.getByLabel("Price").fill("0");
    await form.getByRole("button", { name: "Add item" }).click();
    await form.getByText("The price is a whole number of points from 1 up.").waitFor();
    await form.getByLabel("Price").fill("300");
    await form.getByLabel("Stock", { exact: true }).fill("4");
    await form.getByRole("button", { name: "Add item" }).click();
    expect(await feedback(form, /on sale/)).to.equal("Paperback is on sale.");
    const skuId = Number((await h.reader.mall.counts())[2]);
    const row = page.getByTestId(`sku-admin-${skuId}`);
    await row.getByLabel(`Price of item ${skuId}`).fill("320");
    await row.getByLabel(`Per-customer limit of item ${skuId}`).fill("2");
    await row.getByRole("button", { name: "Save" }).click();
    expect(await feedback(row, /costs/)).to.equal("Paperback now costs 320 MPT.");
    await row.getByLabel(`Units to add to item ${skuId}`).fill("3");
    await row.getByRole("button", { name: "Restock" }).click();
    expect(await feedback(row, /added/)).to.equal("Paperback: 3 units added.");
    await screenshot(page, "console-catalog");

    const shop = await open(h, { path: `/item/${skuId}` });
    const item = shop.page.getByTestId(`item-${skuId}`);
    await item.getByText("320 MPT", { exact: true }).waitFor();
    expect(await item.textContent()).to.include("7 left · 2 per customer").and.include("A novel for the train");
    await row.getByRole("button", { name: "Withdraw" }).click();
    expect(await feedback(row, /withdrawn/)).to.equal("Paperback is withdrawn from sale.");
    await go(shop.page, "/");
    await shop.page.getByTestId("sku-6").waitFor();
    expect(await shop.page.getByTestId(`sku-${skuId}`).count()).to.equal(0);
    await shop.page.close();
    await page.close();
  });

  it("lets an issuer issue to a customer, and upload a CSV: every bad row listed and nothing sent; a good file issued with progress", async function () {
    const { page } = await consoleAs(ISSUER, "/console/issue");
    const one = page.getByTestId("issue-one");
    await one.getByLabel("Customer's address").fill("0x15d34aaf54267db7d7c367839aaf71A00a2C6A65");
    await one.getByLabel("Points").fill("25");
    await one.getByLabel("Reference").fill("receipt-88");
    await one.getByRole("button", { name: "Issue" }).click();
    await one.getByText("Give the customer's address: 0x and 40 hex digits, copied exactly.").waitFor();
    await one.getByLabel("Customer's address").fill("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
    await one.getByRole("button", { name: "Issue" }).click();
    expect(await feedback(one, /Issued/)).to.equal("Issued 25 MPT to 0x15d3…6A65.");

    const before = await h.provider.getBlockNumber();
    await page.getByLabel("CSV file").setInputFiles({
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65,10,oct\n0x15d34aaf54267db7d7c367839aaf71A00a2C6A65,5,oct\n0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc,1.5,oct\n"),
    });
    const problems = page.getByTestId("csv-problems");
    await problems.waitFor();
    expect(await problems.textContent()).to.match(/2 bad rows; nothing was sent/).and.match(/line 2: .*bad checksum/).and.match(/line 3: .*not a whole number/);
    expect(await h.provider.getBlockNumber()).to.equal(before);

    const recipients = ["0x14dC79964da2C08b23698B3D3cc7Ca32193d9955", "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"];
    await page.getByLabel("CSV file").setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(recipients.map((r) => `${r},75,october-bonus`).join("\n")) });
    expect(await feedback(page.getByTestId("issue-admin"), /to 2 customers/)).to.equal("Issued 150 MPT to 2 customers in 1 transaction.");
    await page.getByTestId("csv-progress").filter({ hasText: "Sent 1/1 batches." }).waitFor();
    for (const r of recipients) expect(await h.reader.token.balanceOf(r)).to.equal(75n);
    await page.close();
  });

  it("shows the admin who holds each role and each issuer's quota; sets a quota, grants a role, revokes it after a confirmation; and shows the chart and the books", async function () {
    const { page } = await consoleAs(OPERATOR, "/console/roles");
    await page.getByTestId("roles").filter({ hasText: "Your roles: Administrator, Pauser; Merchant administrator at Demo Store" }).waitFor();
    const panel = page.getByTestId("roles-admin");
    const issuers = panel.locator(".holders").filter({ has: page.getByRole("heading", { name: "Issuer", exact: true }) });
    await issuers.getByText("0x7099…79C8").waitFor();
    expect(await issuers.textContent()).to.match(/may issue [\d,]+ MPT more/);
    const mall = panel.locator(".holders").filter({ has: page.getByRole("heading", { name: "Burner (the mall)" }) });
    await mall.getByText("the mall", { exact: true }).waitFor();

    const quota = page.getByTestId("quota-form");
    await quota.getByLabel("Issuer's address").fill("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    await quota.getByLabel("Points it may issue").fill("12345678");
    await quota.getByRole("button", { name: "Set quota" }).click();
    expect(await feedback(quota, /may now issue/)).to.equal("0x7099…79C8 may now issue 12,345,678 MPT.");
    expect(await h.reader.token.issuerQuota("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).to.equal(12_345_678n);
    await issuers.getByText("may issue 12,345,678 MPT more").waitFor();

    const roles = page.getByTestId("role-form");
    await roles.getByLabel("Role").selectOption({ label: "Pauser" });
    await roles.getByLabel("Account").fill(address(8));
    await roles.getByRole("button", { name: "Apply" }).click();
    expect(await feedback(panel, /granted/)).to.match(/^Pauser granted to 0x/);
    await roles.getByLabel("Action").selectOption({ label: "Revoke" });
    await roles.getByRole("button", { name: "Apply" }).click();
    const ask = panel.getByRole("alertdialog");
    expect(await ask.textContent()).to.include(`Revoke Pauser from ${address(8)}?`);
    await ask.getByRole("button", { name: "Revoke" }).click();
    expect(await feedback(panel, /revoked/)).to.match(/^Pauser revoked from 0x/);
    expect(await h.reader.token.hasRole(await h.reader.token.PAUSER_ROLE(), address(8))).to.equal(false);

    await page.getByRole("link", { name: "Books" }).click();
    await page.getByTestId("books").getByText("The books balance.").waitFor();
    expect(await page.getByTestId("activity-chart").locator("rect").count()).to.be.greaterThan(1);
    await screenshot(page, "console-books");
    await page.close();
  });

  it("shows whether the system is paused and asks before pausing; the shop then says so", async function () {
    const { page } = await consoleAs(OPERATOR, "/console/system");
    const pause = page.getByTestId("pause");
    await pause.getByTestId("pause-state").filter({ hasText: "The system is running." }).waitFor();
    await pause.getByRole("button", { name: "Pause the system…" }).click();
    await pause.getByRole("alertdialog").getByText("Pause every transfer, issuance and redemption until a pauser resumes?").waitFor();
    await pause.getByRole("button", { name: "Not now" }).click();
    expect(await h.reader.token.paused()).to.equal(false);
    await pause.getByRole("button", { name: "Pause the system…" }).click();
    await pause.getByRole("button", { name: "Pause now" }).click();
    expect(await feedback(pause, /Paused/)).to.equal("Paused.");
    await pause.getByTestId("pause-state").filter({ hasText: "The system is paused" }).waitFor();
    try {
      const shopper = await open(h, { account: CUSTOMER });
      await connectExtension(shopper.page);
      await go(shopper.page, "/checkout?buy=3:1");
      await shopper.page.getByRole("button", { name: "Redeem for 80 MPT" }).click();
      expect(await feedback(shopper.page.getByTestId("checkout"), /paused/)).to.match(/^The shop is paused for maintenance/);
      await shopper.page.close();
    } finally {
      await pause.getByRole("button", { name: "Resume the system…" }).click();
      await pause.getByRole("button", { name: "Resume now" }).click();
      expect(await feedback(pause, /Resumed/)).to.equal("Resumed.");
    }
    expect(await h.reader.token.paused()).to.equal(false);
    await page.close();
  });
});
