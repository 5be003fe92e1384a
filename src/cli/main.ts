/**
 * `points`: the Points Mall from a terminal. Every operation of the SDK, tables for people and
 * --json for scripts, one clear line and a non-zero exit on any error, and nothing sent that could
 * have been refused locally (inputs are checked, then every transaction is simulated first).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { Wallet, ZeroAddress } from "ethers";
import {
  balanceOf,
  addRule,
  blockAtTime,
  cancel,
  claimVoucher,
  createCategory,
  decodeVoucher,
  encodeVoucher,
  createSku,
  fulfil,
  getSku,
  grantMerchantRole,
  grantTokenRole,
  MERCHANT_ROLES,
  merchantRoles,
  registerMerchant,
  revokeMerchantRole,
  history,
  issue,
  issuerQuota,
  listCategories,
  listOrders,
  connectRules,
  listRules,
  listSkus,
  parseAddress,
  pause,
  PointsError,
  reconcile,
  redeem,
  reportPurchase,
  reportReturn,
  pendingPoints,
  releasePending,
  readableRef,
  type TierPercents,
  retireRule,
  renameCategory,
  restock,
  retireCategory,
  revokeTokenRole,
  setIssuerQuota,
  setMerchantIssuer,
  settle,
  setSkuActive,
  signVoucher,
  skuMetadataURI,
  skuNames,
  tokenRoles,
  transfer,
  unpause,
  updateSku,
  type OrderStatus,
  type PointsClient,
  type MerchantRole,
  type TokenRole,
} from "../sdk/index.js";
import { parseBulkCsv, planBatches, sendBatches } from "./bulk.js";
import { connect, decryptKeystore, findDeployment, type ConnectionOptions } from "./connect.js";
import { registerRelayCommand } from "./commands/relay.js";
import { short, table, toJson } from "./output.js";
import { promptHidden } from "./prompt.js";
import { registerDeploy } from "./commands/deploy.js";
import { registerMigrate } from "./commands/migrate.js";

interface GlobalOptions extends ConnectionOptions {
  json?: boolean;
}

const program = new Command("points")
  .description("Points Mall: loyalty points, catalog and orders on an EVM chain")
  .option("--rpc <url>", "JSON-RPC URL (env POINTS_RPC_URL; default: the deployment's, or http://127.0.0.1:8545)")
  .option("--deployment <id|file>", "deployment id or .json file (env POINTS_DEPLOYMENT; default: local, the one npm start runs)")
  .option("--keystore <file>", "encrypted JSON keystore to sign with (env POINTS_KEYSTORE; password: POINTS_PASSWORD or a prompt)")
  .option("--private-key-env <VAR>", "sign with the private key in this environment variable")
  .option("--account <n>", "sign with local test account n (local chain only)")
  .option("--relay <url>", "send transfers, claims and redemptions through this relay, which pays their gas (env POINTS_RELAY_URL)")
  .option("--json", "print JSON instead of tables")
  .showHelpAfterError("(run points --help for usage)")
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
const reader = () => connect(globals(), false);
const writer = () => connect(globals(), true);

function print(json: unknown, human: () => string): void {
  console.log(globals().json === true ? toJson(json) : human());
}

function sent(receipt: { hash: string; gasUsed: bigint; blockNumber: number }, what: string): void {
  print({ ok: true, what, tx: receipt.hash, block: receipt.blockNumber, gasUsed: receipt.gasUsed }, () => `${what} (tx ${receipt.hash}, block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
}

async function signerAddress(client: PointsClient): Promise<string> {
  return client.signer!.getAddress();
}

// ------------------------------------------------------------------ wallet

const wallet = program.command("wallet").description("your key, in an encrypted keystore file");

async function newPassword(): Promise<string> {
  const fromEnv = process.env.POINTS_PASSWORD;
  if (fromEnv !== undefined) {
    if (fromEnv.length < 8) throw new PointsError("the password is shorter than 8 characters", "choose a longer one");
    return fromEnv;
  }
  const first = await promptHidden("new password (8 characters or more): ");
  if (first.length < 8) throw new PointsError("the password is shorter than 8 characters", "choose a longer one");
  if ((await promptHidden("again: ")) !== first) throw new PointsError("the passwords differ", "run it again");
  return first;
}

async function saveKeystore(w: Wallet, out: string): Promise<void> {
  if (existsSync(out)) throw new PointsError(`${out} exists`, "choose another --out; a keystore is never overwritten");
  writeFileSync(out, await w.encrypt(await newPassword()), { mode: 0o600 });
  print({ address: w.address, keystore: out }, () => `address ${w.address}\nkeystore ${out} (keep it and its password: together they are your points)`);
}

wallet
  .command("new")
  .description("create a key and save it encrypted (the seed's \"register and get a private key\")")
  .requiredOption("--out <file>", "where to write the keystore")
  .action(async (o: { out: string }) => saveKeystore(Wallet.createRandom() as unknown as Wallet, o.out));

wallet
  .command("import")
  .description("encrypt an existing private key (read from POINTS_PRIVATE_KEY or a prompt)")
  .requiredOption("--out <file>", "where to write the keystore")
  .action(async (o: { out: string }) => {
    const key = process.env.POINTS_PRIVATE_KEY ?? (await promptHidden("private key: "));
    let w: Wallet;
    try {
      w = new Wallet(key.trim());
    } catch {
      throw new PointsError("that is not a private key", "a private key is 0x and 64 hex digits");
    }
    await saveKeystore(w, o.out);
  });

wallet
  .command("show")
  .description("the address of a keystore (with --check, also try its password)")
  .option("--check", "decrypt it, to check the password")
  .action(async (o: { check?: boolean }) => {
    const file = globals().keystore ?? process.env.POINTS_KEYSTORE;
    if (file === undefined) throw new PointsError("which keystore?", "pass --keystore <file>");
    if (!existsSync(file)) throw new PointsError(`no keystore at ${file}`);
    let address: string;
    if (o.check === true) address = (await decryptKeystore(file)).address;
    else {
      const json = JSON.parse(readFileSync(file, "utf8")) as { address?: string };
      if (typeof json.address !== "string") throw new PointsError(`${file} is not a keystore`);
      address = parseAddress(json.address.startsWith("0x") ? json.address : `0x${json.address}`);
    }
    print({ address, keystore: file }, () => `address ${address}`);
  });

// ------------------------------------------------------------------ points

program
  .command("balance")
  .argument("<address>")
  .description("points held by an address")
  .action(async (address: string) => {
    const client = await reader();
    const [points, symbol] = await Promise.all([balanceOf(client, address), client.token.symbol()]);
    print({ address, points }, () => `${points} ${symbol}`);
  });

program
  .command("issue")
  .argument("<to>")
  .argument("<amount>")
  .requiredOption("--ref <reference>", "why: a receipt, campaign or reason (31 bytes of text, or 0x… hash)")
  .description("issue points to an address, from your quota")
  .action(async (to: string, amount: string, o: { ref: string }) => {
    const client = await writer();
    sent(await issue(client, { to, amount, ref: o.ref }), `issued ${amount} to ${to}`);
  });

program
  .command("bulk-issue")
  .argument("<csv>", "rows of address,amount,reference")
  .option("--batch-size <n>", "recipients per transaction (500: about 12.4M gas)", "500")
  .option("--dry-run", "check the file and plan the batches; send nothing")
  .description("issue to many addresses from a CSV file; run it again after an interruption to finish")
  .action(async (file: string, o: { batchSize: string; dryRun?: boolean }) => {
    if (!existsSync(file)) throw new PointsError(`no file ${file}`);
    const batchSize = Number(o.batchSize);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2000) throw new PointsError(`--batch-size ${o.batchSize}: give 1 to 2000`);
    const { rows, problems } = parseBulkCsv(readFileSync(file, "utf8"));
    if (problems.length > 0) {
      const lines = problems.map((p) => `  line ${p.line}: ${p.problem}`).join("\n");
      throw new PointsError(`${problems.length} bad row(s) in ${file}; nothing was sent:\n${lines}`, "fix them and run again");
    }
    const batches = planBatches(rows, batchSize);
    const total = rows.reduce((s, r) => s + r.amount, 0n);
    if (o.dryRun === true) {
      print({ rows: rows.length, points: total, batches: batches.map((b) => ({ batchRef: b.batchRef, rows: b.rows.length, total: b.total })) }, () => `${rows.length} rows, ${total} points, ${batches.length} batch(es): the file is valid; nothing sent`);
      return;
    }
    const client = await writer();
    const tty = process.stderr.isTTY === true && globals().json !== true;
    const result = await sendBatches(client, batches, (done, count, batch, skipped) => {
      const bar = "#".repeat(Math.round((done / count) * 30)).padEnd(30, "-");
      const text = `[${bar}] ${done}/${count} batches${skipped ? ` (batch ${batch.index + 1} was issued before: skipped)` : ""}`;
      if (tty) process.stderr.write(`\r${text}${done === count ? "\n" : ""}`);
      else if (globals().json !== true) process.stderr.write(`${text}\n`);
    });
    print(result, () =>
      [
        `${result.recipients} recipients credited with ${result.points} points in ${result.sent} transaction(s)`,
        result.skipped > 0 ? `${result.skipped} batch(es) had been issued before and were skipped: no one was credited twice` : "",
        result.sent > 0 ? `gas ${result.gasUsed} (${result.gasUsed / BigInt(Math.max(result.recipients, 1))} per recipient)` : "",
      ]
        .filter((l) => l !== "")
        .join("\n"),
    );
  });

program
  .command("transfer")
  .argument("<to>")
  .argument("<amount>")
  .description("send points to another address")
  .action(async (to: string, amount: string) => {
    const client = await writer();
    sent(await transfer(client, { to, amount }), `sent ${amount} to ${to}`);
  });

// ------------------------------------------------------------------ vouchers

const voucher = program.command("voucher").description("signed earn vouchers: a till signs, the customer claims");

/** "3600", "12h", "7d": seconds from now. */
function duration(text: string): bigint {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (m === null) throw new PointsError(`--expires ${text}: give seconds, or a number with s, m, h or d (7d)`);
  const unit = { "": 1n, s: 1n, m: 60n, h: 3600n, d: 86400n }[m[2] as "" | "s" | "m" | "h" | "d"];
  return BigInt(m[1]!) * unit;
}

