/**
 * A tour of the running local system (`npm start` first), through the SDK: a customer redeems,
 * the merchant's staff fulfils one order and cancels another, a raised price is refused by the
 * price bound, a rule is announced, points wait out a return window and a return cancels part of
 * them, a flash program's points expire, and the customer's every movement is traced from the
 * events, with the books reconciled.
 *
 *   npm run tour
 */
import { network } from "hardhat";
import { ContractRevertError, cancel, connectPoints, fulfil, history, orderStatusName, reconcile, redeem, shortAddress as short } from "../src/sdk/index.js";
import { demoAccounts, demoGaslessCustomer, demoWallet } from "./lib/demo.js";
import { tourMechanics } from "./lib/tourMechanics.js";
import { localDeploymentId, readDeployment, readLocalSystem } from "./lib/deployment.js";

const { ethers } = await network.getOrCreate();
const signers = await ethers.getSigners();
const addresses = await readDeployment(localDeploymentId);
const customerSigner = signers[demoAccounts.customer]!;
const customer = connectPoints(customerSigner, addresses);
const staff = connectPoints(signers[demoAccounts.staff]!, addresses);
const symbol = await customer.token.symbol();

function step(n: number, action: string, result: string): void {
  console.log(`${n}. ${action.padEnd(60)} -> ${result}`);
}

console.log(`Tour of the local system (deployment "${localDeploymentId}")`);
console.log(`Customer ${customerSigner.address} holds ${await customer.token.balanceOf(customerSigner.address)} ${symbol}\n`);

const mug = await redeem(customer, { skuId: 4, qty: 1, maxPricePerUnit: 600n });
step(1, "redeem 1 x Branded mug (SKU 4), paying at most 600 a unit", `order #${mug.orderId}`);
await fulfil(staff, { orderId: mug.orderId, deliveryRef: "DHL-1234" });
step(2, `staff fulfils order #${mug.orderId}, delivery reference DHL-1234`, orderStatusName((await staff.mall.order(mug.orderId)).status));
const pastry = await redeem(customer, { skuId: 3, qty: 2, maxPricePerUnit: 80n });
step(3, "redeem 2 x Pastry (SKU 3), paying at most 80 a unit", `order #${pastry.orderId}`);
await cancel(staff, { orderId: pastry.orderId, reason: "out of stock" });
step(4, `staff cancels order #${pastry.orderId} (out of stock)`, `${pastry.pointsPaid} ${symbol} refunded`);
try {
  await redeem(customer, { skuId: 4, qty: 1, maxPricePerUnit: 500n });
  step(5, "redeem the mug paying at most 500", "unexpected: it sold below its price");
} catch (error) {
  if (!(error instanceof ContractRevertError)) throw error;
  step(5, "redeem the mug paying at most 500", `refused: ${error.errorName}(${Object.values(error.args).join(", ")})`);
}

// A customer with no native coin: the wallet signs, npm start's relay pays the gas.
const { relayUrl } = readLocalSystem(localDeploymentId);
if (relayUrl === undefined) throw new Error(`.points/${localDeploymentId}.json names no relay: start the system with npm start`);
const gaslessSigner = demoWallet(demoGaslessCustomer.index).connect(ethers.provider);
const gasless = connectPoints(gaslessSigner, addresses, { relay: { url: relayUrl, mode: "auto" } });
const relayed = await redeem(gasless, { skuId: 3, qty: 1, maxPricePerUnit: 80n });
const coin = ethers.formatEther(await ethers.provider.getBalance(gaslessSigner.address));
step(6, `gasless customer ${short(gaslessSigner.address)} (0 ETH) redeems 1 x Pastry`, `order #${relayed.orderId}, gas paid by relayer ${short(relayed.receipt.from)}; it holds ${coin} ETH`);

// Program mechanics: a rule announced before it applies, pending points, a return, status and a
// tier, and points that expire.
let mechanicsStep = 7;
await tourMechanics(
  ethers.provider,
  { operator: signers[demoAccounts.operator]!, staff: signers[demoAccounts.staff]!, customer: customerSigner },
  addresses,
  (action, result) => step(mechanicsStep++, action, result),
);

console.log(`\nHistory of ${customerSigner.address}, from the events:`);
console.log("  block  movement                       points  balance  reference");
const moves = await history(customer, customerSigner.address);
for (const m of moves) {
  const what =
    m.kind === "issued"
      ? `issued by ${short(m.counterparty)}${m.batch === true ? " (batch)" : ""}`
      : m.kind === "sent" || m.kind === "received"
        ? `${m.kind} ${m.kind === "sent" ? "to" : "from"} ${short(m.counterparty)}`
        : m.kind;
  const points = (m.points > 0n ? "+" : "") + m.points.toString();
  console.log(`  ${String(m.block).padStart(5)}  ${what.padEnd(29)}  ${points.padStart(6)}  ${m.balance.toString().padStart(7)}  ${m.ref}`);
}
const onChain = await customer.token.balanceOf(customerSigner.address);
const traced = moves.at(-1)?.balance ?? 0n;
console.log(`  balance on chain: ${onChain} ${symbol} (${onChain === traced ? "matches the history" : "DIFFERS from the history"})`);

const books = await reconcile(customer);
const computed = books.issued - books.burned + books.refunded;
console.log(
  `\nReconciliation: issued ${books.issued} - burned ${books.burned} + refunded ${books.refunded} = ${computed}; totalSupply ${books.totalSupply}: ${books.differences.length === 0 ? "balanced" : "DIFFERENCES: " + books.differences.join("; ")}`,
);
