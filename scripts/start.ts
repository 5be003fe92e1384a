/**
 * `npm start`: the whole local system in one command. Starts a Hardhat node on 127.0.0.1, deploys
 * with the Ignition module and ignition/parameters/local.json, seeds the demo catalog and balances,
 * starts the relay that pays customers' gas, serves the mall, prints what MetaMask needs, and runs
 * until Ctrl-C.
 *
 * POINTS_PORT (default 8545), POINTS_WEB_PORT (8080), POINTS_RELAY_PORT (8090) and
 * POINTS_DEPLOYMENT_ID (default "local") let a second instance, such as the end-to-end test, run
 * beside the first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { JsonRpcProvider, formatEther } from "ethers";
import { skuName } from "../src/sdk/index.js";
import { PointsMall__factory, PointsToken__factory } from "../types/ethers-contracts/index.js";
import { RELAYED_SUMMARY, startRelay } from "../src/relay/index.js";
import { demoAccounts, demoCategories, demoGaslessCustomer, demoWallet } from "./lib/demo.js";
import { localDeploymentId, projectRoot, readDeployment } from "./lib/deployment.js";
import { runNode } from "./lib/processes.js";

const host = "127.0.0.1";
const port = Number(process.env.POINTS_PORT ?? "8545");
const rpcUrl = `http://${host}:${port}`;
const webPort = Number(process.env.POINTS_WEB_PORT ?? "8080");
const relayPort = Number(process.env.POINTS_RELAY_PORT ?? "8090");
const webRoot = path.join(projectRoot, "web", "dist");
const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};
const stateDir = path.join(projectRoot, ".points");
const hardhatCli = path.join(projectRoot, "node_modules", "hardhat", "dist", "src", "cli.js");

class StartError extends Error {}

function step(n: number, text: string): void {
  console.log(`[${n}/4] ${text}`);
}

async function portIsFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(p, host, () => server.close(() => resolve(true)));
  });
}

/** Runs a Hardhat task to completion; its output goes into the error if it fails. */
async function hardhat(args: string[]): Promise<void> {
  const { code, output } = await runNode([hardhatCli, ...args], {
    POINTS_PORT: String(port),
    POINTS_DEPLOYMENT_ID: localDeploymentId,
  });
  if (code !== 0) throw new StartError(`\`hardhat ${args.join(" ")}\` failed (exit ${code}):\n${output.trim()}`);
}

async function waitForChain(node: ChildProcess, provider: JsonRpcProvider): Promise<bigint> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new StartError(`the local chain exited (code ${node.exitCode}); see .points/node.log`);
    try {
      return (await provider.getNetwork()).chainId;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new StartError(`the local chain did not answer on ${rpcUrl} within 60 s; see .points/node.log`);
}

/** Serves the built mall (web/dist) and /config.json, which tells the page its chain and contracts. */
function serveWeb(config: object): http.Server {
  return http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname === "/config.json") {
        response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify(config));
        return;
      }
      const file = path.normalize(path.join(webRoot, url.pathname === "/" ? "index.html" : url.pathname));
      if (!file.startsWith(webRoot)) {
        response.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        response.writeHead(200, { "content-type": contentTypes[path.extname(file)] ?? "application/octet-stream" });
        response.end(body);
      } catch {
        // The app routes in the page: unknown paths get the page.
        response.writeHead(200, { "content-type": contentTypes[".html"] });
        response.end(await readFile(path.join(webRoot, "index.html")));
      }
    })();
  });
}

