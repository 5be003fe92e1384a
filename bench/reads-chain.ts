/**
 * The chain history the reads benchmark indexes, built on anvil and cached between runs (anvil
 * --dump-state / --load-state, which keep blocks and logs): bulk issuance in batches of 500 fresh
 * recipients, transfers among 200 regular customers, redemptions, fulfilments and cancellations,
 * many transactions a block. The cache lives in .points/bench/.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Interface, toBeHex, toQuantity } from "ethers";
import { PointsMall__factory, PointsToken__factory } from "../types/ethers-contracts/index.js";
import { projectRoot } from "../scripts/lib/deployment.js";
import { deployOnAnvil, freshAddresses, startAnvil, type Anvil } from "../test/helpers/anvil.js";

export interface BenchChain {
  anvil: Anvil;
  deployment: { token: string; mall: string; forwarder: string; rpcUrl: string; fromBlock: number };
  /** Customers with long histories (transfers, redemptions). */
  regulars: string[];
  events: number;
}

interface Meta {
  version: number;
  deployment: BenchChain["deployment"];
  regulars: string[];
  events: number;
  /** The chain's height when it was built: a load that gives fewer blocks is a broken cache. */
  blocks: number;
}

/** Bump when the history changes, so an old cache is not used. */
const VERSION = 7;
const cacheDir = path.join(projectRoot, ".points", "bench");
// 60M gas a block: four batches of 500, a busy chain but a real one. Only the last 16 blocks' states
// are kept, as on a node that is not an archive (public ones keep 128): anvil keeps a copy of the
// whole state per block otherwise, which at a million holders passes 15 GB. Logs, blocks and
// receipts stay whole; the indexer's chain checks of older ranges are then skipped, as they would be.
const ANVIL_ARGS = ["--gas-limit", "60000000", "--block-base-fee-per-gas", "0", "--auto-impersonate", "--order", "fifo", "--accounts", "10", "--prune-history", "16"];

const token = new Interface(PointsToken__factory.abi);
const mall = new Interface(PointsMall__factory.abi);

/** JSON-RPC calls in batches of 200, one POST each. */
async function rpc(url: string, calls: { method: string; params: unknown[] }[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < calls.length; i += 200) {
    const chunk = calls.slice(i, i + 200);
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(chunk.map((c, j) => ({ jsonrpc: "2.0", id: j, ...c }))) });
    const answers = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
    answers.sort((a, b) => a.id - b.id);
    for (const a of answers) {
      if (a.error !== undefined) throw new Error(`anvil refused: ${a.error.message}`);
      out.push(a.result);
    }
  }
  return out;
}

