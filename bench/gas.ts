/**
 * Gas benchmark: `npm run bench:gas`.
 *
 * Deploys the project's contracts and two references (a plain OpenZeppelin v5 ERC-20 with an
 * AccessControl + Pausable mint and ERC2771Context, trusting the same forwarder as the project, and
 * Solady's ERC-20) on Hardhat's in-process chain, measures the
 * gasUsed of each transaction (21000 and calldata included), and prints them beside the EVM floor
 * of the bare operation and the floor of exactly what the project's operation does.
 */
import { execSync } from "node:child_process";
import hre, { network } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";
import { OZReferenceToken__factory, SoladyReferenceToken__factory } from "../types/ethers-contracts/index.js";
import { PERMIT_TYPES } from "../src/sdk/index.js";
import { deployForBench } from "./deploy.js";
import { median } from "./stats.js";
import {
  COLD_CALL,
  COLD_SLOAD,
  ECRECOVER,
  INTRINSIC,
  NEW_SLOT,
  UPDATE_SLOT,
  calldataCost,
  describe,
  floor,
  logCost,
  transferLog,
  type Floor,
  type FloorItem,
} from "./floors.js";

const { ethers } = await network.getOrCreate();
const signers = await ethers.getSigners();
const signer = (i: number) => {
  const s = signers[i];
  if (s === undefined) throw new Error(`the benchmark needs account #${i}`);
  return s;
};
const deployer = signer(0);
const admin = signer(1);
const issuer = signer(2);
const staff = signer(3);
const buyer = signer(4);
const holder = signer(5);
const RUNS = 5;
const AMOUNT = 100n;

// ------------------------------------------------------------------ set-up

const { token, mall, forwarder } = await deployForBench({ deployer, admin, issuer, staff });
const oz = await new OZReferenceToken__factory(deployer).deploy(await forwarder.getAddress());
const solady = await new SoladyReferenceToken__factory(deployer).deploy();