voucher
  .command("sign")
  .argument("<recipient>")
  .argument("<amount>")
  .requiredOption("--ref <reference>", "the receipt it rewards")
  .requiredOption("--id <n>", "your number for this voucher; each works once")
  .option("--expires <duration>", "how long it is valid (e.g. 7d)", "30d")
  .description("sign a voucher with your issuer key; prints a code for a QR or a message")
  .action(async (recipient: string, amount: string, o: { ref: string; id: string; expires: string }) => {
    const client = await writer();
    const now = BigInt((await client.provider.getBlock("latest"))!.timestamp);
    const signed = await signVoucher(client, { recipient, amount, ref: o.ref, expiry: now + duration(o.expires), id: BigInt(checkedInteger(o.id, "--id")) });
    const code = encodeVoucher(signed);
    print({ code, ...signed }, () => code);
  });

voucher
  .command("claim")
  .argument("<code>", "the PV2.… code")
  .description("claim a voucher: its points go to the recipient it names")
  .action(async (code: string) => {
    const signed = decodeVoucher(code);
    const client = await writer();
    sent(await claimVoucher(client, signed), `claimed ${signed.voucher.amount} points for ${signed.voucher.recipient}`);
  });

// ------------------------------------------------------------------ earning rules

function rulesAddress(o: { rules?: string }): string {
  const address = o.rules ?? process.env.POINTS_RULES;
  if (address === undefined) throw new PointsError("which rules contract?", "pass --rules <address> or set POINTS_RULES");
  return address;
}

