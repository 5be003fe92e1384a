import { expect } from "chai";
import { DeliveryError, readDeliveryDetails, signInForDelivery } from "../src/sdk/index.js";
import { demoWallet } from "../scripts/lib/demo.js";
import { PHONE, connectExtension, expectNoSideScroll, feedback, go, open, screenshot, startWeb, type WebHarness } from "./helpers/web.js";

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
    await form.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
    await form.getByLabel("Address", { exact: true }).fill("12 St James's Square\nLondon SW1Y 4JH");
    await form.getByLabel("Phone", { exact: true }).fill("call me");
    await form.getByText("Please give a phone number").waitFor();
    expect(await checkout.getByRole("button", { name: "Redeem for 600 MPT" }).isDisabled()).to.equal(true);
    await form.getByLabel("Phone", { exact: true }).fill("+44 20 7946 0000");
    await checkout.getByRole("button", { name: "Redeem for 600 MPT" }).click();
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
});