async function main(): Promise<void> {
  console.log("Points Mall: local system\n");
  for (const [p, what] of [
    [webPort, "POINTS_WEB_PORT=8081"],
    [relayPort, "POINTS_RELAY_PORT=8091"],
  ] as const) {
    if (!(await portIsFree(p))) throw new StartError(`port ${p} on ${host} is in use: stop what runs there, or run with ${what}.`);
  }
  if (!(await portIsFree(port))) {
    throw new StartError(
      `port ${port} on ${host} is in use: is another \`npm start\` running? Stop it, or run with POINTS_PORT=8546.`,
    );
  }
  await mkdir(stateDir, { recursive: true });

  step(1, `starting a local chain on ${rpcUrl} (log: .points/node.log)`);
  const nodeLog = createWriteStream(path.join(stateDir, "node.log"));
  const node = spawn(process.execPath, [hardhatCli, "node", "--hostname", host, "--port", String(port)], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  node.stdout.pipe(nodeLog);
  node.stderr.pipe(nodeLog);
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping the local chain");
    node.once("exit", () => process.exit(code));
    node.kill("SIGTERM");
    setTimeout(() => process.exit(code), 5_000).unref();
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  node.on("exit", (code) => {
    if (!stopping) {
      console.error(`the local chain exited unexpectedly (code ${code}); see .points/node.log`);
      process.exit(1);
    }
  });

  try {
    const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
    const chainId = await waitForChain(node, provider);

    step(2, "deploying with Ignition: ignition/modules/PointsSystem.ts, ignition/parameters/local.json");
    await hardhat(
      [
        "ignition",
        "deploy",
        "ignition/modules/PointsSystem.ts",
        "--network",
        "localhost",
        "--parameters",
        "ignition/parameters/local.json",
        "--deployment-id",
        localDeploymentId,
        // The build the tests use, already compiled by `npm start`; the "production" profile
        // (isolated builds, for verification on a public chain) would compile everything again.
        "--build-profile",
        "default",
      ],
    );
    const addresses = await readDeployment(localDeploymentId);

    step(3, "seeding the demo catalog and balances (scripts/seed.ts)");
    await hardhat(["run", "scripts/seed.ts", "--network", "localhost"]);

    const token = PointsToken__factory.connect(addresses.token, provider);
    const mall = PointsMall__factory.connect(addresses.mall, provider);
    const customer = demoWallet(demoAccounts.customer);
    const gasless = demoWallet(demoGaslessCustomer.index);
    const [symbol, points, eth, skus] = await Promise.all([
      token.symbol(),
      token.balanceOf(customer.address),
      provider.getBalance(customer.address),
      mall.listSkus(1, 100),
    ]);

    // The relay pays the gas of customers with no native coin (ERC-2771, PointsForwarder).
    const relayer = demoWallet(demoAccounts.relayer).connect(new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 }));
    const relay = await startRelay(
      {
        signer: relayer,
        forwarder: addresses.forwarder,
        token: addresses.token,
        mall: addresses.mall,
        rateLimit: { requests: 10, windowSeconds: 60 },
        spendCap: { wei: 10n ** 16n, windowSeconds: 86_400 },
        allowOrigins: [`http://${host}:${webPort}`, `http://localhost:${webPort}`],
        log: () => undefined,
      },
      relayPort,
      host,
    );
    process.on("exit", () => relay.server.close());

    await writeFile(
      path.join(stateDir, `${localDeploymentId}.json`),
      JSON.stringify({ rpcUrl, chainId: Number(chainId), deploymentId: localDeploymentId, relayUrl: relay.url, ...addresses }, null, 2),
    );

    const web = serveWeb({
      rpcUrl,
      chainId: Number(chainId),
      token: addresses.token,
      mall: addresses.mall,
      symbol,
      relayUrl: relay.url,
    });
    await new Promise<void>((resolve) => web.listen(webPort, host, resolve));
    process.on("exit", () => web.close());

    step(4, "ready\n");
    console.log(`  Mall and merchant console  http://${host}:${webPort}/`);
    console.log(`  RPC URL         ${rpcUrl}`);
    console.log(`  Chain id        ${chainId}`);
    console.log(`  Points token    ${addresses.token}  (${symbol}, 0 decimals)`);
    console.log(`  Points mall     ${addresses.mall}`);
    console.log(`  Demo customer   ${customer.address}`);
    console.log(`    private key   ${customer.privateKey}`);
    console.log(`    holds         ${points} ${symbol} and ${formatEther(eth)} ETH for gas`);
    console.log(`  Gasless customer ${gasless.address}`);
    console.log(`    private key   ${gasless.privateKey}`);
    console.log(`    holds         ${demoGaslessCustomer.points} ${symbol} and 0 ETH: the relay pays its gas`);
    console.log(`  Relay           ${relay.url}  (relayer ${relayer.address})`);
    console.log(`    pays for      ${RELAYED_SUMMARY}`);
    console.log("    per address   one request at a time, 10 a minute, 0.01 ETH of gas a day\n");
    console.log("  MetaMask: Settings > Networks > Add a network manually: the RPC URL and chain id above,");
    console.log("  currency ETH. Then Import account with the private key, and Import tokens with the");
    console.log("  token address. This key is a public test key: never send it anything of value.\n");
    console.log("  Demo catalog (merchant 1, Demo Store):");
    console.log("    sku  name               category          price  stock      limit");
    for (const s of skus) {
      const stock = s.unlimited ? "unlimited" : String(s.stock);
      const limit = s.perWalletLimit === 0n ? "-" : `${s.perWalletLimit}/wallet`;
      const category = demoCategories[Number(s.categoryId) - 1] ?? String(s.categoryId);
      console.log(
        `    ${String(s.id).padStart(3)}  ${(skuName(s.metadataURI) ?? s.metadataURI).padEnd(17)}  ${category.padEnd(16)}  ${String(s.price).padStart(5)}  ${stock.padEnd(9)}  ${limit}`,
      );
    }
    console.log(`\n  Connection details: .points/${localDeploymentId}.json`);
    console.log("\nPoints Mall is running. Press Ctrl-C to stop.");
  } catch (error) {
    console.error(error instanceof StartError ? `error: ${error.message}` : error);
    stop(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof StartError ? `error: ${error.message}` : error);
  process.exit(1);
});
