import { expect } from "chai";
import { Wallet, verifyTypedData } from "ethers";
import type { BrowserContext, Page, Request } from "playwright-core";
import { DELIVERY_TYPES, deliveryDomain, issue } from "../src/sdk/index.js";
import { ADA, connectExtension, fillDelivery, go, open, screenshot, startWeb, type WebHarness } from "./helpers/web.js";

const PASSWORD = "correct horse battery";

/**
 * Everything the page keeps: localStorage, sessionStorage, every IndexedDB store (bytes as hex, a
 * CryptoKey as whether it can be read out), cookies. A string, not a function: the test runner's
 * transpiler adds helpers that the page lacks.
 */
const DUMP_STORAGE = `(async () => {
  const dump = (v) => JSON.stringify(v, (_k, x) => {
    if (x instanceof ArrayBuffer || ArrayBuffer.isView(x)) {
      const bytes = new Uint8Array(x instanceof ArrayBuffer ? x : x.buffer);
      return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    }
    if (typeof CryptoKey !== "undefined" && x instanceof CryptoKey) return "[CryptoKey extractable=" + x.extractable + "]";
    return x;
  });
  const parts = [dump({ ...localStorage }), dump({ ...sessionStorage })];
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  for (const info of await indexedDB.databases()) {
    const db = await request(indexedDB.open(info.name));
    for (const name of Array.from(db.objectStoreNames)) parts.push(info.name + "/" + name + ": " + dump(await request(db.transaction(name).objectStore(name).getAll())));
    db.close();
  }
  return parts.join("\\n");
})()`;

async function storedText(page: Page, context: BrowserContext): Promise<string> {
  return `${await page.evaluate<string>(DUMP_STORAGE)}\n${JSON.stringify(await context.cookies())}`;
}

/** The forms a secret could take in text: the key with and without 0x, any case; the phrase's words in order. */
function secretForms(secrets: { privateKey: string; phrase?: string }): string[] {
  const hex = secrets.privateKey.slice(2).toLowerCase();
  return [hex, hex.toUpperCase(), ...(secrets.phrase === undefined ? [] : [secrets.phrase, secrets.phrase.split(" ").join(""), secrets.phrase.split(" ").slice(0, 4).join(" ")])];
}

function expectAbsent(text: string, secrets: { privateKey: string; phrase?: string }, where: string): void {
  const lower = text.toLowerCase();
  for (const form of secretForms(secrets)) expect(lower.includes(form.toLowerCase()), `a secret in ${where}`).to.equal(false);
}

