/**
 * An independent local chain (anvil, from npm) with a Points Mall deployment on it, for the tests
 * that need a node over HTTP: a child indexer to kill, a provider to cap, a chain to restart.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { HDNodeWallet, JsonRpcProvider, NonceManager, Wallet, getAddress, keccak256, toBeHex, type Signer } from "ethers";
import { projectRoot } from "../../scripts/lib/deployment.js";
import { demoWallet } from "../../scripts/lib/demo.js";
import { deployForBench } from "../../bench/deploy.js";
import type { PointsMall, PointsToken } from "../../types/ethers-contracts/index.js";
import { freePort, waitForOutput } from "./processes.js";

// The native binary where its platform package has it: the npm wrapper (.bin/anvil) exits at once
// on a signal, before anvil has written its --dump-state file.
const arch = process.arch === "x64" ? "amd64" : process.arch;
const native = path.join(projectRoot, "node_modules", "@foundry-rs", `anvil-${process.platform}-${arch}`, "bin", "anvil");
const anvilBin = existsSync(native) ? native : path.join(projectRoot, "node_modules", ".bin", "anvil");

/** An independent EVM node (anvil, from npm) on a free port, with the test mnemonic's accounts. */
export interface Anvil {
  url: string;
  port: number;
  chainId: number;
  child: ChildProcess;
  provider: JsonRpcProvider;
  /** Raw JSON-RPC, for anvil's own methods (evm_mine, evm_setAutomine, …). */
  rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  /** Stops it; SIGINT lets anvil write its --dump-state file first (SIGTERM may cut it short). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts anvil on `port` (default: a free one), chain id `chainId` (default 31337), with extra `args`. */
export async function startAnvil(options: { port?: number; chainId?: number; args?: string[] } = {}): Promise<Anvil> {
  const port = options.port ?? (await freePort());
  const chainId = options.chainId ?? 31337;
  const args = options.args ?? [];
  const gas = args.includes("--gas-limit") ? [] : ["--gas-limit", "60000000"];
  const child = spawn(anvilBin, ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), ...gas, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  await waitForOutput(child, /Listening on/, 30_000);
  const url = `http://127.0.0.1:${port}`;
  const provider = new JsonRpcProvider(url, chainId, { staticNetwork: true, cacheTimeout: -1 });
  return {
    url,
    port,
    chainId,
    child,
    provider,
    rpc: (method, params = []) => provider.send(method, params) as Promise<unknown>,
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      provider.destroy();
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
  };
}

export interface AnvilSystem {
  token: PointsToken;
  mall: PointsMall;
  forwarder: string;
  fromBlock: number;
  issuer: Signer;
  staff: Signer;
  /** A deployment file for the CLI (--deployment <file>). */
  deployment: { token: string; mall: string; forwarder: string; rpcUrl: string; fromBlock: number };
}

/** Deploys the system with anvil's funded test accounts (0: deployer, 1: admin, 2: issuer, 3: staff). */
export async function deployOnAnvil(anvil: Anvil): Promise<AnvilSystem> {
  const signer = (i: number) => new NonceManager(new Wallet(demoWallet(i).privateKey, anvil.provider));
  const [deployer, admin, issuer, staff] = [signer(0), signer(1), signer(2), signer(3)];
  const fromBlock = (await anvil.provider.getBlockNumber()) + 1;
  const { token, mall, forwarder } = await deployForBench({ deployer, admin, issuer, staff });
  const addresses = { token: await token.getAddress(), mall: await mall.getAddress(), forwarder: await forwarder.getAddress() };
  return { token, mall, forwarder: addresses.forwarder, fromBlock, issuer, staff, deployment: { ...addresses, rpcUrl: anvil.url, fromBlock } };
}

/** Fresh addresses, deterministic from `seed`. */
export function freshAddresses(n: number, seed: number): string[] {
  return Array.from({ length: n }, (_, i) => getAddress(`0x${keccak256(toBeHex(seed * 1_000_000 + i, 32)).slice(26)}`));
}

/**
 * A history of `batches` batch issuances of `size` fresh recipients each, a category and a SKU,
 * and a few redemptions and transfers by funded accounts: about batches x (size + 1) events.
 */
export async function bulkHistory(system: AnvilSystem, anvil: Anvil, o: { batches: number; size: number; seed?: number }): Promise<void> {
  const { token, mall, issuer, staff } = system;
  await (await mall.connect(staff).createCategory(1, "Mugs")).wait();
  await (await mall.connect(staff).createSku({ categoryId: 1, price: 10n, stock: 1_000n, unlimited: false, perWalletLimit: 0n, saleStart: 0n, saleEnd: 0n, active: true, metadataURI: "" })).wait();
  const customers = [5, 6, 7].map((i) => new NonceManager(new Wallet(demoWallet(i).privateKey, anvil.provider)));
  const addresses = await Promise.all(customers.map((c) => c.getAddress()));
  await (await token.connect(issuer).issueBatch(addresses, addresses.map(() => 1_000n), toBeHex(999_999 + (o.seed ?? 0), 32))).wait();
  for (let b = 0; b < o.batches; b++) {
    const recipients = freshAddresses(o.size, (o.seed ?? 0) * 10_000 + b + 1);
    await (await token.connect(issuer).issueBatch(recipients, recipients.map((_, i) => BigInt(1 + (i % 50))), toBeHex(1 + b + (o.seed ?? 0) * 10_000, 32))).wait();
    const customer = customers[b % customers.length]!;
    if (b % 3 === 0) await (await mall.connect(customer).redeem(1, 1, 10n)).wait();
    else await (await token.connect(customer).transfer(recipients[0]!, 3n)).wait();
  }
}

/** Account `i` of the test mnemonic (funded by anvil). */
export const testAccount = (i: number): HDNodeWallet => demoWallet(i);
