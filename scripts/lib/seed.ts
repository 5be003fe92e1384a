/** The demo catalog, balances and a first order, seeded into a deployed system (seed.ts, deploy-local.ts). */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { PointsMall__factory, PointsToken__factory } from "../../types/ethers-contracts/index.js";
import { demoAccounts, demoBalances, demoCategories, demoGaslessCustomer, demoMetadataURI, demoSkus, demoWallet } from "./demo.js";

/** Seeds deployment `id` at `addresses` once; says what it did. */
export async function seedDemo(ethers: HardhatEthers, id: string, addresses: { token: string; mall: string }): Promise<string> {
  const signers = await ethers.getSigners();
  const signer = (index: number) => {
    const s = signers[index];
    if (s === undefined) throw new Error(`the chain has no account #${index}`);
    return s;
  };
  const staff = signer(demoAccounts.staff);
  const mall = PointsMall__factory.connect(addresses.mall, staff);
  const token = PointsToken__factory.connect(addresses.token, signer(demoAccounts.issuer));
  const [, categoryCount] = await mall.counts();
  if (categoryCount > 0n) return `deployment "${id}" is seeded already (${categoryCount} categories); nothing to do`;
  for (const name of demoCategories) await (await mall.createCategory(1, name)).wait();
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  for (const sku of demoSkus) {
    await (
      await mall.createSku({
        categoryId: sku.category + 1,
        price: sku.price,
        stock: sku.unlimited === true ? 0n : sku.stock,
        unlimited: sku.unlimited === true,
        perWalletLimit: sku.perWalletLimit ?? 0n,
        saleStart: 0n,
        saleEnd: sku.saleDays === undefined ? 0n : now + BigInt(sku.saleDays * 24 * 60 * 60),
        active: true,
        metadataURI: demoMetadataURI(sku),
      })
    ).wait();
  }
  await (
    await token.issueBatch(
      demoBalances.map(([i]) => signer(i).address),
      demoBalances.map(([, points]) => points),
      ethers.encodeBytes32String("demo-welcome"),
    )
  ).wait();
  const gasless = demoWallet(demoGaslessCustomer.index);
  await (await token.issue(gasless.address, demoGaslessCustomer.points, ethers.encodeBytes32String("demo-gasless"))).wait();
  // One fulfilled order, so that history and orders have something to show.
  const customer2 = signer(demoAccounts.customer2);
  await (await mall.connect(customer2).redeem(2, 1, 150)).wait();
  await (await mall.fulfil(1, ethers.encodeBytes32String("counter-pickup"))).wait();
  return `seeded ${demoCategories.length} categories, ${demoSkus.length} SKUs, ${demoBalances.length + 1} balances, 1 order`;
}