const rulesCommand = program.command("rules").description("a merchant's earning rules (an EarningRules contract)");

rulesCommand
  .command("list")
  .option("--rules <address>", "the EarningRules contract (env POINTS_RULES)")
  .action(async (o: { rules?: string }) => {
    const rules = await listRules(connectRules(await reader(), rulesAddress(o)));
    const day = (t: bigint) => new Date(Number(t) * 1000).toISOString().slice(0, 16).replace("T", " ");
    const state = (r: (typeof rules)[number]) =>
      r.retiredAt !== 0n ? `retired ${day(r.retiredAt)}` : r.scheduled !== undefined ? `changes ${day(r.scheduled.effectiveAt)}` : `live since ${day(r.effectiveAt)}`;
    print(rules, () =>
      table(
        ["rule", "points", "per spend", "multiplier", "min spend", "cap", "daily cap", "hold", "window", "state"],
        rules.map((r) => [r.id, r.pointsPerUnit, r.spendUnit, `${Number(r.multiplierBps) / 10_000}x`, r.minSpend, r.perPurchaseCap === 0n ? "-" : r.perPurchaseCap, r.dailyCap === 0n ? "-" : r.dailyCap, r.holdDays === 0n ? "-" : `${r.holdDays} d`, r.start === 0n && r.end === 0n ? "always" : `${r.start}-${r.end === 0n ? "" : r.end}`, state(r)]),
      ),
    );
  });

