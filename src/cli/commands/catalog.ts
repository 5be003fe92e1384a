/** `points catalog`: a merchant's categories and SKUs (catalog managers). */
import { createCategory, createSku, getSku, listCategories, listSkus, renameCategory, restock, retireCategory, setSkuActive, skuMetadataURI, skuNames, updateSku } from "../../sdk/index.js";
import { findDeployment } from "../../sdk/node.js";
import { argument, kinds, option } from "../args.js";
import type { CommandGroup } from "../context.js";
import { table } from "../output.js";

interface SkuOptions {
  category?: bigint;
  price?: bigint;
  limit?: bigint;
  start?: bigint;
  end?: bigint;
  name?: string;
  description?: string;
  uri?: string;
}

function metadata(o: SkuOptions): string | undefined {
  if (o.uri !== undefined) return o.uri;
  return o.name === undefined ? undefined : skuMetadataURI(o.name, o.description);
}

const TIME_FORMATS = "2026-12-01 (UTC), an ISO time with zone, or unix seconds";

export const catalog: CommandGroup = (program, cli) => {
  const group = program.command("catalog").description("categories and SKUs");
  const sent = cli.sent.bind(cli);

  group
    .command("list")
    .description("the catalog")
    .action(async () => {
      const client = await cli.reader();
      const [categories, skus] = await Promise.all([listCategories(client), listSkus(client)]);
      const categoryName = new Map(categories.map((c) => [c.id, c.name]));
      // Names from the metadata documents, which the deployment's web app serves (npm start's).
      const names = await skuNames(skus, findDeployment(cli.globals().deployment, cli.environment.cwd).webUrl);
      cli.print({ categories, skus }, () =>
        table(
          ["sku", "name", "category", "price", "stock", "sold", "limit", "on sale"],
          skus.map((s) => [
            s.id,
            names.get(s.id) ?? s.metadataURI.slice(0, 24),
            categoryName.get(s.categoryId) ?? String(s.categoryId),
            s.price,
            s.unlimited ? "unlimited" : s.stock,
            s.sold,
            s.perWalletLimit === 0n ? "-" : `${s.perWalletLimit}/wallet`,
            s.active ? "yes" : "no",
          ]),
        ),
      );
    });

  group
    .command("add-category")
    .description("add a category to a merchant's catalog")
    .addArgument(argument("name", "the category's name", kinds.text))
    .addOption(option("--merchant <id>", "the merchant", kinds.merchant, { value: 1n, shown: "1" }))
    .action(async (name: string, o: { merchant: bigint }) => sent(await createCategory(await cli.writer(), { merchantId: o.merchant, name }), `created category "${name}"`));

  group
    .command("rename-category")
    .description("rename a category")
    .addArgument(argument("category", "the category's id", kinds.category))
    .addArgument(argument("name", "its new name", kinds.text))
    .action(async (id: bigint, name: string) => sent(await renameCategory(await cli.writer(), { categoryId: id, name }), `renamed category ${id}`));

  group
    .command("retire-category")
    .description("retire a category: it takes no new SKUs")
    .addArgument(argument("category", "the category's id", kinds.category))
    .action(async (id: bigint) => sent(await retireCategory(await cli.writer(), { categoryId: id }), `retired category ${id}`));

  group
    .command("add-sku")
    .description("add a SKU to a category")
    .addOption(option("--category <id>", "its category", kinds.category).makeOptionMandatory())
    .addOption(option("--price <points>", "points a unit", kinds.price).makeOptionMandatory())
    .addOption(option("--stock <units>", "units in stock", kinds.stock, { value: 0n, shown: "0" }))
    .option("--unlimited", "no stock to manage")
    .addOption(option("--limit <units>", "most units per wallet (0: none)", kinds.walletLimit, { value: 0n, shown: "0" }))
    .addOption(option("--start <time>", `on sale from: ${TIME_FORMATS}`, kinds.time, { value: 0n, shown: "now" }))
    .addOption(option("--end <time>", "on sale until (same formats; 0: no end)", kinds.time, { value: 0n, shown: "no end" }))
    .option("--name <name>")
    .option("--description <text>")
    .option("--uri <metadataURI>")
    .option("--inactive", "create it off sale")
    .action(async (o: Required<Pick<SkuOptions, "category" | "price" | "limit" | "start" | "end">> & SkuOptions & { stock: bigint; unlimited?: boolean; inactive?: boolean }) => {
      const r = await createSku(await cli.writer(), {
        categoryId: o.category,
        price: o.price,
        stock: o.stock,
        unlimited: o.unlimited === true,
        perWalletLimit: o.limit,
        saleStart: o.start,
        saleEnd: o.end,
        metadataURI: metadata(o),
        active: o.inactive !== true,
      });
      sent(r.receipt, `created SKU ${r.skuId}`);
    });

  group
    .command("update-sku")
    .description("change a SKU; fields not given stay as they are")
    .addArgument(argument("sku", "the SKU's id", kinds.sku))
    .addOption(option("--category <id>", "its category", kinds.category))
    .addOption(option("--price <points>", "points a unit", kinds.price))
    .addOption(option("--limit <units>", "most units per wallet (0: none)", kinds.walletLimit))
    .addOption(option("--start <time>", `on sale from: ${TIME_FORMATS}`, kinds.time))
    .addOption(option("--end <time>", "on sale until (same formats; 0: no end)", kinds.time))
    .option("--name <name>")
    .option("--description <text>")
    .option("--uri <metadataURI>")
    .action(async (sku: bigint, o: SkuOptions) => {
      const client = await cli.writer();
      const now = await getSku(client, sku);
      const receipt = await updateSku(client, {
        skuId: now.id,
        categoryId: o.category ?? now.categoryId,
        price: o.price ?? now.price,
        perWalletLimit: o.limit ?? now.perWalletLimit,
        saleStart: o.start ?? now.saleStart,
        saleEnd: o.end ?? now.saleEnd,
        metadataURI: metadata(o) ?? now.metadataURI,
      });
      sent(receipt, `updated SKU ${sku}`);
    });

  group
    .command("restock")
    .description("add units to a SKU's stock")
    .addArgument(argument("sku", "the SKU's id", kinds.sku))
    .addArgument(argument("units", "units to add", kinds.units))
    .action(async (sku: bigint, units: bigint) => sent(await restock(await cli.writer(), { skuId: sku, added: units }), `added ${units} to SKU ${sku}`));

  for (const [name, active] of [["activate", true], ["deactivate", false]] as const) {
    group
      .command(name)
      .description(active ? "put a SKU on sale" : "take a SKU off sale")
      .addArgument(argument("sku", "the SKU's id", kinds.sku))
      .action(async (sku: bigint) => sent(await setSkuActive(await cli.writer(), { skuId: sku, active }), `SKU ${sku} ${active ? "on" : "off"} sale`));
  }
};