let fresh = 0;
/** An address no contract has seen, with realistic (mostly non-zero) bytes. */
function freshAddress(): string {
  fresh += 1;
  return ethers.getAddress(ethers.dataSlice(ethers.keccak256(ethers.toBeHex(fresh, 32)), 12));
}
let refs = 0;
const nextRef = () => ethers.keccak256(ethers.toBeHex(++refs, 32));

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<{ gas: number; data: string }> {
  const sent = await tx;
  const receipt = await sent.wait();
  if (receipt === null || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return { gas: Number(receipt.gasUsed), data: sent.data };
}

/** Runs `op` RUNS times; the median gas, and the calldata of the last run. */
async function measure(op: () => Promise<ContractTransactionResponse>): Promise<{ gas: number; data: string }> {
  const runs: number[] = [];
  let data = "0x";
  for (let i = 0; i < RUNS; i++) {
    const r = await gasOf(op());
    runs.push(r.gas);
    data = r.data;
  }
  return { gas: median(runs), data };
}

// Balances to move: the buyer and a holder on every token.
await (await token.issue(buyer.address, 10n ** 12n, nextRef())).wait();
await (await token.issue(holder.address, 1n, nextRef())).wait();
for (const t of [oz, solady]) {
  await (await t.mint(buyer.address, 10n ** 12n)).wait();
  await (await t.mint(holder.address, 1n)).wait();
}

// ------------------------------------------------------------------ rows

interface Row {
  op: string;
  project: number;
  oz?: number;
  solady?: number;
  /** The floor of the bare operation, as the gas issue gives it. */
  bare?: number;
  own: Floor;
  ozOwn?: Floor;
  /** A batch: gas per recipient. */
  perRecipient?: number;
}
const rows: Row[] = [];
const base = (data: string): FloorItem[] => [
  { what: "intrinsic", gas: INTRINSIC },
  { what: "calldata", gas: calldataCost(data) },
];

// transfer
for (const fresh_ of [false, true]) {
  const to = () => (fresh_ ? freshAddress() : holder.address);
  const p = await measure(() => token.connect(buyer).transfer(to(), AMOUNT));
  const o = await measure(() => oz.connect(buyer).transfer(to(), AMOUNT));
  const s = await measure(() => solady.connect(buyer).transfer(to(), AMOUNT));
  const recipient = fresh_ ? { what: "new balance", gas: NEW_SLOT } : { what: "balance", gas: UPDATE_SLOT };
  rows.push({
    op: fresh_ ? "transfer to a fresh address" : "transfer to a holder",
    project: p.gas,
    oz: o.gas,
    solady: s.gas,
    bare: fresh_ ? 50_476 : 33_388,
    own: floor([
      ...base(p.data),
      { what: "paused flag", gas: COLD_SLOAD },
      { what: "balance", gas: UPDATE_SLOT },
      recipient,
      transferLog,
    ]),
    ozOwn: floor([...base(o.data), { what: "balance", gas: UPDATE_SLOT }, recipient, transferLog]),
  });
}

// issue to a fresh address
{
  const p = await measure(() => token.issue(freshAddress(), AMOUNT, nextRef()));
  const o = await measure(() => oz.mint(freshAddress(), AMOUNT));
  const s = await measure(() => solady.mint(freshAddress(), AMOUNT));
  rows.push({
    op: "issue (mint) to a fresh address",
    project: p.gas,
    oz: o.gas,
    solady: s.gas,
    bare: 50_500,
    own: floor([
      ...base(p.data),
      { what: "issuer role+quota", gas: UPDATE_SLOT },
      { what: "supply+paused", gas: UPDATE_SLOT },
      { what: "new balance", gas: NEW_SLOT },
      transferLog,
      { what: "Issued log", gas: logCost(4, 32) },
    ]),
    ozOwn: floor([
      ...base(o.data),
      { what: "role", gas: COLD_SLOAD },
      { what: "paused", gas: COLD_SLOAD },
      { what: "supply", gas: UPDATE_SLOT },
      { what: "new balance", gas: NEW_SLOT },
      transferLog,
    ]),
  });
}

// batch issuance
for (const n of [1, 10, 100, 500]) {
  for (const existing of [false, true]) {
    const recipients = Array.from({ length: n }, () => freshAddress());
    const amounts = recipients.map(() => AMOUNT);
    const ozRecipients = Array.from({ length: n }, () => freshAddress());
    const slRecipients = Array.from({ length: n }, () => freshAddress());
    if (existing) {
      await (await token.issueBatch(recipients, amounts, nextRef())).wait();
      await (await oz.mintBatch(ozRecipients, amounts)).wait();
      await (await solady.mintBatch(slRecipients, amounts)).wait();
    }
    const p = await gasOf(token.issueBatch(recipients, amounts, nextRef()));
    const o = await gasOf(oz.mintBatch(ozRecipients, amounts));
    const s = await gasOf(solady.mintBatch(slRecipients, amounts));
    const balance = existing ? { what: "balance", gas: UPDATE_SLOT, times: n } : { what: "new balance", gas: NEW_SLOT, times: n };
    rows.push({
      op: `batch issue, ${n} ${existing ? "holders" : "fresh"}`,
      project: Math.round(p.gas / n),
      oz: Math.round(o.gas / n),
      solady: Math.round(s.gas / n),
      bare: existing ? 7_324 : 24_424,
      perRecipient: n,
      own: floor([
        ...base(p.data),
        { what: "issuer role+quota", gas: UPDATE_SLOT },
        { what: "batch ref", gas: NEW_SLOT },
        { what: "supply+paused", gas: UPDATE_SLOT },
        balance,
        { ...transferLog, times: n },
        { what: "BatchIssued log", gas: logCost(3, 64) },
      ]),
      ozOwn: floor([
        ...base(o.data),
        { what: "role", gas: COLD_SLOAD },
        { what: "paused", gas: COLD_SLOAD },
        { what: "supply", gas: UPDATE_SLOT },
        balance,
        { ...transferLog, times: n },
      ]),
    });
  }
}

// permit, first and later
{
  const owners = {
    project: ethers.Wallet.createRandom(),
    oz: ethers.Wallet.createRandom(),
    solady: ethers.Wallet.createRandom(),
  };
  const { chainId } = await ethers.provider.getNetwork();
  const deadline = 2n ** 40n;
  async function permitGas(
    contract: typeof token | typeof oz | typeof solady,
    owner: { address: string; signTypedData: Signer["signTypedData"] },
    tokenName: string,
    value: bigint,
  ) {
    const domain = { name: tokenName, version: "1", chainId, verifyingContract: await contract.getAddress() };
    const nonce = await contract.nonces(owner.address);
    const sig = ethers.Signature.from(
      await owner.signTypedData(domain, PERMIT_TYPES, { owner: owner.address, spender: holder.address, value, nonce, deadline }),
    );
    return gasOf(contract.connect(deployer).permit(owner.address, holder.address, value, deadline, sig.v, sig.r, sig.s));
  }
  for (const later of [false, true]) {
    const value = later ? 200n : 100n;
    const p = await permitGas(token, owners.project, "Mall Points", value);
    const o = await permitGas(oz, owners.oz, "OZ Reference", value);
    const s = await permitGas(solady, owners.solady, "Solady Reference", value);
    const slot = later ? UPDATE_SLOT : NEW_SLOT;
    const items = (data: string): FloorItem[] => [
      ...base(data),
      { what: "nonce", gas: slot },
      { what: "allowance", gas: slot },
      { what: "ecrecover", gas: ECRECOVER },
      { what: "Approval log", gas: logCost(3, 32) },
    ];
    rows.push({
      op: later ? "permit, later" : "permit, first",
      project: p.gas,
      oz: o.gas,
      solady: s.gas,
      bare: later ? 38_286 : 72_474,
      own: floor(items(p.data)),
      ozOwn: floor(items(o.data)),
    });
  }
}

// redeem, fulfil, cancel (steady state: the mall has burned before, orders exist)
{
  await (await mall.createCategory(1, "Bench")).wait();
  await (
    await mall.createSku({
      categoryId: 1,
      price: AMOUNT,
      stock: 1_000_000n,
      unlimited: false,
      perWalletLimit: 0n,
      saleStart: 0n,
      saleEnd: 0n,
      active: true,
      metadataURI: "",
    })
  ).wait();
  await (await solady.setStock(1, 1_000_000n)).wait();
  await (await mall.connect(buyer).redeem(1, 1, AMOUNT)).wait();
  await (await solady.connect(buyer).redeemLike(1, AMOUNT)).wait();

  const p = await measure(() => mall.connect(buyer).redeem(1, 1, AMOUNT));
  const s = await measure(() => solady.connect(buyer).redeemLike(1, AMOUNT));
  rows.push({
    op: "redeem (with order record)",
    project: p.gas,
    solady: s.gas,
    bare: 38_160 + NEW_SLOT + COLD_CALL,
    own: floor([
      ...base(p.data),
      { what: "SKU", gas: UPDATE_SLOT },
      { what: "order counter", gas: UPDATE_SLOT },
      { what: "new order", gas: NEW_SLOT },
      { what: "OrderPlaced log", gas: logCost(4, 96) },
      { what: "call token", gas: COLD_CALL },
      { what: "burner role+refundable", gas: UPDATE_SLOT },
      { what: "supply+paused", gas: UPDATE_SLOT },
      { what: "balance", gas: UPDATE_SLOT },
      transferLog,
      { what: "Burned log", gas: logCost(4, 32) },
    ]),
  });

  const [, , , orders] = await mall.counts();
  let next = Number(orders) - RUNS + 1;
  const f = await measure(() => mall.fulfil(next++, ethers.encodeBytes32String("DHL-1234")));
  rows.push({
    op: "fulfil",
    project: f.gas,
    own: floor([
      ...base(f.data),
      { what: "order", gas: UPDATE_SLOT },
      { what: "SKU (merchant)", gas: COLD_SLOAD },
      { what: "role", gas: COLD_SLOAD },
      { what: "OrderFulfilled log", gas: logCost(3, 32) },
      { what: "call token", gas: COLD_CALL },
      { what: "burner role+refundable", gas: UPDATE_SLOT },
      { what: "supply+reserve", gas: UPDATE_SLOT },
      { what: "BurnFinalized log", gas: logCost(3, 32) },
    ]),
  });

  for (let i = 0; i < RUNS; i++) await (await mall.connect(buyer).redeem(1, 1, AMOUNT)).wait();
  next = Number((await mall.counts())[3]) - RUNS + 1;
  const c = await measure(() => mall.cancel(next++, ethers.encodeBytes32String("out of stock")));
  rows.push({
    op: "cancel with refund",
    project: c.gas,
    own: floor([
      ...base(c.data),
      { what: "order", gas: UPDATE_SLOT },
      { what: "SKU", gas: UPDATE_SLOT },
      { what: "role", gas: COLD_SLOAD },
      { what: "wallet count", gas: COLD_SLOAD },
      { what: "OrderCancelled log", gas: logCost(3, 64) },
      { what: "call token", gas: COLD_CALL },
      { what: "burner role+refundable", gas: UPDATE_SLOT },
      { what: "supply+paused", gas: UPDATE_SLOT },
      { what: "balance", gas: UPDATE_SLOT },
      transferLog,
      { what: "Refunded log", gas: logCost(4, 32) },
    ]),
  });

  // A cart: one order, one burn, a line per SKU (distinct SKUs, as a cart requires).
  for (let i = 0; i < 5; i++) {
    await (
      await mall.createSku({ categoryId: 1, price: AMOUNT, stock: 1_000_000n, unlimited: false, perWalletLimit: 0n, saleStart: 0n, saleEnd: 0n, active: true, metadataURI: "" })
    ).wait();
  }
  const firstCartSku = Number((await mall.counts())[2]) - 4;
  const cart = (n: number) => Array.from({ length: n }, (_, i) => ({ skuId: firstCartSku + i, qty: 1, maxPricePerUnit: AMOUNT }));
  await (await mall.connect(buyer).redeemCart(cart(5))).wait(); // every SKU slot written once before
  for (const n of [1, 2, 5]) {
    const m = await measure(() => mall.connect(buyer).redeemCart(cart(n)));
    const lines = (what: string, gas: number): FloorItem => ({ what, gas, times: n });
    rows.push({
      op: `redeem cart, ${n} line${n === 1 ? "" : "s"}`,
      project: m.gas,
      own: floor([
        ...base(m.data),
        lines("SKU", UPDATE_SLOT),
        { what: "order counter", gas: UPDATE_SLOT },
        { what: "new order", gas: NEW_SLOT },
        { what: "new line slots (2 lines a slot)", gas: NEW_SLOT, times: Math.ceil(n / 2) },
        lines("OrderPlaced log", logCost(4, 96)),
        { what: "call token", gas: COLD_CALL },
        { what: "burner role+refundable", gas: UPDATE_SLOT },
        { what: "supply+paused", gas: UPDATE_SLOT },
        { what: "balance", gas: UPDATE_SLOT },
        transferLog,
        { what: "Burned log", gas: logCost(4, 32) },
      ]),
    });
  }
}

// voucher claims (EIP-712 earn vouchers): the first id of a bitmap word, then the next ids
{
  const { signVoucher, connectPoints } = await import("../src/sdk/index.js");
  const issuerClient = connectPoints(issuer, { token: await token.getAddress(), mall: await mall.getAddress() });
  let nextId = 1_000n * 256n; // a fresh word of the issuer's bitmap
  const claimGas = async (recipient: string) => {
    const v = await signVoucher(issuerClient, { recipient, amount: AMOUNT, ref: "till-1", expiry: 2n ** 40n, id: nextId++ });
    return gasOf(token.connect(buyer).claim(v.voucher, v.signature));
  };
  const first = await claimGas(freshAddress());
  const runs: number[] = [];
  let data = "0x";
  for (let i = 0; i < RUNS; i++) {
    const r = await claimGas(freshAddress());
    runs.push(r.gas);
    data = r.data;
  }
  const existing: number[] = [];
  for (let i = 0; i < RUNS; i++) existing.push((await claimGas(holder.address)).gas);
  const items = (d: string, bitmap: FloorItem, balance: FloorItem): FloorItem[] => [
    ...base(d),
    { what: "ecrecover", gas: ECRECOVER },
    { what: "issuer generation", gas: COLD_SLOAD },
    bitmap,
    { what: "issuer role+quota", gas: UPDATE_SLOT },
    { what: "supply+paused", gas: UPDATE_SLOT },
    balance,
    transferLog,
    { what: "Issued log", gas: logCost(4, 32) },
  ];
  rows.push({ op: "voucher claim, new bitmap word", project: first.gas, bare: 77_400, own: floor(items(first.data, { what: "new bitmap word", gas: NEW_SLOT }, { what: "new balance", gas: NEW_SLOT })) });
  rows.push({ op: "voucher claim, fresh recipient", project: median(runs), bare: 77_400, own: floor(items(data, { what: "bitmap word", gas: UPDATE_SLOT }, { what: "new balance", gas: NEW_SLOT })) });
  rows.push({ op: "voucher claim, holder", project: median(existing), bare: 60_300, own: floor(items(data, { what: "bitmap word", gas: UPDATE_SLOT }, { what: "balance", gas: UPDATE_SLOT })) });
}

// expiring points (ExpiringPointsToken, ERC-7818): epochs of a day, valid 4 epochs
const EPOCH = 86_400;
const expiringRows: Row[] = [];
{
  const { expiringToken: exp } = await deployForBench({ deployer, admin, issuer, staff }, { epochSeconds: BigInt(EPOCH), validityEpochs: 4n });
  const senders = [6, 7, 8, 9, 10].map(signer);
  // Points in each of the 4 unexpired epochs, for the buyer, the holder and each sender.
  for (let e = 0; e < 4; e++) {
    await (await exp.issue(buyer.address, 10n ** 9n, nextRef())).wait();
    await (await exp.issue(holder.address, 1n, nextRef())).wait();
    for (const x of senders) await (await exp.issue(x.address, AMOUNT, nextRef())).wait();
    if (e === 3) break; // the four epochs 0 to 3 are all unexpired now
    await ethers.provider.send("evm_increaseTime", [EPOCH]);
    await ethers.provider.send("evm_mine", []);
  }
  const transferFloor = (data: string): Floor =>
    floor([...base(data), { what: "paused flag", gas: COLD_SLOAD }, { what: "balance", gas: UPDATE_SLOT }, { what: "balance", gas: UPDATE_SLOT }, transferLog]);
  const t = await measure(() => exp.connect(buyer).transfer(holder.address, AMOUNT));
  expiringRows.push({ op: "expiring: transfer to a holder", project: t.gas, own: transferFloor(t.data) });
  // Each sender holds 100 in each of 4 epochs and sends all 400: every bucket is spent.
  const every: number[] = [];
  let everyData = "0x";
  for (const x of senders) {
    const r = await gasOf(exp.connect(x).transfer(holder.address, 4n * AMOUNT));
    every.push(r.gas);
    everyData = r.data;
  }
  expiringRows.push({ op: "expiring: transfer spending 4 epochs", project: median(every), own: transferFloor(everyData) });
  const i = await measure(() => exp.connect(issuer).issue(freshAddress(), AMOUNT, nextRef()));
  expiringRows.push({
    op: "expiring: issue to a fresh address",
    project: i.gas,
    own: floor([
      ...base(i.data),
      { what: "issuer role+quota", gas: UPDATE_SLOT },
      { what: "supply+paused", gas: UPDATE_SLOT },
      { what: "refund reserve", gas: COLD_SLOAD },
      { what: "new balance", gas: NEW_SLOT },
      transferLog,
      { what: "Issued log", gas: logCost(4, 32) },
    ]),
  });
  rows.push(...expiringRows);
}

// ------------------------------------------------------------------ report

const fmt = (n: number | undefined) => (n === undefined ? "-" : n.toLocaleString("en-US"));
const ratio = (a: number, b: number | undefined) => (b === undefined ? "-" : (a / b).toFixed(3));
const perRecipient = (r: Row, total: number) => (r.perRecipient === undefined ? total : Math.round(total / r.perRecipient));
const pad = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");

let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
} catch {
  // not a git checkout
}
console.log(`Gas per transaction, gasUsed incl. 21000 and calldata (batches: per recipient).`);
const compiler = hre.config.solidity.profiles.default?.compilers[0];
const settings = compiler?.settings as { optimizer?: { runs?: number }; evmVersion?: string } | undefined;
console.log(
  `solc ${compiler?.version}, optimizer ${settings?.optimizer?.runs} runs, ${settings?.evmVersion}; ` +
    `median of ${RUNS} runs (batches: one run each); commit ${commit}\n`,
);