rulesCommand
  .command("add")
  .option("--rules <address>", "the EarningRules contract (env POINTS_RULES)")
  .requiredOption("--points <n>", "points per spend unit")
  .requiredOption("--per <spend>", "the spend unit, e.g. 100 (cents)")
  .option("--multiplier <x>", "campaign multiplier, e.g. 2 or 1.5", "1")
  .option("--min <spend>", "minimum spend", "0")
  .option("--cap <points>", "most points per purchase (0: none)", "0")
  .option("--daily-cap <points>", "most points per customer per UTC day (0: none)", "0")
  .option("--start <date>", "from (YYYY-MM-DD UTC or unix seconds)")
  .option("--end <date>", "until, not included")
  .option("--hold-days <days>", "days the points wait for returns before they are spendable", "0")
  .option("--tier-multipliers <percents>", "percent of the points for tiers 0 to 4, e.g. 100,110,125,150,200", "0,0,0,0,0")
  .action(async (o: Record<string, string | boolean | undefined>) => {
    const client = await writer();
    const rules = connectRules(client, rulesAddress(o as { rules?: string }));
    const multiplier = Number(o.multiplier);
    if (!(multiplier > 0)) throw new PointsError(`--multiplier ${o.multiplier}: give a number above 0`);
    const r = await addRule(client, rules, {
      pointsPerUnit: BigInt(checkedInteger(String(o.points), "--points")),
      spendUnit: BigInt(checkedInteger(String(o.per), "--per")),
      multiplierBps: BigInt(Math.round(multiplier * 10_000)),
      minSpend: BigInt(checkedInteger(String(o.min), "--min")),
      perPurchaseCap: BigInt(checkedInteger(String(o.cap), "--cap")),
      dailyCap: BigInt(checkedInteger(String(o.dailyCap), "--daily-cap")),
      start: o.start === undefined ? 0n : BigInt(parseWhen(String(o.start), "--start")),
      end: o.end === undefined ? 0n : BigInt(parseWhen(String(o.end), "--end")),
      holdDays: BigInt(checkedInteger(String(o.holdDays), "--hold-days")),
      tierMultiplierPercent: tierPercents(String(o.tierMultipliers)),
    });
    sent(r.receipt, `added rule ${r.ruleId}; it applies from ${new Date(Number(r.effectiveAt) * 1000).toISOString()}`);
  });

function tierPercents(text: string): TierPercents {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length !== 5 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new PointsError(`--tier-multipliers ${text}: give five whole percents, tiers 0 to 4`, "e.g. 100,110,125,150,200 (0 means 1x)");
  }
  return parts.map(BigInt) as TierPercents;
}

rulesCommand
  .command("return")
  .argument("<receipt>")
  .argument("<spend>", "how much of the receipt's spend came back")
  .option("--rules <address>", "the EarningRules contract (env POINTS_RULES)")
  .description("report a return (a returns reporter's key): cancels pending points or takes back issued ones, in proportion")
  .action(async (receipt: string, spend: string, o: { rules?: string }) => {
    const client = await writer();
    const r = await reportReturn(client, connectRules(client, rulesAddress(o)), { receipt, returnedSpend: spend });
    print({ cancelled: r.cancelled, takenBack: r.takenBack, owed: r.owed, tx: r.receipt.hash }, () =>
      `return of ${spend} on ${receipt}: ${r.cancelled} pending points cancelled, ${r.takenBack} taken back, ${r.owed} owed from the customer's next rewards`,
    );
  });

