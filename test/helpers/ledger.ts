/**
 * Helpers of the ledger database tests: a history that uses every event the indexer handles, an
 * indexer on the in-process chain, and a dump of the indexed tables to compare two indexes.
 */
import { sql } from "kysely";
import type { EarningRules } from "../../types/ethers-contracts/index.js";
import { openDatabase, type DatabaseConfig, type LedgerDatabase } from "../../src/indexer/database.js";
import { Indexer, type IndexerOptions } from "../../src/indexer/indexer.js";
import { eip1193Transport, type RpcTransport } from "../../src/indexer/rpc.js";
import { VOUCHER_TYPES, ruleWith, signForwardRequest } from "../../src/sdk/index.js";
import { deployRules } from "./rules.js";
import { connection, ethers, ref, skuInput, type System } from "./system.js";

export interface History {
  rules: EarningRules;
  /** Accounts whose history the tests compare. */
  accounts: string[];
}

/**
 * Issues singly, in a batch and by voucher; transfers directly and through the forwarder; redeems,
 * fulfils and cancels; restocks and retires; registers a second merchant with its own issuer; and
 * deploys an EarningRules contract that the mall's MerchantIssuerSet leads the indexer to.
 */
export async function richHistory(s: System): Promise<History> {
  const { token, mall } = s;
  await mall.connect(s.catalog).createCategory(1, "Mugs");
  await mall.connect(s.catalog).createSku(skuInput(1, { stock: 20n }));
  await mall.connect(s.catalog).createSku(skuInput(1, { price: 30n, unlimited: true, stock: 0n, metadataURI: 'data:application/json,{"name":"Coffee"}' }));
  await token.connect(s.issuer).issue(s.alice.address, 1_000n, ref("welcome"));
  await token.connect(s.issuer).issueBatch([s.bob.address, s.carol.address, s.alice.address], [500n, 300n, 50n], ref("batch-1"));
  await token.connect(s.alice).transfer(s.bob.address, 120n);
  await mall.connect(s.alice).redeem(1, 2, 100n); // order 1
  await mall.connect(s.bob).redeem(2, 3, 30n); // order 2
  await mall.connect(s.fulfiller).fulfil(1, ref("DHL-1"));
  await mall.connect(s.fulfiller).cancel(2, ref("out of beans"));
  // A cart of two SKUs in one order, fulfilled (its burn is finalized).
  await mall.connect(s.bob).redeemCart([{ skuId: 1, qty: 1, maxPricePerUnit: 100n }, { skuId: 2, qty: 2, maxPricePerUnit: 30n }]); // order 3
  await mall.connect(s.fulfiller).fulfil(3, ref("cart-box"));
  await mall.connect(s.catalog).restock(1, 5n);
  await mall.connect(s.catalog).setSkuActive(2, false);
  await mall.connect(s.catalog).renameCategory(1, "Cups");

  // A voucher signed by the issuer, claimed by someone else for Carol.
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const voucher = { recipient: s.carol.address, amount: 75n, ref: ref("till-9"), expiry: 2n ** 40n, id: 42n, generation: await token.issuerGeneration(s.issuer.address) };
  const signature = await s.issuer.signTypedData({ name: "Mall Points", version: "1", chainId, verifyingContract: await token.getAddress() }, VOUCHER_TYPES, voucher);
  await token.connect(s.outsider).claim(voucher, signature);

  // Carol sends points through the forwarder (a relayed request; the outsider pays the gas).
  const forwarderAddress = await s.forwarder.getAddress();
  const request = await signForwardRequest(s.carol, { forwarder: forwarderAddress, to: await token.getAddress(), data: token.interface.encodeFunctionData("transfer", [s.alice.address, 25n]) });
  await s.forwarder.connect(s.outsider).execute(request);

  // A second merchant with its own issuer, and an EarningRules contract of merchant 1.
  await mall.connect(s.admin).registerMerchant("Coffee Corner", s.outsider.address);
  await token.connect(s.admin).grantRole(await token.ISSUER_ROLE(), s.outsider.address);
  await token.connect(s.admin).setIssuerQuota(s.outsider.address, 10_000n);
  await mall.connect(s.admin).setMerchantIssuer(s.outsider.address, 2);
  await token.connect(s.outsider).issue(s.bob.address, 200n, ref("coffee-card"));
  const rules = await deployRules(s.deployer, { token: await token.getAddress(), admin: s.merchantAdmin.address, forwarder: await s.forwarder.getAddress(), managers: [s.catalog.address], reporters: [s.fulfiller.address], returnsReporters: [s.merchantAdmin.address] });
  const rulesAddress = await rules.getAddress();
  await rules.connect(s.catalog).addRule(ruleWith({ pointsPerUnit: 1n, spendUnit: 100n }));
  await token.connect(s.admin).grantRole(await token.ISSUER_ROLE(), rulesAddress);
  await token.connect(s.admin).setIssuerQuota(rulesAddress, 100_000n);
  await mall.connect(s.admin).setMerchantIssuer(rulesAddress, 1);
  await rules.connect(s.fulfiller).reportPurchase(s.carol.address, 2_500n, ref("R-77"));
  await token.connect(s.admin).grantRole(await token.BURNER_ROLE(), rulesAddress);
  await rules.connect(s.merchantAdmin).reportReturn(ref("R-77"), 400n); // a return: part of its points taken back
  await mall.connect(s.carol).redeem(1, 1, 100n); // order 4, stays Placed
  await token.connect(s.admin).revokeRole(await token.ISSUER_ROLE(), s.outsider.address);
  return { rules, accounts: [s.alice.address, s.bob.address, s.carol.address, s.outsider.address, rulesAddress] };
}

/** Blocks with no event, as a busy chain has between the deployment's. */
export async function mineEmpty(n: number): Promise<void> {
  await connection.provider.request({ method: "hardhat_mine", params: [`0x${n.toString(16)}`] });
}

export async function deploymentOf(s: System): Promise<IndexerOptions["deployment"]> {
  return { token: await s.token.getAddress(), mall: await s.mall.getAddress(), forwarder: await s.forwarder.getAddress(), fromBlock: 0 };
}

/** The in-process chain as an RPC transport. */
export const inProcess: RpcTransport = eip1193Transport(connection.provider);

/** An indexer for `s` on the in-process chain, started. */
export async function startIndexer(database: LedgerDatabase, s: System, options: Partial<IndexerOptions> = {}): Promise<Indexer> {
  const indexer = new Indexer({ database, transport: inProcess, deployment: await deploymentOf(s), pollIntervalMs: 20, onMismatch: "rebuild", ...options });
  await indexer.start();
  return indexer;
}

export async function openTestDatabase(config: DatabaseConfig = { dataDir: "memory" }): Promise<LedgerDatabase> {
  return openDatabase(config);
}

/** The indexed data, table by table, in key order: equal dumps are equal indexes. Bookkeeping
 *  that depends on how the ranges fell (blocks recorded, undo images, per-range checks) is left out. */
export const DATA_TABLES = [
  "events", "movements", "holders", "issuances", "issuers", "burners", "issuer_windows", "merchants", "merchant_issuers",
  "merchant_issuer_changes", "categories", "skus", "orders", "order_events", "roles", "rules", "purchases", "vouchers", "daily", "totals", "alerts", "contracts",
] as const;

export async function dumpIndex(database: LedgerDatabase): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of DATA_TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.reader);
    out[table] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))).sort();
  }
  return out;
}
