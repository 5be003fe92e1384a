import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import type { BrowserContext, Page } from "playwright-core";
import { connectRules, pendingPoints, reportPurchase } from "../src/sdk/index.js";
import { demoMechanics, demoWallet } from "../scripts/lib/demo.js";
import { projectRoot } from "../scripts/lib/deployment.js";
import { ExpiringPointsToken__factory, PointsDeployer__factory } from "../types/ethers-contracts/index.js";
import { DESKTOP, PHONE, expectNoSideScroll, go, open, screenshot, startWeb, type WebHarness } from "./helpers/web.js";

const OPERATOR = 0;
const STAFF = 2; // merchant 1's reporter of purchases
const CUSTOMER = 3; // 5,000 MPT, 800 pending, 1,200 status points (Silver)
const deploymentId = "local-web-mechanics";

describe("the program's mechanics in the web: your points, point assets", function () {
  this.timeout(300_000);
  let h: WebHarness;
  let rules: string;

  before(async function () {
    h = await startWeb(deploymentId);
    const file = JSON.parse(await readFile(path.join(projectRoot, ".points", `${deploymentId}.json`), "utf8")) as { rules: string[] };
    rules = file.rules[0]!;
  });

  after(async function () {
    await h?.stop();
  });

  /** The account page of the demo customer, connected through the test wallet. */
  async function accountPage(options: { locale?: string; viewport?: { width: number; height: number }; prepare?: (c: BrowserContext) => Promise<void> }): Promise<Page> {
    const { page } = await open(h, { account: CUSTOMER, ...options });
    const zh = options.locale === "zh-CN";
    await page.getByRole("link", { name: zh ? "登录" : "Log in", exact: true }).click();
    await page.getByRole("button", { name: zh ? "连接 Test Wallet" : "Connect Test Wallet" }).click();
    await page.getByTestId("account").waitFor();
    await go(page, "/account");
    await page.getByTestId("your-points").waitFor();
    return page;
  }

  /** A date as the page formats it (the browser's Intl, in its language). */
  const day = (page: Page, seconds: bigint, locale: string) =>
    page.evaluate(([s, l]) => new Intl.DateTimeFormat(l, { dateStyle: "medium" }).format(new Date(s * 1000)), [Number(seconds), locale] as const);

  it("shows the demo customer spendable, pending (with the date) and status points with the tier and the next tier's need, in English and Chinese, at 390 px and on a desktop", async function () {
    const { receipts } = await pendingPoints(connectRules(h.reader, rules), demoWallet(CUSTOMER).address);
    expect(receipts.map((r) => r.points)).to.deep.equal([demoMechanics.purchase.spend]);
    for (const [locale, viewport] of [["en-US", DESKTOP], ["en-US", PHONE], ["zh-CN", PHONE], ["zh-CN", DESKTOP]] as const) {
      const page = await accountPage({ locale, viewport });
      const panel = page.getByTestId("your-points");
      const date = await day(page, receipts[0]!.releaseAt, locale);
      if (locale === "en-US") {
        await panel.getByTestId("points-spendable").getByText("5,000 MPT").waitFor();
        await panel.getByTestId("pending-row").filter({ hasText: `800 MPT spendable from ${date}` }).waitFor();
        await panel.getByTestId("points-status").getByText("1,200 status points: Silver").waitFor();
        expect(await panel.getByTestId("next-tier").textContent()).to.equal("3,800 more for Gold (5,000).");
        expect(await panel.textContent()).to.include("Status points count for 360 days.");
      } else {
        await panel.getByRole("heading", { name: "您的积分" }).waitFor();
        await panel.getByTestId("points-spendable").getByText("5,000 MPT").waitFor();
        await panel.getByTestId("pending-row").filter({ hasText: `800 MPT，${date} 起可用` }).waitFor();
        await panel.getByTestId("points-status").getByText("1,200 等级积分：Silver").waitFor();
        expect(await panel.getByTestId("next-tier").textContent()).to.equal("再获得 3,800 即可升至 Gold（5,000）。");
      }
      // Mall Points never expire: no "expiring soon" at all.
      expect(await panel.getByTestId("points-expiring").count()).to.equal(0);
      await expectNoSideScroll(page, `your points (${locale}, ${viewport.width} px)`);
      await screenshot(page, `mechanics-account-${locale}-${viewport.width}`);
      await page.context().close();
    }
  });

  it("shows a purchase reported while the page is open as pending, with its date, and leaves the spendable points as they were", async function () {
    const page = await accountPage({});
    const panel = page.getByTestId("your-points");
    await panel.getByTestId("pending-row").first().waitFor();
    const staff = h.as(STAFF);
    const reported = await reportPurchase(staff, connectRules(staff, rules), { customer: demoWallet(CUSTOMER).address, spend: 250n, receipt: "till-web-0001" });
    expect(reported.points).to.equal(250n);
    const date = await day(page, reported.releaseAt, "en-US");
    // The page reads again on the new block, without a reload.
    await panel.getByTestId("pending-row").filter({ hasText: `250 MPT spendable from ${date}` }).waitFor();
    await panel.getByTestId("points-pending").getByText("1,050 MPT", { exact: true }).waitFor();
    expect(await panel.getByTestId("points-spendable").textContent()).to.include("5,000 MPT");
    await page.context().close();
  });

  it("lists the program's point assets with their class, name, symbol and expiry policy, in both languages at 390 px", async function () {
    for (const locale of ["en-US", "zh-CN"] as const) {
      const { page, context } = await open(h, { locale, viewport: PHONE, path: "/explorer" });
      const assets = page.getByTestId("point-assets");
      const spendable = assets.getByTestId("asset-spendable");
      const status = assets.getByTestId("asset-status");
      await spendable.waitFor();
      const [s, st] = [(await spendable.textContent()) ?? "", (await status.textContent()) ?? ""];
      expect(s).to.include("Mall Points").and.include("MPT");
      expect(st).to.include("Mall Status").and.include("MST").and.include("Silver 1,000, Gold 5,000");
      if (locale === "en-US") {
        expect(s).to.include("Spendable").and.include("Never expire");
        expect(st).to.include("Status").and.include("Count for 360 days");
      } else {
        expect(s).to.include("可消费积分").and.include("永不过期");
        expect(st).to.include("等级积分").and.include("计入 360 天");
      }
      await expectNoSideScroll(page, `point assets (${locale}, phone)`);
      await context.close();
    }
  });

  it("shows the points expiring soon, with their dates, for a program whose points expire (read from the chain)", async function () {
    // A second program on the same chain whose points expire: epochs of a day, valid one epoch.
    const operator = h.as(OPERATOR).signer!;
    const operatorAddress = await operator.getAddress();
    const zero = "0x0000000000000000000000000000000000000000";
    const deployer = await (await new PointsDeployer__factory(operator).deploy(
      ExpiringPointsToken__factory.bytecode,
      { name: "Flash Points", symbol: "FLASH", supplyCap: 0, admin: operatorAddress, adminDelay: 0, issuers: [{ account: operatorAddress, quota: 1_000_000 }], burners: [], pausers: [], trustedForwarder: zero, epochSeconds: 86_400, validityEpochs: 1 },
      { token: zero, admin: operatorAddress, adminDelay: 0, merchantName: "Flash sale", merchantAdmin: operatorAddress, catalogManagers: [], fulfillers: [], issuers: [], trustedForwarder: zero },
    )).waitForDeployment();
    const [token, mall] = [await deployer.token(), await deployer.mall()];
    const flash = ExpiringPointsToken__factory.connect(token, operator);
    await (await flash.issue(demoWallet(CUSTOMER).address, 50n, "0x" + Buffer.from("flash-web").toString("hex").padEnd(64, "0"))).wait();
    const [epochLength, current, origin] = await Promise.all([flash.epochLength(), flash.currentEpoch(), flash.epochOrigin()]);
    const expiresAt = origin + (current + 1n) * epochLength;

    // The page told about that program instead (a server serving it would say so in /config.json).
    const flashConfig = async (context: BrowserContext) => {
      await context.route("**/config.json", async (route) => {
        const response = await route.fetch();
        const { indexerUrl: _none, relayUrl: _relay, ...config } = (await response.json()) as Record<string, unknown>;
        await route.fulfill({ response, json: { ...config, token, mall, symbol: "FLASH" } });
      });
    };
    for (const locale of ["en-US", "zh-CN"] as const) {
      const page = await accountPage({ locale, viewport: PHONE, prepare: flashConfig });
      const expiring = page.getByTestId("points-expiring");
      const when = await page.evaluate(([s, l]) => new Intl.DateTimeFormat(l, { dateStyle: "medium", timeStyle: "short" }).format(new Date(s * 1000)), [Number(expiresAt), locale] as const);
      const row = locale === "en-US" ? `50 FLASH expire on ${when}` : `50 FLASH 将于 ${when} 过期`;
      await expiring.getByTestId("expiring-row").filter({ hasText: row }).waitFor();
      await expectNoSideScroll(page, `expiring points (${locale}, phone)`);
      await page.context().close();
    }
    const { page, context } = await open(h, { viewport: PHONE, path: "/explorer", prepare: flashConfig });
    await page.getByTestId("asset-spendable").filter({ hasText: "Expire 1 period after the one they were earned in (a period: 1 day)" }).waitFor();
    await context.close();
  });
});