rulesCommand
  .command("pending")
  .argument("<customer>")
  .option("--rules <address>", "the EarningRules contract (env POINTS_RULES)")
  .description("a customer's pending points and when each becomes spendable")
  .action(async (customer: string, o: { rules?: string }) => {
    const p = await pendingPoints(connectRules(await reader(), rulesAddress(o)), customer);
    print(p, () =>
      [`${p.total} points pending`, table(["receipt", "points", "spendable from"], p.receipts.map((r) => [readableRef(r.receipt), r.points - r.reversed, new Date(Number(r.releaseAt) * 1000).toISOString()]))].join("\n"),
    );
  });

rulesCommand
  .command("release")
  .argument("<receipt...>")
  .option("--rules <address>", "the EarningRules contract (env POINTS_RULES)")
  .description("issue the pending points of receipts whose return window has passed (anyone)")
  .action(async (receipts: string[], o: { rules?: string }) => {
    const client = await writer();
    sent(await releasePending(client, connectRules(client, rulesAddress(o)), receipts), `released ${receipts.length} receipt(s)`);
  });

rulesCommand
  .command("retire")
  .argument("<rule>")
  .option("--rules <address>", "the EarningRules contract (env POINTS_RULES)")
  .action(async (rule: string, o: { rules?: string }) => {
    const client = await writer();
    sent(await retireRule(client, connectRules(client, rulesAddress(o)), BigInt(checkedInteger(rule, "rule"))), `retired rule ${rule}`);
  });

program
  .command("purchase")
  .argument("<customer>")
  .argument("<spend>", "the amount spent, in the rules' unit (e.g. cents)")
  .requiredOption("--receipt <ref>", "the receipt: each earns once")
  .option("--rules <address>", "the EarningRules contract (env POINTS_RULES)")
  .description("report a purchase (a reporter's key): the merchant's rules decide the points")
  .action(async (customer: string, spend: string, o: { receipt: string; rules?: string }) => {
    const client = await writer();
    const r = await reportPurchase(client, connectRules(client, rulesAddress(o)), { customer, spend, receipt: o.receipt });
    print({ points: r.points, ruleId: r.ruleId, tx: r.receipt.hash }, () =>
      r.points === 0n ? "no rule applied: no points" : `${r.points} points earned under rule ${r.ruleId} (tx ${r.receipt.hash})`,
    );
  });

// ------------------------------------------------------------------ catalog

const catalog = program.command("catalog").description("categories and SKUs");