/** Builds (or loads from the cache) a history of at least `target` events. */
export async function benchChain(target: number, log: (line: string) => void): Promise<BenchChain> {
  mkdirSync(cacheDir, { recursive: true });
  const state = path.join(cacheDir, `anvil-${target}.json`);
  const metaFile = path.join(cacheDir, `anvil-${target}.meta.json`);
  if (existsSync(state) && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as Meta;
    if (meta.version === VERSION) {
      log(`loading the cached chain of ${meta.events.toLocaleString("en-US")} events (${path.relative(projectRoot, state)})`);
      const anvil = await startAnvil({ args: [...ANVIL_ARGS, "--load-state", state] });
      const height = await anvil.provider.getBlockNumber();
      if (height >= meta.blocks) return { anvil, deployment: { ...meta.deployment, rpcUrl: anvil.url }, regulars: meta.regulars, events: meta.events };
      // An anvil stopped before it finished writing its dump loads as a short chain.
      log(`  the cached chain has ${height} blocks, not ${meta.blocks}: building it again`);
      await anvil.stop();
    }
    rmSync(state, { force: true });
    rmSync(metaFile, { force: true });
  }
  log(`building a chain of about ${target.toLocaleString("en-US")} events on anvil (cached in ${path.relative(projectRoot, cacheDir)}/ for the next run)`);
  const started = Date.now();
  const anvil = await startAnvil({ args: [...ANVIL_ARGS, "--dump-state", state] });
  const system = await deployOnAnvil(anvil);
  const [issuer, staff] = [await system.issuer.getAddress(), await system.staff.getAddress()];
  const d = system.deployment;
  const url = anvil.url;
  const nonces = new Map<string, number>();
  const nonce = async (from: string) => {
    if (!nonces.has(from)) nonces.set(from, Number(await anvil.provider.getTransactionCount(from, "pending")));
    const n = nonces.get(from)!;
    nonces.set(from, n + 1);
    return n;
  };
  const tx = async (from: string, to: string, data: string, gas: number) => ({ method: "eth_sendTransaction", params: [{ from, to, data, gas: toQuantity(gas), gasPrice: "0x0", nonce: toQuantity(await nonce(from)) }] });

  await rpc(url, [
    await tx(staff, d.mall, mall.encodeFunctionData("createCategory", [1, "Bench"]), 200_000),
    await tx(staff, d.mall, mall.encodeFunctionData("createSku", [{ categoryId: 1, price: 5n, stock: 0n, unlimited: true, perWalletLimit: 0n, saleStart: 0n, saleEnd: 0n, active: true, metadataURI: "" }]), 400_000),
  ]);
  await rpc(url, [{ method: "evm_setAutomine", params: [false] }]);
  const regulars = freshAddresses(200, 77);
  let events = 0;
  let batches = 0;
  let orders = 0;
  const placed: number[] = [];
  // Mines until the pool is empty: a block takes what fits its gas, the rest waits for the next.
  const mine = async () => {
    for (;;) {
      await rpc(url, [{ method: "evm_mine", params: [] }]);
      const [status] = (await rpc(url, [{ method: "txpool_status", params: [] }])) as { pending: string }[];
      if (Number(status!.pending) === 0) return;
    }
  };
  // Rounds of 24 batches (12.4M gas each), then customers' transactions, until the target is
  // reached: the history has at least `target` events, never a few percent short.
  for (let round = 0; events < target; round++) {
    const calls = [];
    for (let i = 0; i < 24 && events < target; i++, batches++) {
      const recipients = batches === 0 ? regulars.concat(freshAddresses(300, 78)) : freshAddresses(500, 1_000 + batches);
      calls.push(await tx(issuer, d.token, token.encodeFunctionData("issueBatch", [recipients, recipients.map((_, j) => BigInt(500 + (j % 100))), toBeHex(batches + 1, 32)]), 14_000_000));
      events += 501;
    }
    await rpc(url, calls);
    await mine();
    // The regulars trade and redeem: about 6% of the events, spread over the history.
    const customer = [];
    for (let i = 0; i < 300 && round > 0; i++) {
      const from = regulars[(round * 300 + i) % regulars.length]!;
      const to = regulars[(round * 7 + i * 13) % regulars.length]!;
      if (i % 10 < 7) {
        customer.push(await tx(from, d.token, token.encodeFunctionData("transfer", [to === from ? regulars[0]! : to, 3n]), 100_000));
        events += 1;
      } else {
        customer.push(await tx(from, d.mall, mall.encodeFunctionData("redeem", [1, 1, 5n]), 200_000));
        placed.push(++orders);
        events += 3;
      }
    }
    for (const id of placed.splice(0, 60)) {
      customer.push(await tx(staff, d.mall, id % 3 === 0 ? mall.encodeFunctionData("cancel", [id, toBeHex(1, 32)]) : mall.encodeFunctionData("fulfil", [id, toBeHex(2, 32)]), 200_000));
      events += id % 3 === 0 ? 3 : 2;
    }
    if (customer.length > 0) {
      await rpc(url, customer);
      await mine();
    }
    if (round % 10 === 0) log(`  ${events.toLocaleString("en-US")} events, ${batches} batches (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await mine();
  await rpc(url, [{ method: "evm_setAutomine", params: [true] }]);
  const logs = Number((await anvil.provider.send("eth_blockNumber", [])) as string);
  log(`  built ${events.toLocaleString("en-US")} events in ${logs} blocks in ${Math.round((Date.now() - started) / 1000)} s`);
  writeFileSync(metaFile, JSON.stringify({ version: VERSION, deployment: { ...d, rpcUrl: url }, regulars, events, blocks: logs } satisfies Meta));
  // The state is dumped when anvil exits on SIGINT: stop it once, then serve the cached chain.
  await anvil.stop("SIGINT");
  return benchChain(target, log);
}