const w1 = [32, 9, 12, 8, 8, 13];
console.log(pad(["operation", "project", "OpenZeppelin", "Solady", "floor", "project/floor"], w1));
for (const r of rows) {
  console.log(pad([r.op, fmt(r.project), fmt(r.oz), fmt(r.solady), fmt(r.bare), ratio(r.project, r.bare)], w1));
}

console.log(`\nAgainst the floor of exactly what each operation does (its own floor):\n`);
const w2 = [32, 9, 9, 11, 9, 11];
console.log(pad(["operation", "own floor", "project", "project/own", "overhead", "OZ overhead"], w2));
for (const r of rows) {
  const own = perRecipient(r, r.own.total);
  const ozOverhead = r.oz === undefined || r.ozOwn === undefined ? undefined : r.oz - perRecipient(r, r.ozOwn.total);
  console.log(pad([r.op, fmt(own), fmt(r.project), ratio(r.project, own), fmt(r.project - own), fmt(ozOverhead)], w2));
}

console.log(`\nOwn floors (whole transaction):`);
for (const r of rows) console.log(`  ${r.op}: ${describe(r.own)}`);

// Goals from the gas issue.
const row = (op: string) => rows.find((r) => r.op === op)!;
const own = (r: Row) => perRecipient(r, r.own.total);
const goals: [string, boolean, string][] = [
  ["transfer within 2% of its own floor", [row("transfer to a holder"), row("transfer to a fresh address")].every((r) => r.project <= own(r) * 1.02), ""],
  ["issue within 5% of its own floor", row("issue (mint) to a fresh address").project <= own(row("issue (mint) to a fresh address")) * 1.05, ""],
  // At 100 recipients the batch's own floor is already 24,926 (calldata and the batch reference
  // spread over fewer recipients); bulk issuance sends batches of hundreds.
  ["batch issue per fresh recipient <= 25,000 (500 recipients)", row("batch issue, 500 fresh").project <= 25_000, ""],
  ["redeem within 5% of its own floor", row("redeem (with order record)").project <= own(row("redeem (with order record)")) * 1.05, ""],
  ["cancel with refund within 5% of its own floor", row("cancel with refund").project <= own(row("cancel with refund")) * 1.05, ""],
  // Per extra line over a 5-line cart. A 2-line cart alone costs more than 30,000 above a redeem:
  // its second line opens the order's first line slot (22,100), and with its SKU (5,000), its log
  // (2,643) and its calldata that is already 30,163 at the floor; lines 3 to 5 share slots.
  [
    `a cart's extra line <= 30,000 above a single redeem, over 5 lines (${fmt(Math.round((row("redeem cart, 5 lines").project - row("redeem (with order record)").project) / 4))} a line; 2 lines: ${fmt(row("redeem cart, 2 lines").project - row("redeem (with order record)").project)})`,
    (row("redeem cart, 5 lines").project - row("redeem (with order record)").project) / 4 <= 30_000,
    "",
  ],
  [
    "expiring transfer to a holder and expiring issue within 5% of their own floors",
    [row("expiring: transfer to a holder"), row("expiring: issue to a fresh address")].every((r) => r.project <= own(r) * 1.05),
    "",
  ],
  ["expiring transfer to a holder <= 38,000", row("expiring: transfer to a holder").project <= 38_000, ""],
  ["expiring transfer spending every unexpired epoch <= 45,000", row("expiring: transfer spending 4 epochs").project <= 45_000, ""],
  [
    "no operation's overhead above OpenZeppelin's for the same work",
    rows.every((r) => r.oz === undefined || r.ozOwn === undefined || r.project - own(r) <= r.oz - perRecipient(r, r.ozOwn.total)),
    "",
  ],
];
const voucherRows = rows.filter((r) => r.op.startsWith("voucher claim"));
console.log(`\nVoucher claims against Uniswap's merkle-distributor claim (78,600 on average, quoted in the gas issue):`);
for (const r of voucherRows) console.log(`  ${r.op}: ${fmt(r.project)} (${ratio(r.project, 78_600)} of it)`);