catalog
  .command("list")
  .description("the catalog")
  .action(async () => {
    const client = await reader();
    const [categories, skus] = await Promise.all([listCategories(client), listSkus(client)]);
    const categoryName = new Map(categories.map((c) => [c.id, c.name]));
    // Names from the metadata documents, which the deployment's web app serves (npm start's).
    const names = await skuNames(skus, findDeployment(globals().deployment).webUrl);
    print({ categories, skus }, () =>
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

catalog
  .command("add-category")
  .argument("<name>")
  .option("--merchant <id>", "merchant", "1")
  .action(async (name: string, o: { merchant: string }) => {
    const client = await writer();
    sent(await createCategory(client, { merchantId: Number(o.merchant), name }), `created category "${name}"`);
  });

catalog
  .command("rename-category")
  .argument("<id>")
  .argument("<name>")
  .action(async (id: string, name: string) => sent(await renameCategory(await writer(), { categoryId: Number(id), name }), `renamed category ${id}`));

catalog
  .command("retire-category")
  .argument("<id>")
  .action(async (id: string) => sent(await retireCategory(await writer(), { categoryId: Number(id) }), `retired category ${id}`));

function metadata(name: string | undefined, description: string | undefined, uri: string | undefined): string | undefined {
  if (uri !== undefined) return uri;
  if (name === undefined) return undefined;
  return skuMetadataURI(name, description);
}

catalog
  .command("add-sku")
  .requiredOption("--category <id>")
  .requiredOption("--price <points>")
  .option("--stock <units>", "units in stock", "0")
  .option("--unlimited", "no stock to manage")
  .option("--limit <units>", "most units per wallet (0: none)", "0")
  .option("--start <unix>", "on sale from", "0")
  .option("--end <unix>", "on sale until (0: no end)", "0")
  .option("--name <name>")
  .option("--description <text>")
  .option("--uri <metadataURI>")
  .option("--inactive", "create it off sale")
  .action(async (o: Record<string, string | boolean | undefined>) => {
    const client = await writer();
    const receipt = await createSku(client, {
      categoryId: Number(o.category),
      price: String(o.price),
      stock: BigInt(String(o.stock)),
      unlimited: o.unlimited === true,
      perWalletLimit: BigInt(String(o.limit)),
      saleStart: BigInt(String(o.start)),
      saleEnd: BigInt(String(o.end)),
      metadataURI: metadata(o.name as string | undefined, o.description as string | undefined, o.uri as string | undefined),
      active: o.inactive !== true,
    });
    const [, , skus] = await client.mall.counts();
    sent(receipt, `created SKU ${skus}`);
  });

catalog
  .command("update-sku")
  .argument("<sku>")
  .option("--category <id>")
  .option("--price <points>")
  .option("--limit <units>")
  .option("--start <unix>")
  .option("--end <unix>")
  .option("--name <name>")
  .option("--description <text>")
  .option("--uri <metadataURI>")
  .description("change a SKU; fields not given stay as they are")
  .action(async (sku: string, o: Record<string, string | undefined>) => {
    const client = await writer();
    const now = await getSku(client, BigInt(sku));
    sent(
      await updateSku(client, {
        skuId: now.id,
        categoryId: o.category !== undefined ? Number(o.category) : now.categoryId,
        price: o.price ?? now.price,
        perWalletLimit: o.limit !== undefined ? BigInt(o.limit) : now.perWalletLimit,
        saleStart: o.start !== undefined ? BigInt(o.start) : now.saleStart,
        saleEnd: o.end !== undefined ? BigInt(o.end) : now.saleEnd,
        metadataURI: metadata(o.name, o.description, o.uri) ?? now.metadataURI,
      }),
      `updated SKU ${sku}`,
    );
  });

catalog
  .command("restock")
  .argument("<sku>")
  .argument("<units>")
  .action(async (sku: string, units: string) => sent(await restock(await writer(), { skuId: Number(sku), added: BigInt(checkedInteger(units, "units")) }), `added ${units} to SKU ${sku}`));

for (const [name, active] of [["activate", true], ["deactivate", false]] as const) {
  catalog
    .command(name)
    .argument("<sku>")
    .action(async (sku: string) => sent(await setSkuActive(await writer(), { skuId: Number(checkedInteger(sku, "SKU")), active }), `SKU ${sku} ${active ? "on" : "off"} sale`));
}

function checkedInteger(text: string, field: string): string {
  if (!/^\d+$/.test(text.trim())) throw new PointsError(`${field}: "${text}" is not a whole number`);
  return text.trim();
}

// ------------------------------------------------------------------ orders

program
  .command("redeem")
  .argument("<sku>")
  .argument("<qty>")
  .option("--max-price <points>", "the most you pay a unit (default: the price now)")
  .description("redeem points for goods")
  .action(async (sku: string, qty: string, o: { maxPrice?: string }) => {
    const client = await writer();
    const r = await redeem(client, { skuId: BigInt(checkedInteger(sku, "SKU")), qty: BigInt(checkedInteger(qty, "quantity")), maxPricePerUnit: o.maxPrice });
    print({ orderId: r.orderId, pointsPaid: r.pointsPaid, tx: r.receipt.hash }, () => `order ${r.orderId} placed: ${r.pointsPaid} points paid (tx ${r.receipt.hash})`);
  });

program
  .command("orders")
  .option("--buyer <address>")
  .addOption(new Option("--status <status>").choices(["Placed", "Fulfilled", "Cancelled"]))
  .description("orders, all or by buyer and status")
  .action(async (o: { buyer?: string; status?: OrderStatus }) => {
    const orders = await listOrders(await reader(), o);
    print(orders, () => table(["order", "buyer", "sku", "qty", "points", "status"], orders.map((x) => [x.id, x.buyer, x.skuId, x.qty, x.pointsPaid, x.status])));
  });

program
  .command("fulfil")
  .argument("<order>")
  .requiredOption("--ref <delivery>", "shipment or voucher reference")
  .action(async (order: string, o: { ref: string }) => sent(await fulfil(await writer(), { orderId: BigInt(checkedInteger(order, "order")), deliveryRef: o.ref }), `order ${order} fulfilled`));

program
  .command("cancel")
  .argument("<order>")
  .requiredOption("--reason <text>")
  .description("cancel a Placed order: refunds its points, puts its units back")
  .action(async (order: string, o: { reason: string }) => sent(await cancel(await writer(), { orderId: BigInt(checkedInteger(order, "order")), reason: o.reason }), `order ${order} cancelled and refunded`));

// ------------------------------------------------------------------ books

program
  .command("history")
  .argument("<address>")
  .description("every movement of an address's points, with the running balance")
  .action(async (address: string) => {
    const moves = await history(await reader(), address);
    print(moves, () =>
      table(
        ["block", "movement", "points", "balance", "with", "reference"],
        moves.map((m) => [m.block, m.kind + (m.batch === true ? " (batch)" : ""), (m.points > 0n ? "+" : "") + m.points, m.balance, m.counterparty === ZeroAddress ? "-" : short(m.counterparty), m.ref]),
      ),
    );
  });

/** A date (YYYY-MM-DD, UTC) or unix seconds, as seconds. */
function parseWhen(text: string, field: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(t)) throw new PointsError(`${field} ${text}: give a date (2026-11-01) or unix seconds`);
  return Math.floor(t / 1000);
}

program
  .command("settle")
  .option("--from <date>", "start of the period (YYYY-MM-DD UTC or unix seconds; default: the deployment)")
  .option("--to <date>", "end of the period, not included (default: now)")
  .description("settlement between merchants: issued, redeemed at each catalog, who owes whom")
  .action(async (o: { from?: string; to?: string }) => {
    const client = await reader();
    const fromBlock = o.from === undefined ? undefined : await blockAtTime(client, parseWhen(o.from, "--from"));
    const toBlock = o.to === undefined ? undefined : (await blockAtTime(client, parseWhen(o.to, "--to"))) - 1;
    const s = await settle(client, { fromBlock, toBlock });
    const name = (id: number) => (id === 0 ? "(issuers of no merchant)" : `${id} ${s.merchants.find((m) => m.merchantId === id)?.name ?? ""}`);
    print(s, () =>
      [
        `blocks ${s.fromBlock} to ${s.toBlock}`,
        table(["merchant", "issued", "redeemed here", "share of redemptions", "net"], s.merchants.map((m) => [name(m.merchantId), m.issued, m.redeemed, m.liability, (m.net > 0n ? "+" : "") + m.net])),
        "",
        s.obligations.length === 0 ? "no one owes anyone" : s.obligations.map((x) => `${name(x.from)} owes ${name(x.to)} ${x.points} points`).join("\n"),
      ].join("\n"),
    );
  });

program
  .command("merchant-issuer")
  .argument("<issuer>")
  .argument("<merchant>", "merchant id (0: none)")
  .description("count an issuer's points as a merchant's, for settlement (platform admin)")
  .action(async (issuer: string, merchant: string) =>
    sent(await setMerchantIssuer(await writer(), { issuer, merchantId: Number(checkedInteger(merchant, "merchant")) }), `points issued by ${issuer} count for merchant ${merchant}`),
  );

program
  .command("reconcile")
  .description("check the books: supply, balances, issuance, redemption, stock")
  .action(async () => {
    const r = await reconcile(await reader());
    print(r, () =>
      [
        `at block ${r.block}: totalSupply ${r.totalSupply}; ${r.holders} holders' balances add up to ${r.sumOfBalances}`,
        `issued ${r.issued} - burned ${r.burned} + refunded ${r.refunded} = ${r.issued - r.burned + r.refunded}`,
        "",
        table(["issuer", "issued", "quota left", "redeemed by its customers"], r.issuers.map((i) => [i.issuer, i.issued, i.quotaLeft, i.redeemedByItsCustomers])),
        "",
        table(["sku", "supplied", "stock", "sold", "sold by orders"], r.skus.map((s) => [s.skuId, s.unlimited ? "unlimited" : s.supplied, s.unlimited ? "-" : s.stock, s.sold, s.soldByOrders])),
        "",
        r.differences.length === 0 ? "the books balance" : `DIFFERENCES:\n${r.differences.map((d) => `  ${d}`).join("\n")}`,
      ].join("\n"),
    );
    if (r.differences.length > 0) process.exitCode = 3;
  });

// ------------------------------------------------------------------ admin

const TOKEN_ROLES = ["ISSUER_ROLE", "BURNER_ROLE", "PAUSER_ROLE"];
const ALL_ROLES = [...TOKEN_ROLES, ...MERCHANT_ROLES];

program
  .command("roles")
  .argument("<address>")
  .option("--merchant <id>", "whose merchant roles to show", "1")
  .description("the token roles and merchant roles an address holds")
  .action(async (address: string, o: { merchant: string }) => {
    const client = await reader();
    const merchantId = Number(checkedInteger(o.merchant, "merchant"));
    const [token, merchant] = await Promise.all([tokenRoles(client, address), merchantRoles(client, address, merchantId)]);
    const roles = [...token, ...merchant.map((r) => `${r} of merchant ${merchantId}`)];
    print({ address, token, merchant: { id: merchantId, roles: merchant } }, () => (roles.length === 0 ? "no role" : roles.join("\n")));
  });

for (const [name, tokenFn, merchantFn] of [
  ["grant", grantTokenRole, grantMerchantRole],
  ["revoke", revokeTokenRole, revokeMerchantRole],
] as const) {
  program
    .command(name)
    .addArgument(new Command().createArgument("<role>", "role").choices(ALL_ROLES))
    .argument("<address>")
    .option("--merchant <id>", "for a merchant role: which merchant", "1")
    .description(`${name} a token role (token admin) or a merchant role (that merchant's admin)`)
    .action(async (role: string, address: string, o: { merchant: string }) => {
      const client = await writer();
      const merchantId = Number(checkedInteger(o.merchant, "merchant"));
      const receipt = TOKEN_ROLES.includes(role)
        ? await tokenFn(client, { role: role as TokenRole, account: address })
        : await merchantFn(client, { role: role as MerchantRole, merchantId, account: address });
      const scope = TOKEN_ROLES.includes(role) ? "" : ` of merchant ${merchantId}`;
      sent(receipt, `${name === "grant" ? "granted" : "revoked"} ${role}${scope} ${name === "grant" ? "to" : "from"} ${address}`);
    });
}

program
  .command("add-merchant")
  .argument("<name>")
  .requiredOption("--admin <address>", "who manages its catalog managers and fulfillers")
  .description("register a merchant (platform admin)")
  .action(async (name: string, o: { admin: string }) => {
    const r = await registerMerchant(await writer(), { name, admin: o.admin });
    print({ merchantId: r.merchantId, tx: r.receipt.hash }, () => `registered merchant ${r.merchantId}, "${name}" (tx ${r.receipt.hash})`);
  });

program
  .command("quota")
  .argument("<issuer>")
  .option("--set <points>", "set the points it may still issue (admin only)")
  .action(async (issuer: string, o: { set?: string }) => {
    if (o.set === undefined) {
      const quota = await issuerQuota(await reader(), issuer);
      print({ issuer, quota }, () => `${quota} points left to issue`);
    } else {
      sent(await setIssuerQuota(await writer(), { issuer, quota: o.set }), `quota of ${issuer} set to ${o.set}`);
    }
  });

program.command("pause").description("stop transfers, issuance and redemption (pausers)").action(async () => sent(await pause(await writer()), "paused"));
program.command("unpause").description("resume them (pausers)").action(async () => sent(await unpause(await writer()), "unpaused"));

program
  .command("whoami")
  .description("the address you sign with")
  .action(async () => {
    const client = await writer();
    const address = await signerAddress(client);
    print({ address }, () => address);
  });

// ------------------------------------------------------------------ relay

registerRelayCommand(program);

// ------------------------------------------------------------------ run

registerDeploy(program);
registerMigrate(program);


try {
  await program.parseAsync(process.argv);
} catch (error) {
  const e = error instanceof PointsError ? error : new PointsError(error instanceof Error ? error.message.split("\n")[0]! : String(error));
  if (globals().json === true) console.log(toJson({ ok: false, error: e.name, message: e.message, hint: e.hint }));
  else console.error(`error: ${e.message}${e.hint !== undefined ? `\n  ${e.hint}` : ""}`);
  process.exitCode = 1;
}
