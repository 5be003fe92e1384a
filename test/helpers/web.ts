/** The browser side of the web tests: one local system, Debian's Chromium, pages with a test wallet. */
import { existsSync } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { projectRoot } from "../../scripts/lib/deployment.js";
import { connectPoints, type PointsClient } from "../../src/sdk/index.js";
import { startLocalSystem, type LocalSystem } from "./processes.js";
import { TestWallet } from "./testWallet.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const shots = path.join(projectRoot, "test-output", "screenshots");

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export interface WebHarness {
  system: LocalSystem;
  browser: Browser;
  provider: JsonRpcProvider;
  addresses: { token: string; mall: string; chainId: number; relayUrl: string };
  /** A read-only SDK client, and one per demo account index for arranging state. */
  reader: PointsClient;
  as: (account: number) => PointsClient;
  stop: () => Promise<void>;
}

export async function startWeb(deploymentId: string): Promise<WebHarness> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const system = await startLocalSystem(deploymentId);
  // No read cache: one key sends transactions back to back (a cached nonce would be stale).
  const provider = new JsonRpcProvider(system.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const addresses = JSON.parse(await readFile(path.join(projectRoot, ".points", `${deploymentId}.json`), "utf8")) as WebHarness["addresses"];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  await mkdir(shots, { recursive: true });
  const wallets = new Map<number, PointsClient>();
  return {
    system,
    browser,
    provider,
    addresses,
    reader: connectPoints(provider, addresses),
    as: (account) => {
      let c = wallets.get(account);
      if (c === undefined) {
        c = connectPoints(new TestWallet(provider, account, { startChainId: 31337, knownChains: [31337] }).signer, addresses);
        wallets.set(account, c);
      }
      return c;
    },
    stop: async () => {
      await browser.close();
      provider.destroy();
      system.child.kill("SIGINT");
    },
  };
}

export interface OpenOptions {
  /** A test wallet for this demo account (undefined: a browser with no extension). */
  account?: number;
  startChainId?: number;
  knownChains?: number[];
  viewport?: { width: number; height: number };
  locale?: string;
  path?: string;
  /** Runs before the page loads, e.g. to route some requests (a server down, another config). */
  prepare?: (context: BrowserContext) => Promise<void>;
}

/** A fresh browser context (its own storage) and page at `path`. */
export async function open(h: WebHarness, options: OpenOptions = {}): Promise<{ page: Page; context: BrowserContext; wallet: TestWallet | undefined }> {
  const context = await h.browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: options.locale ?? "en-US" });
  await options.prepare?.(context);
  const page = await context.newPage();
  let wallet: TestWallet | undefined;
  if (options.account !== undefined) {
    wallet = new TestWallet(h.provider, options.account, { startChainId: options.startChainId ?? 31337, knownChains: options.knownChains ?? [31337] });
    await wallet.install(page);
  }
  await page.goto(new URL(options.path ?? "/", h.system.webUrl).href);
  return { page, context, wallet };
}

/** Connects the page's test wallet from the account page, and waits until the header shows it. */
export async function connectExtension(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Log in", exact: true }).click();
  await page.getByRole("button", { name: "Connect Test Wallet" }).click();
  await page.getByTestId("account").waitFor();
}

/** Goes to a path of the app without reloading it (as a click on a link does). */
export async function go(page: Page, to: string): Promise<void> {
  await page.evaluate((p) => {
    window.history.pushState({}, "", p);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, to);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  // A blank page compresses to a few KB; a rendered one is far larger.
  expect((await stat(file)).size, `${name}.png looks blank`).to.be.greaterThan(20_000);
}

/** The page does not scroll sideways: nothing is wider than the screen. */
export async function expectNoSideScroll(page: Page, what: string): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${what} is ${scroll} px wide in a ${client} px screen`).to.be.at.most(client);
}

/** The text of the feedback beside `within` once it matches `pattern`. */
export async function feedback(within: ReturnType<Page["locator"]>, pattern: RegExp): Promise<string> {
  const f = within.getByTestId("feedback").filter({ hasText: pattern });
  await f.waitFor({ timeout: 60_000 });
  return ((await f.textContent()) ?? "").trim();
}

/** Delivery details a test customer types; the address has two lines, as a real one does. */
export const ADA = { name: "Ada Lovelace", address: "12 St James's Square\nLondon SW1Y 4JH", phone: "+44 20 7946 0000" };

/** Fills the checkout's delivery form (in English) within `within`, which a physical item requires. */
export async function fillDelivery(within: ReturnType<Page["locator"]>, details: typeof ADA = ADA): Promise<void> {
  const form = within.getByTestId("delivery-form");
  await form.getByLabel("Name", { exact: true }).fill(details.name);
  await form.getByLabel("Address", { exact: true }).fill(details.address);
  await form.getByLabel("Phone", { exact: true }).fill(details.phone);
}

/** A small deployment: the server's /config.json names no ledger API (pass as `prepare`). */
export async function withoutApi(context: BrowserContext): Promise<void> {
  await context.route("**/config.json", async (route) => {
    const response = await route.fetch();
    const { indexerUrl: _gone, ...config } = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: config });
  });
}
