/**
 * Relay benchmark: `npm run bench:relay`.
 *
 * A relay (src/relay) from a local key on Hardhat's in-process chain, and customers with points and
 * no native coin. First one customer's ten requests signed at once (they share a forwarder nonce:
 * one can go out), then 1, 10 and 50 customers at once, each sending transfers one after another.
 * Prints what was sent and refused, wall time and requests per second (the customers' signing
 * included), and the relay's answer time for the requests it sent (POST to answer, the receipt
 * included).
 */
import { performance } from "node:perf_hooks";
import { network } from "hardhat";
import { Wallet, encodeBytes32String, parseEther } from "ethers";
import { startRelay } from "../src/relay/index.js";
import { jsonWithBigints, signForwardRequest, type ForwardRequest } from "../src/sdk/index.js";
import { deployForBench } from "./deploy.js";
import { median } from "./stats.js";

const { ethers } = await network.getOrCreate();
const [deployer, admin, issuer, staff, funder] = await ethers.getSigners();
if (deployer === undefined || admin === undefined || issuer === undefined || staff === undefined || funder === undefined) throw new Error("needs 5 accounts");
const { token, mall, forwarder } = await deployForBench({ deployer, admin, issuer, staff });
const addresses = { token: await token.getAddress(), mall: await mall.getAddress(), forwarder: await forwarder.getAddress() };
const relayer = Wallet.createRandom().connect(ethers.provider);
await funder.sendTransaction({ to: relayer.address, value: parseEther("100") });
const { url, server } = await startRelay(
  {
    signer: relayer,
    ...addresses,
    rateLimit: { requests: 1_000, windowSeconds: 60 },
    spendCap: { wei: parseEther("1"), windowSeconds: 86_400 },
    pollIntervalMs: 20,
    log: () => undefined,
  },
  0,
);

async function customers(n: number): Promise<Wallet[]> {
  const wallets = Array.from({ length: n }, () => new Wallet(Wallet.createRandom().privateKey, ethers.provider));
  for (const w of wallets) await token.issue(w.address, 1_000n, encodeBytes32String("bench"));
  return wallets;
}

const sign = (w: Wallet): Promise<ForwardRequest> =>
  signForwardRequest(w, { forwarder: addresses.forwarder, to: addresses.token, data: token.interface.encodeFunctionData("transfer", [staff.address, 1n]) });

/** POSTs a request; its status and how long the relay took to answer, in ms. */
async function post(request: ForwardRequest): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/forward`, { method: "POST", headers: { "content-type": "application/json" }, body: jsonWithBigints({ request }) });
  await response.text();
  return { status: response.status, ms: performance.now() - started };
}

interface Row {
  scenario: string;
  requests: number;
  sent: number;
  refused: number;
  failed: number;
  seconds: number;
  ms: number[];
}
const rows: Row[] = [];

function row(scenario: string, answers: { status: number; ms: number }[], seconds: number): void {
  const sent = answers.filter((a) => a.status === 200).length;
  const failed = answers.filter((a) => a.status >= 500).length;
  rows.push({ scenario, requests: answers.length, sent, refused: answers.length - sent - failed, failed, seconds, ms: answers.filter((a) => a.status === 200).map((a) => a.ms) });
}

{
  const [one] = await customers(1);
  const requests = await Promise.all(Array.from({ length: 10 }, () => sign(one!)));
  const started = performance.now();
  const answers = await Promise.all(requests.map(post));
  row("1 customer, 10 signed at once", answers, (performance.now() - started) / 1000);
}

const PER_CUSTOMER = 5;
for (const n of [1, 10, 50]) {
  const wallets = await customers(n);
  const started = performance.now();
  const answers = (
    await Promise.all(
      wallets.map(async (w) => {
        const mine = [];
        for (let i = 0; i < PER_CUSTOMER; i++) mine.push(await post(await sign(w)));
        return mine;
      }),
    )
  ).flat();
  row(n === 1 ? `1 customer, ${PER_CUSTOMER} in turn` : `${n} customers at once, ${PER_CUSTOMER} each in turn`, answers, (performance.now() - started) / 1000);
}
server.close();

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * 0.95) - 1)] ?? 0;
const widths = [40, 9, 6, 8, 7, 8, 7, 11, 9];
const pad = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log("\nRelay on Hardhat's in-process chain (automine), transfers from customers with no coin:");
console.log(pad(["scenario", "requests", "sent", "refused", "5xx", "wall s", "req/s", "median ms", "p95 ms"]));
for (const r of rows) {
  console.log(
    pad([
      r.scenario,
      String(r.requests),
      String(r.sent),
      String(r.refused),
      String(r.failed),
      r.seconds.toFixed(2),
      (r.requests / r.seconds).toFixed(1),
      String(median(r.ms.map(Math.round))),
      String(Math.round(p95(r.ms))),
    ]),
  );
}
