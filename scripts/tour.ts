/**
 * A tour of the running local system (`npm start` first): a customer redeems, the merchant's staff
 * fulfils one order and cancels another, a raised price is refused by the price bound, and the
 * customer's every movement is traced from the events, with the books reconciled.
 *
 *   npm run tour
 */
import { network } from "hardhat";
import { PointsMall__factory, PointsToken__factory } from "../types/ethers-contracts/index.js";
import { demoAccounts } from "./lib/demo.js";
import { localDeploymentId, readDeployment } from "./lib/deployment.js";

const { ethers } = await network.getOrCreate();
const signers = await ethers.getSigners();
const customer = signers[demoAccounts.customer]!;
const staff = signers[demoAccounts.staff]!;
const addresses = await readDeployment(localDeploymentId);
const token = PointsToken__factory.connect(addresses.token, customer);
const mall = PointsMall__factory.connect(addresses.mall, customer);
const symbol = await token.symbol();
const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

/** A bytes32 reference as a person reads it: text, an order number, or hex. */
function readRef(ref: string): string {
  try {
    const text = ethers.decodeBytes32String(ref);
    if (/^[\x20-\x7e]+$/.test(text)) return text;
  } catch {
    // not text
  }
  const n = BigInt(ref);
  return n < 2n ** 64n ? `order #${n}` : ref;
}

const statusName = ["None", "Placed", "Fulfilled", "Cancelled"];

function step(n: number, action: string, result: string): void {
  console.log(`${n}. ${action.padEnd(60)} -> ${result}`);
}

async function redeem(skuId: number, qty: number, maxPrice: bigint): Promise<bigint> {
  const receipt = await (await mall.redeem(skuId, qty, maxPrice)).wait();
  const placed = receipt!.logs
    .map((l) => mall.interface.parseLog(l))
    .find((e) => e?.name === "OrderPlaced");
  return placed!.args.orderId as bigint;
}

console.log(`Tour of the local system (deployment "${localDeploymentId}")`);
console.log(`Customer ${customer.address} holds ${await token.balanceOf(customer.address)} ${symbol}\n`);

const mug = await redeem(4, 1, 600n);
step(1, "redeem 1 x Branded mug (SKU 4), paying at most 600 a unit", `order #${mug}`);
await (await mall.connect(staff).fulfil(mug, ethers.encodeBytes32String("DHL-1234"))).wait();
step(2, `staff fulfils order #${mug}, delivery reference DHL-1234`, statusName[Number((await mall.order(mug)).status)]!);
const pastry = await redeem(3, 2, 80n);
step(3, "redeem 2 x Pastry (SKU 3), paying at most 80 a unit", `order #${pastry}`);
await (await mall.connect(staff).cancel(pastry, ethers.encodeBytes32String("out of stock"))).wait();
step(4, `staff cancels order #${pastry} (out of stock)`, `${(await mall.order(pastry)).pointsPaid} ${symbol} refunded`);
try {
  await mall.redeem.staticCall(4, 1, 500n);
  step(5, "redeem the mug paying at most 500", "unexpected: it sold below its price");
} catch (error) {
  // Hardhat's provider throws the revert data as `data`; the mall's ABI names the error.
  const data = (error as { data?: string }).data ?? "0x";
  const revert = mall.interface.parseError(data);
  const shown = revert === null ? data : `${revert.name}(${revert.args.join(", ")})`;
  step(5, "redeem the mug paying at most 500", `refused: ${shown}`);
}

// Every movement of the customer's points, in chain order, with the running balance.
type Row = { at: [number, number]; what: string; delta: bigint; ref: string };
const rows: Row[] = [];
const pos = (l: { blockNumber: number; index: number }): [number, number] => [l.blockNumber, l.index];
for (const e of await token.queryFilter(token.filters.Transfer(undefined, customer.address), 0)) {
  if (e.args.from === ethers.ZeroAddress) continue; // an issuance or refund: see below
  rows.push({ at: pos(e), what: `received from ${short(e.args.from)}`, delta: e.args.value, ref: "" });
}
for (const e of await token.queryFilter(token.filters.Transfer(customer.address), 0)) {
  if (e.args.to === ethers.ZeroAddress) continue; // a burn: see below
  rows.push({ at: pos(e), what: `sent to ${short(e.args.to)}`, delta: -e.args.value, ref: "" });
}
for (const e of await token.queryFilter(token.filters.Issued(undefined, customer.address), 0)) {
  rows.push({ at: pos(e), what: `issued by ${short(e.args.issuer)}`, delta: e.args.amount, ref: readRef(e.args.ref) });
}
// A batch names its recipients in the Transfer events of its own transaction.
for (const e of await token.queryFilter(token.filters.BatchIssued(), 0)) {
  const receipt = await e.getTransactionReceipt();
  for (const t of receipt.logs) {
    const parsed = token.interface.parseLog(t);
    if (parsed?.name === "Transfer" && parsed.args.from === ethers.ZeroAddress && parsed.args.to === customer.address) {
      const value = parsed.args.value as bigint;
      rows.push({ at: pos(t), what: `issued by ${short(e.args.issuer)} (batch)`, delta: value, ref: readRef(e.args.batchRef) });
    }
  }
}
for (const e of await token.queryFilter(token.filters.Burned(undefined, customer.address), 0)) {
  rows.push({ at: pos(e), what: "redeemed", delta: -e.args.amount, ref: readRef(e.args.ref) });
}
for (const e of await token.queryFilter(token.filters.Refunded(undefined, customer.address), 0)) {
  rows.push({ at: pos(e), what: "refunded", delta: e.args.amount, ref: readRef(e.args.ref) });
}
rows.sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1]);

console.log(`\nHistory of ${customer.address}, from the events:`);
console.log("  block  movement                       points  balance  reference");
let balance = 0n;
for (const r of rows) {
  balance += r.delta;
  const delta = (r.delta > 0n ? "+" : "") + r.delta.toString();
  console.log(`  ${String(r.at[0]).padStart(5)}  ${r.what.padEnd(29)}  ${delta.padStart(6)}  ${balance.toString().padStart(7)}  ${r.ref}`);
}
const onChain = await token.balanceOf(customer.address);
console.log(`  balance on chain: ${onChain} ${symbol} (${onChain === balance ? "matches the history" : "DIFFERS from the history"})`);

// The books: supply = issued - burned + refunded, all from events.
const total = (amounts: bigint[]) => amounts.reduce((acc, x) => acc + x, 0n);
const issued =
  total((await token.queryFilter(token.filters.Issued(), 0)).map((e) => e.args.amount)) +
  total((await token.queryFilter(token.filters.BatchIssued(), 0)).map((e) => e.args.total));
const burned = total((await token.queryFilter(token.filters.Burned(), 0)).map((e) => e.args.amount));
const refunded = total((await token.queryFilter(token.filters.Refunded(), 0)).map((e) => e.args.amount));
const supply = await token.totalSupply();
const books = issued - burned + refunded;
console.log(`\nReconciliation: issued ${issued} - burned ${burned} + refunded ${refunded} = ${books}; totalSupply ${supply}: ${books === supply ? "balanced" : "DIFFERENCE " + (supply - books)}`);
