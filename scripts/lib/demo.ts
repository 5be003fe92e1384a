/** The demo catalog and balances that `npm start` seeds. */
import type { HDNodeWallet } from "ethers";
import { testAccount } from "../../src/cli/testAccounts.js";

/** The demo account at derivation index `index` of the local chains' public test mnemonic (the
 *  local chain funds the first 20). Never use these keys on a real chain. */
export function demoWallet(index: number): HDNodeWallet {
  return testAccount(index);
}

export interface DemoSku {
  category: number; // index into demoCategories
  name: string;
  description: string;
  /** Its metadata document and picture: web/public/catalog/<document>.json and .svg, served by the web app. */
  document: string;
  price: bigint;
  stock: bigint; // ignored when unlimited
  unlimited?: boolean;
  perWalletLimit?: bigint;
  saleDays?: number; // on sale from now for this many days
}

/** A demo SKU's metadata URI: a path the web app serves, resolved against its origin. */
export const demoMetadataURI = (sku: DemoSku) => `/catalog/${sku.document}.json`;

export const demoCategories = ["Gift cards", "Coffee & snacks", "Merchandise"] as const;

export const demoSkus: DemoSku[] = [
  { category: 0, name: "$10 gift card", description: "Spend in any store", document: "gift-card", price: 1_000n, stock: 50n, perWalletLimit: 2n },
  { category: 1, name: "Coffee voucher", description: "Any size, any store", document: "coffee", price: 150n, stock: 0n, unlimited: true },
  { category: 1, name: "Pastry", description: "Croissant or muffin", document: "pastry", price: 80n, stock: 200n },
  { category: 2, name: "Branded mug", description: "Ceramic, 350 ml", document: "mug", price: 600n, stock: 25n },
  { category: 2, name: "Tote bag", description: "Autumn promotion", document: "tote-bag", price: 400n, stock: 40n, saleDays: 30 },
  { category: 2, name: "Limited hoodie", description: "One per customer", document: "hoodie", price: 2_500n, stock: 5n, perWalletLimit: 1n },
];

/** Hardhat's default accounts, as `npm start`'s local chain funds them; the roles are the ones
 *  ignition/parameters/local.json gives. */
export const demoAccounts = {
  operator: 0, // platform admin, pauser, merchant admin
  issuer: 1,
  staff: 2, // catalog manager and fulfiller of merchant 1
  customer: 3, // the account to import into MetaMask
  customer2: 4,
  customer3: 5,
  relayer: 19, // pays the gas of relayed requests (npm start's relay); holds no role
} as const;

/** A customer with points and no native coin at all: derivation index 100 of the test mnemonic,
 *  which the local chain does not fund. Its transfers and redemptions go through the relay. */
export const demoGaslessCustomer = { index: 100, points: 2_000n } as const;

/** The welcome batch: [account index, points]. */
export const demoBalances: [number, bigint][] = [
  [demoAccounts.customer, 5_000n],
  [demoAccounts.customer2, 1_200n],
  [demoAccounts.customer3, 300n],
];

/** The demo's mechanics (scripts/lib/mechanics.ts): merchant 1's rule, the demo customer's
 *  purchase whose points wait out the return window, and status points past Silver (1,000). */
export const demoMechanics = {
  rulesQuota: 1_000_000n,
  rule: { pointsPerUnit: 1n, spendUnit: 1n, holdDays: 14n },
  purchase: { spend: 800n, receipt: "demo-till-0001" },
  statusPoints: 1_200n,
} as const;