describe("accounts in the browser, with no extension and no gas", function () {
  this.timeout(300_000);
  let h: WebHarness;
  /** Every request any page of these tests made: URL, headers and body. */
  const sent: string[] = [];
  const watch = (context: BrowserContext) =>
    context.on("request", (r) => sent.push(`${r.method()} ${r.url()} ${JSON.stringify(r.headers())} ${r.postData() ?? ""}`));
  let alice: { privateKey: string; phrase: string; address: string };
  let home: { page: Page; context: BrowserContext };

  before(async function () {
    h = await startWeb("local-web-accounts");
  });

  after(async function () {
    await h?.stop();
  });

  afterEach(function () {
    if (alice !== undefined) expectAbsent(sent.join("\n"), alice, "a request the page sent");
  });

  it("registers without an extension: the recovery phrase and key shown once, only an encrypted keystore kept", async function () {
    const { page, context } = await open(h);
    watch(context);
    home = { page, context };
    await page.getByRole("link", { name: "Log in", exact: true }).click();
    await page.getByText("No wallet extension found in this browser").waitFor();
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(/\/account\/register$/);
    const form = page.getByTestId("register-form");
    await form.getByLabel("Name on this device").fill("Alice");
    await form.getByLabel("Password", { exact: true }).fill("short");
    await form.getByLabel("Password again").fill("short");
    await form.getByRole("button", { name: "Create the account" }).click();
    await form.getByText("The password needs at least 8 characters.").waitFor();
    await form.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await form.getByLabel("Password again").fill(`${PASSWORD}!`);
    await form.getByRole("button", { name: "Create the account" }).click();
    await form.getByText("The two passwords differ.").waitFor();
    await form.getByLabel("Password again").fill(PASSWORD);
    await form.getByRole("button", { name: "Create the account" }).click();

    const done = page.getByTestId("registered");
    await done.waitFor({ timeout: 60_000 });
    const phrase = (await done.getByTestId("phrase").locator("li").allTextContents()).join(" ");
    const privateKey = ((await done.getByTestId("private-key").textContent()) ?? "").trim();
    expect(phrase.split(" ")).to.have.length(12);
    expect(privateKey).to.match(/^0x[0-9a-f]{64}$/);
    const address = new Wallet(privateKey).address;
    expect(Wallet.fromPhrase(phrase).address).to.equal(address);
    alice = { privateKey, phrase, address };
    expect(await done.textContent()).to.include(address).and.include("Anyone who has them can take your points");
    await page.getByTestId("account").filter({ hasText: `${address.slice(0, 6)}…${address.slice(-4)}` }).waitFor();
    await screenshot(page, "register-secrets");

    const next = done.getByRole("button", { name: "Continue to the shop" });
    expect(await next.isDisabled()).to.equal(true);
    await done.getByLabel("I have written down my recovery phrase and kept it safe.").check();
    await next.click();
    await page.getByTestId("sku-4").waitFor();

    const stored = await storedText(page, context);
    expectAbsent(stored, alice, "the browser's storage");
    const accounts = JSON.parse(await page.evaluate<string>(`localStorage.getItem("points.accounts.v1") ?? "[]"`)) as { address: string; keystore: string }[];
    expect(accounts.map((a) => a.address)).to.deep.equal([address]);
    // ethers writes Web3 Secret Storage (v3): "Crypto", with scrypt and AES-128-CTR; no plain key in it.
    const keystore = JSON.parse(accounts[0]!.keystore) as { version: number; Crypto: { kdf: string; cipher: string } };
    expect(keystore.version).to.equal(3);
    expect(keystore.Crypto).to.include({ kdf: "scrypt", cipher: "aes-128-ctr" });
    expect(stored).to.include("[CryptoKey extractable=false]"); // the session's key, which cannot be read out
  });

  it("redeems a cart of two items in one order through the operator's relay: the account holds no ETH, the relay's key pays, the receipt says so", async function () {
    const { page, context } = home;
    await issue(h.as(1), { to: alice.address, amount: 1_000n, ref: "welcome" });
    expect(await h.provider.getBalance(alice.address)).to.equal(0n);
    await page.getByTestId("balance").filter({ hasText: "You have 1,000 MPT" }).waitFor({ timeout: 30_000 });
    await go(page, "/item/3");
    const item = page.getByTestId("item-3");
    await item.getByLabel("Quantity").fill("2");
    await item.getByRole("button", { name: "Add to cart" }).click();
    await go(page, "/");
    await page.getByTestId("sku-2").getByRole("button", { name: "Add to cart" }).click();
    await page.getByTestId("cart-link").filter({ hasText: "Cart (3)" }).click();
    await page.getByTestId("cart-total").filter({ hasText: "Total: 310 MPT" }).waitFor();
    await screenshot(page, "cart");
    await page.getByRole("button", { name: "Check out" }).click();
    await page.getByTestId("balance-after").filter({ hasText: "690 MPT" }).waitFor();
    const relayer = (await (await fetch(h.addresses.relayUrl)).json()) as { relayer: string };
    const paidBefore = await h.provider.getBalance(relayer.relayer);
    await page.getByRole("button", { name: "Redeem for 310 MPT" }).click();
    await page.waitForURL(/\/orders\/\d+\?placed=1$/, { timeout: 60_000 });
    const orderId = BigInt(/\/orders\/(\d+)/.exec(page.url())![1]!);
    await page.getByTestId("gas-paid").filter({ hasText: "The mall paid the gas for this order." }).waitFor();
    const lines = page.getByTestId("lines");
    await lines.getByText("Pastry").waitFor();
    expect(await lines.locator("tbody tr").allInnerTexts()).to.have.length(2);
    expect(await lines.textContent()).to.include("Pastry").and.include("Coffee voucher").and.include("160 MPT").and.include("150 MPT");
    await page.getByTestId("receipt-total").filter({ hasText: "2 items, 310 MPT in all" }).waitFor();
    expect((await h.reader.mall.order(orderId)).lineCount).to.equal(2n);
    expect(await h.provider.getBalance(alice.address)).to.equal(0n);
    expect(await h.provider.getBalance(relayer.relayer)).to.be.lessThan(paidBefore);
    expect(await h.reader.token.balanceOf(alice.address)).to.equal(690n);
    await page.getByTestId("cart-link").filter({ hasText: /^Cart$/ }).waitFor(); // bought lines leave the cart
    await screenshot(page, "receipt-cart");
    expectAbsent(await storedText(page, context), alice, "the browser's storage");
  });

  it("checks out a mug with delivery details signed by the account's own key (no extension, no ETH); the fulfiller reads them in the console", async function () {
    const { page, context } = home;
    /** This test's requests, parsed: which went where, with what body. */
    const requests: { method: string; url: URL; body: string }[] = [];
    const record = (r: Request) => requests.push({ method: r.method(), url: new URL(r.url()), body: r.postData() ?? "" });
    context.on("request", record);
    try {
      await go(page, "/checkout?buy=4:1");
      const checkout = page.getByTestId("checkout");
      const confirm = checkout.getByRole("button", { name: "Redeem for 600 MPT" });
      await checkout.getByTestId("delivery-missing").waitFor();
      expect(await confirm.isDisabled()).to.equal(true);
      await fillDelivery(checkout);
      await confirm.click();
      await page.waitForURL(/\/orders\/\d+\?placed=1$/, { timeout: 60_000 });
      const orderId = BigInt(/\/orders\/(\d+)/.exec(page.url())![1]!);
      await page.getByTestId("delivery-on-file").filter({ hasText: "Your delivery details are on file" }).waitFor();
      await page.getByTestId("gas-paid").waitFor();
      expect((await h.reader.mall.order(orderId)).buyer).to.equal(alice.address);
      expect(await h.provider.getBalance(alice.address)).to.equal(0n);

      // The details left the page once, to the API, as the fields and a signature that only
      // Alice's key could make; no other request (the relay's, the node's) carries them.
      const api = new URL(h.system.apiUrl);
      const writes = requests.filter((r) => r.method === "POST" && r.url.host === api.host && r.url.pathname === `/orders/${orderId}/delivery`);
      expect(writes).to.have.length(1);
      const body = JSON.parse(writes[0]!.body) as { details: { orderId: string; name: string; address: string; phone: string; issuedAt: string }; signature: string };
      expect(Object.keys(body).sort()).to.deep.equal(["details", "signature"]);
      expect(body.details).to.include({ name: ADA.name, address: ADA.address, phone: ADA.phone });
      const signer = verifyTypedData(deliveryDomain(h.addresses.chainId, h.addresses.mall), DELIVERY_TYPES, body.details, body.signature);
      expect(signer).to.equal(alice.address);
      expect(requests.filter((r) => r.body.includes("Lovelace")).map((r) => r.url.pathname)).to.deep.equal([`/orders/${orderId}/delivery`]);
      expectAbsent(requests.map((r) => `${r.url.href} ${r.body}`).join("\n"), alice, "a request of the checkout");
      const stored = await storedText(page, context);
      expectAbsent(stored, alice, "the browser's storage");
      expect(stored).to.not.include("Lovelace"); // the details are not kept in the browser either

      const staff = await open(h, { account: 2 });
      await connectExtension(staff.page);
      await go(staff.page, "/console/orders");
      const queue = staff.page.getByTestId("order-queue");
      await queue.getByRole("button", { name: "Sign in to see delivery details" }).click();
      const details = queue.getByTestId(`delivery-${orderId}`);
      await details.filter({ hasText: ADA.name }).waitFor();
      expect(await details.textContent()).to.include("London SW1Y 4JH").and.include(ADA.phone);
      await staff.context.close();
    } finally {
      context.off("request", record);
    }
  });

  it("shows the private key and phrase again only after the password, with a warning", async function () {
    const { page, context } = home;
    await page.getByTestId("account").click();
    await page.getByRole("link", { name: "Get your private key" }).click();
    const panel = page.getByTestId("export");
    await panel.getByText("Anyone who has your private key or recovery phrase can take your points.", { exact: false }).waitFor();
    await panel.getByLabel("Password").fill("not the password");
    await panel.getByRole("button", { name: "Show my key" }).click();
    await panel.getByText("Wrong password. Try again.").waitFor({ timeout: 60_000 });
    expect(await panel.getByTestId("secrets").count()).to.equal(0);
    await panel.getByLabel("Password").fill(PASSWORD);
    await panel.getByRole("button", { name: "Show my key" }).click();
    await panel.getByTestId("secrets").waitFor({ timeout: 60_000 });
    expect(((await panel.getByTestId("private-key").textContent()) ?? "").trim()).to.equal(alice.privateKey);
    expect((await panel.getByTestId("phrase").locator("li").allTextContents()).join(" ")).to.equal(alice.phrase);
    await screenshot(page, "export-key");
    await panel.getByRole("button", { name: "Hide" }).click();
    expect(await panel.getByTestId("secrets").count()).to.equal(0);
    expectAbsent(await storedText(page, context), alice, "the browser's storage");
  });

  it("stays logged in across a reload, logs out, logs in again with the password, and locks after inactivity", async function () {
    const { page, context } = home;
    await page.reload();
    await page.getByTestId("account").filter({ hasText: alice.address.slice(0, 6) }).waitFor();
    await go(page, "/account");
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in", exact: true }).waitFor();
    expect(await page.evaluate<string | null>(`sessionStorage.getItem("points.session.v1")`)).to.equal(null);
    await page.reload();
    await page.getByRole("link", { name: "Log in", exact: true }).waitFor();

    const login = page.getByTestId("login-form");
    await login.getByLabel("Password").fill(PASSWORD);
    await login.getByRole("button", { name: "Log in" }).click();
    await page.getByTestId("account").filter({ hasText: alice.address.slice(0, 6) }).waitFor({ timeout: 60_000 });

    // Fifteen minutes with no click or key: the account locks, and a reload does not bring it back.
    await page.clock.install();
    await page.clock.fastForward("16:00");
    await page.getByTestId("wallet-notice").filter({ hasText: "Locked after 15 minutes without activity." }).waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Log in", exact: true }).waitFor();
    await page.reload();
    await page.getByRole("link", { name: "Log in", exact: true }).waitFor();
    expectAbsent(await storedText(page, context), alice, "the browser's storage");
  });

  it("imports the key in a fresh browser and finds the same account and its orders; imports the phrase; refuses anything else without repeating it", async function () {
    const fresh = await open(h, { path: "/account/import" });
    watch(fresh.context);
    const form = fresh.page.getByTestId("import-form");
    await form.getByLabel("Recovery phrase or private key").fill("apple banana cherry");
    await form.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await form.getByLabel("Password again").fill(PASSWORD);
    await form.getByRole("button", { name: "Import" }).click();
    const refusal = form.getByRole("alert");
    await refusal.filter({ hasText: "That is neither a recovery phrase nor a private key." }).waitFor();
    expect(await refusal.textContent()).to.not.include("banana");

    await form.getByLabel("Recovery phrase or private key").fill(alice.privateKey);
    await form.getByLabel("Name on this device").fill("Alice on a laptop");
    await form.getByRole("button", { name: "Import" }).click();
    await fresh.page.getByTestId("account").filter({ hasText: alice.address.slice(0, 6) }).waitFor({ timeout: 60_000 });
    expect(await form.count()).to.equal(0);
    await go(fresh.page, "/orders");
    await fresh.page.getByTestId("orders").getByText("Pastry").waitFor();
    expectAbsent(await storedText(fresh.page, fresh.context), alice, "the fresh browser's storage");
    await fresh.context.close();

    const byPhrase = await open(h, { path: "/account/import" });
    watch(byPhrase.context);
    const phraseForm = byPhrase.page.getByTestId("import-form");
    await phraseForm.getByLabel("Recovery phrase or private key").fill(`  ${alice.phrase.toUpperCase().split(" ").join("   ")} `);
    await phraseForm.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await phraseForm.getByLabel("Password again").fill(PASSWORD);
    await phraseForm.getByRole("button", { name: "Import" }).click();
    await byPhrase.page.getByTestId("account").filter({ hasText: alice.address.slice(0, 6) }).waitFor({ timeout: 60_000 });
    await byPhrase.context.close();
  });

  it("keeps several accounts on one device and logs in to the one picked; forgets one after a confirmation", async function () {
    const { page, context } = home;
    await go(page, "/account/register");
    const form = page.getByTestId("register-form");
    await form.getByLabel("Name on this device").fill("Carol");
    await form.getByLabel("Password", { exact: true }).fill("another password");
    await form.getByLabel("Password again").fill("another password");
    await form.getByRole("button", { name: "Create the account" }).click();
    const done = page.getByTestId("registered");
    await done.waitFor({ timeout: 60_000 });
    const carol = { privateKey: ((await done.getByTestId("private-key").textContent()) ?? "").trim(), phrase: (await done.getByTestId("phrase").locator("li").allTextContents()).join(" ") };
    await done.getByLabel("I have written down my recovery phrase and kept it safe.").check();
    await done.getByRole("button", { name: "Continue to the shop" }).click();

    await go(page, "/account");
    await page.getByRole("button", { name: "Log out" }).click();
    const login = page.getByTestId("login-form");
    await login.waitFor();
    expect(await login.getByRole("radio").count()).to.equal(2);
    await login.getByLabel(/^Alice/).check();
    await login.getByLabel("Password").fill(PASSWORD);
    await login.getByRole("button", { name: "Log in" }).click();
    await page.getByTestId("account").filter({ hasText: alice.address.slice(0, 6) }).waitFor({ timeout: 60_000 });

    await go(page, "/account");
    await page.getByRole("button", { name: "Remove this account from this device" }).click();
    await page.getByRole("alertdialog").getByText("Without its recovery phrase or key you cannot get it back").waitFor();
    await page.getByRole("button", { name: "Remove it" }).click();
    await page.getByRole("link", { name: "Log in", exact: true }).waitFor();
    await page.getByTestId("login-form").waitFor();
    expect(await page.getByTestId("login-form").getByRole("radio").count()).to.equal(1);
    const stored = await storedText(page, context);
    expectAbsent(stored, alice, "the browser's storage");
    expectAbsent(stored, carol, "the browser's storage");
    expectAbsent(sent.join("\n"), carol, "a request the page sent");
  });
});
