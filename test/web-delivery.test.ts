import { expect } from "chai";
import { DeliveryError, readDeliveryDetails, signInForDelivery } from "../src/sdk/index.js";
import { demoWallet } from "../scripts/lib/demo.js";
import { ADA, PHONE, connectExtension, expectNoSideScroll, feedback, fillDelivery, go, open, screenshot, startWeb, withoutApi, type WebHarness } from "./helpers/web.js";

const STAFF = 2; // catalog manager and fulfiller of merchant 1
const CUSTOMER = 3;
const SHOPPER = 4;

describe("delivery details in a real browser: the customer's signed details, the fulfiller's sign-in", function () {
  this.timeout(300_000);
  let h: WebHarness;

  before(async function () {
    h = await startWeb("local-web-delivery");
  });

  after(async function () {
    await h?.stop();
  });

  it("asks for name, address and phone at a physical item's checkout, in Chinese too, and fits a phone", async function () {
    const { page } = await open(h, { path: "/checkout?buy=4:1", locale: "zh-CN", viewport: PHONE });
    const form = page.getByTestId("delivery-form");
    // Required with an API: the sentence beside the form names what is missing.
    await page.getByTestId("delivery-missing").filter({ hasText: "兑换前请填写配送所需的姓名、地址和电话号码。" }).waitFor();
    await form.getByLabel("姓名", { exact: true }).waitFor();
    await form.getByLabel("地址", { exact: true }).waitFor();
    await form.getByLabel("电话", { exact: true }).fill("打电话");
    await form.getByText("请填写电话号码").waitFor();
    await expectNoSideScroll(page, "the checkout with the delivery form (zh-CN, phone)");
    await page.close();
  });

  it("the customer checks out a mug with details, signed in the wallet; the fulfiller signs in and reads them; no one else can; the customer deletes them", async function () {
    const { page, wallet } = await open(h, { account: CUSTOMER });
    await connectExtension(page);
    await go(page, "/checkout?buy=4:1");
    const checkout = page.getByTestId("checkout");
    const form = checkout.getByTestId("delivery-form");
    const confirm = checkout.getByRole("button", { name: "Redeem for 600 MPT" });
    const missing = checkout.getByTestId("delivery-missing");
    // Nothing typed yet: no field is marked, one sentence says what the order needs, no redeem.
    await missing.filter({ hasText: "To redeem, give your name, address, and phone number for delivery." }).waitFor();
    expect(await form.locator(".field-error").count()).to.equal(0);
    expect(await confirm.isDisabled()).to.equal(true);
    await form.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
    await form.getByLabel("Address", { exact: true }).fill("12 St James's Square\nLondon SW1Y 4JH");
    await missing.filter({ hasText: "To redeem, give your phone number for delivery." }).waitFor();
    expect(await confirm.isDisabled()).to.equal(true);
    await form.getByLabel("Phone", { exact: true }).fill("call me");
    await form.getByText("Please give a phone number").waitFor();
    expect(await confirm.isDisabled()).to.equal(true);
    await form.getByLabel("Phone", { exact: true }).fill("+44 20 7946 0000");
    await missing.waitFor({ state: "detached" });
    await confirm.click();
    await page.waitForURL(/\/orders\/\d+\?placed=1$/);
    const orderId = BigInt(/\/orders\/(\d+)/.exec(page.url())![1]!);
    const onFile = page.getByTestId("delivery-status");
    await onFile.getByTestId("delivery-on-file").filter({ hasText: "Your delivery details are on file" }).waitFor();
    expect(wallet!.calls.get("eth_signTypedData_v4")).to.equal(1);
    await screenshot(page, "receipt-delivery-on-file");

    // The merchant's fulfiller signs in (EIP-4361 in the wallet) and sees them in the order queue.
    const staff = await open(h, { account: STAFF, viewport: PHONE });
    await connectExtension(staff.page);
    await go(staff.page, "/console/orders");
    const queue = staff.page.getByTestId("order-queue");
    const row = queue.getByTestId(`order-${orderId}`);
    await row.getByText("Sign in to see", { exact: true }).waitFor();
    await queue.getByRole("button", { name: "Sign in to see delivery details" }).click();
    const details = row.getByTestId(`delivery-${orderId}`);
    await details.filter({ hasText: "Ada Lovelace" }).waitFor();
    expect(await details.textContent()).to.include("London SW1Y 4JH").and.include("+44 20 7946 0000");
    const signedText = staff.wallet!.signed[0]!;
    expect(signedText).to.match(new RegExp(`^${new URL(h.system.webUrl).host} wants you to sign in with your Ethereum account:\\n${demoWallet(STAFF).address}\\n`));
    expect(signedText).to.include(`Chain ID: ${h.addresses.chainId}`).and.include("Expiration Time:");
    await queue.getByTestId("delivery-session").waitFor();
    await expectNoSideScroll(staff.page, "the order queue with delivery details (phone)");
    await screenshot(staff.page, "console-orders-delivery-phone");

    // A shopper has no orders section; signed in at the API, it is refused the details.
    const shopper = await open(h, { account: SHOPPER, path: "/console/orders" });
    await connectExtension(shopper.page);
    await go(shopper.page, "/console/orders");
    await shopper.page.getByTestId("no-role").waitFor();
    expect(await shopper.page.getByText("Ada Lovelace").count()).to.equal(0);
    await shopper.page.close();
    const apiUrl = h.system.apiUrl;
    const session = await signInForDelivery(apiUrl, demoWallet(SHOPPER), { origin: h.system.webUrl, chainId: h.addresses.chainId });
    const refused = await readDeliveryDetails(apiUrl, session.token, orderId).then(() => undefined, (e: unknown) => e);
    expect(refused).to.be.instanceOf(DeliveryError);
    expect((refused as DeliveryError).status).to.equal(403);
    // The buyer's own account is no reader either: reading is the fulfillers' alone.
    const own = await signInForDelivery(apiUrl, demoWallet(CUSTOMER), { origin: h.system.webUrl, chainId: h.addresses.chainId });
    expect(await readDeliveryDetails(apiUrl, own.token, orderId).then(() => 200, (e: DeliveryError) => e.status)).to.equal(403);

    // The customer deletes them (a second typed-data signature); the fulfiller reads nothing.
    await onFile.getByRole("button", { name: "Delete my delivery details" }).click();
    expect(await feedback(onFile, /deleted/)).to.equal("Your delivery details were deleted.");
    expect(wallet!.calls.get("eth_signTypedData_v4")).to.equal(2);
    await onFile.getByText("You deleted your delivery details.").waitFor();
    await staff.page.reload();
    await staff.page.getByRole("button", { name: "Sign in to see delivery details" }).click();
    await staff.page.getByTestId(`delivery-${orderId}`).filter({ hasText: "Deleted by the customer" }).waitFor();
    expect(await staff.page.getByText("Ada Lovelace").count()).to.equal(0);
    await staff.page.close();
    await page.close();
  });
  it("keeps the order when sending the details fails: the receipt says they are missing and offers the typed form again", async function () {
    const api = new URL(h.system.apiUrl);
    // The API refuses nothing here: the details' request is cut off on the way, as a dropped connection would.
    const { page, context } = await open(h, { account: CUSTOMER });
    await context.route((url) => url.host === api.host && /\/orders\/\d+\/delivery$/.test(url.pathname), (route) =>
      route.request().method() === "POST" ? route.abort("connectionreset") : route.continue());
    await connectExtension(page);
    await go(page, "/checkout?buy=5:1");
    const checkout = page.getByTestId("checkout");
    await fillDelivery(checkout);
    await checkout.getByRole("button", { name: "Redeem for 400 MPT" }).click();
    await page.waitForURL(/\/orders\/\d+\?placed=1&details=unsent$/);
    const orderId = BigInt(/\/orders\/(\d+)/.exec(page.url())![1]!);
    expect((await h.reader.mall.order(orderId)).pointsPaid).to.equal(400n); // the order stands
    const status = page.getByTestId("delivery-status");
    await status.getByRole("alert").filter({ hasText: "Your order is placed, but your delivery details were not sent." }).waitFor();
    await status.getByTestId("delivery-missing").filter({ hasText: "Delivery details are missing: the merchant cannot ship this order" }).waitFor();
    // What was typed waits in the page's memory, never its storage.
    expect(await status.getByLabel("Name", { exact: true }).inputValue()).to.equal(ADA.name);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).to.not.include("Lovelace");
    await expectNoSideScroll(page, "the receipt with details missing");

    await context.unrouteAll();
    await status.getByRole("button", { name: "Send delivery details" }).click();
    expect(await feedback(status, /sent/)).to.equal("Your delivery details were sent.");
    await status.getByTestId("delivery-on-file").waitFor();
    expect(await status.getByTestId("delivery-missing").count()).to.equal(0);
    await page.close();
  });

  it("without a ledger API, asks for no details and says the merchant will contact the customer", async function () {
    const { page } = await open(h, { account: CUSTOMER, prepare: withoutApi });
    await connectExtension(page);
    await go(page, "/checkout?buy=4:1");
    const checkout = page.getByTestId("checkout");
    await checkout.getByTestId("delivery-later").filter({ hasText: "The merchant will contact you to arrange delivery." }).waitFor();
    expect(await checkout.getByTestId("delivery-form").count()).to.equal(0);
    await checkout.getByRole("button", { name: "Redeem for 600 MPT" }).and(page.locator(":enabled")).waitFor();
    await page.close();
  });
});