// Relayed (ERC-2771): the same calls as a signed request that a relayer submits to PointsForwarder.
// Steady state: the customer's forwarder nonce was used before (its first request writes a new slot).
{
  const { signForwardRequest } = await import("../src/sdk/index.js");
  const forwarderAddress = await forwarder.getAddress();
  const relayed = async (to: string, data: string) => {
    const request = await signForwardRequest(buyer, { forwarder: forwarderAddress, to, data });
    return forwarder.connect(admin).execute(request);
  };
  const tokenAddress = await token.getAddress();
  const mallAddress = await mall.getAddress();
  const transferData = token.interface.encodeFunctionData("transfer", [holder.address, AMOUNT]);
  const redeemData = mall.interface.encodeFunctionData("redeem", [1, 1, AMOUNT]);
  await gasOf(relayed(tokenAddress, transferData)); // the nonce's first use
  const relayedRows: [string, number, number][] = [
    ["transfer to a holder", row("transfer to a holder").project, (await measure(() => relayed(tokenAddress, transferData))).gas],
    ["redeem (with order record)", row("redeem (with order record)").project, (await measure(() => relayed(mallAddress, redeemData))).gas],
  ];
  console.log(`\nRelayed through PointsForwarder (gas the relayer pays; the customer pays none):`);
  const w3 = [30, 10, 10, 10, 8];
  console.log(pad(["operation", "direct", "relayed", "extra", "ratio"], w3));
  for (const [op, direct, viaForwarder] of relayedRows) {
    console.log(pad([op, fmt(direct), fmt(viaForwarder), fmt(viaForwarder - direct), ratio(viaForwarder, direct)], w3));
  }
}

console.log(`\nGoals:`);
for (const [what, met] of goals) console.log(`  ${met ? "met   " : "missed"}  ${what}`);
