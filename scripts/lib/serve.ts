/**
 * The part of `npm start` after the chain is up (scripts/start.ts loads it while the chain starts):
 * the relay that pays customers' gas, the ledger (indexer and API on the embedded database), the
 * mall's web server, .points/<id>.json, and what to print.
 */
import { createWriteStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { JsonRpcProvider, formatEther } from "ethers";
import { openDatabase, type LedgerDatabase } from "../../src/indexer/database.js";
import { jsonLogger } from "../../src/indexer/log.js";
import { RELAYED_SUMMARY, databaseLimitStores, startRelay } from "../../src/relay/index.js";
import { startLedger } from "../../src/serve/ledger.js";
import { PointsMall__factory, PointsToken__factory, StatusPoints__factory } from "../../types/ethers-contracts/index.js";
import { demoAccounts, demoCategories, demoGaslessCustomer, demoMechanics, demoSkus, demoWallet } from "./demo.js";
import { localDeploymentId, projectRoot, readDeployment } from "./deployment.js";

const webRoot = path.join(projectRoot, "web", "dist");
const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
};

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
        // A missing file (a catalog document, an image) is a 404, so that nothing parses the page as it.
        if (path.extname(url.pathname) !== "") {
          response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
          return;
        }
        // The app routes in the page: other paths (/item/4, /orders/2, /console) get the page.
        response.writeHead(200, { "content-type": contentTypes[".html"] });
        response.end(await readFile(path.join(webRoot, "index.html")));
      }
    })();
  });
}

/** The local deployment's own embedded database: a chain started afresh is a reset, rebuilt. */
export function openLedgerDatabase(stateDir: string): Promise<LedgerDatabase> {
  return openDatabase({ dataDir: path.join(stateDir, "db", localDeploymentId) });
}

export interface ServeOptions {
  host: string;
  rpcUrl: string;
  webPort: number;
  relayPort: number;
  apiPort: number;
  stateDir: string;
  step: (n: number, text: string) => void;
  ledgerDb: Promise<LedgerDatabase>;
}

/** Starts the relay, the ledger and the web server for the deployed chain and prints how to use them. */
export async function serve({ host, rpcUrl, webPort, relayPort, apiPort, stateDir, step, ledgerDb }: ServeOptions): Promise<{ stopLedger: () => Promise<void> }> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  const { chainId } = await provider.getNetwork();
  const addresses = await readDeployment(localDeploymentId);

  const token = PointsToken__factory.connect(addresses.token, provider);
  const mall = PointsMall__factory.connect(addresses.mall, provider);
  const customer = demoWallet(demoAccounts.customer);
  const gasless = demoWallet(demoGaslessCustomer.index);
  const rules = addresses.rules?.[0];
  const status = addresses.status === undefined ? undefined : StatusPoints__factory.connect(addresses.status, provider);
  const [symbol, points, eth, skus, statusSymbol, [thresholds, tierNames]] = await Promise.all([
    token.symbol(),
    token.balanceOf(customer.address),
    provider.getBalance(customer.address),
    mall.listSkus(1, 100),
    status?.symbol() ?? "",
    status?.tiers() ?? [[], []],
  ]);

  // The relay pays the gas of customers with no native coin (ERC-2771, PointsForwarder).
  const relayer = demoWallet(demoAccounts.relayer).connect(new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 }));
  const database = await ledgerDb;
  const rateLimit = { requests: 10, windowSeconds: 60 };
  const spendCap = { wei: 10n ** 16n, windowSeconds: 86_400 };
  const relay = await startRelay(
    {
      signer: relayer,
      forwarder: addresses.forwarder,
      token: addresses.token,
      mall: addresses.mall,
      // The demo's earning rules: a customer with no coin claims a purchase voucher through the relay.
      rules: addresses.rules ?? [],
      rateLimit,
      spendCap,
      // Kept in the ledger's database, as points serve keeps them: a restart does not reset them.
      stores: databaseLimitStores(database.db, rateLimit, spendCap),
      allowOrigins: [`http://${host}:${webPort}`, `http://localhost:${webPort}`],
      log: () => undefined,
    },
    relayPort,
    host,
  );
  process.on("exit", () => relay.server.close());

  // The ledger: the indexer and its API over the embedded database (`points serve` without the rest).
  const ledgerLog = createWriteStream(path.join(stateDir, "ledger.log"), { flags: "a" });
  const ledger = await startLedger({
    database,
    rpcUrl,
    deployment: { token: addresses.token, mall: addresses.mall, forwarder: addresses.forwarder, fromBlock: addresses.fromBlock },
    indexer: { onMismatch: "rebuild" },
    api: { port: apiPort, host, allowOrigins: [`http://${host}:${webPort}`, `http://localhost:${webPort}`] },
    adminTokenFile: path.join(stateDir, `${localDeploymentId}.admin-token`),
    log: jsonLogger({ write: (line) => ledgerLog.write(`${line}\n`) }),
  });
  await ledger.indexer.caughtUp();
  const indexerUrl = ledger.api!.url;

  await writeFile(
    path.join(stateDir, `${localDeploymentId}.json`),
    JSON.stringify({ rpcUrl, chainId: Number(chainId), deploymentId: localDeploymentId, relayUrl: relay.url, indexerUrl, webUrl: `http://${host}:${webPort}`, ...addresses }, null, 2),
  );

  const server = serveWeb({
    rpcUrl,
    chainId: Number(chainId),
    token: addresses.token,
    mall: addresses.mall,
    symbol,
    relayUrl: relay.url,
    indexerUrl,
    fromBlock: addresses.fromBlock,
    rules: addresses.rules,
    status: addresses.status,
  });
  await new Promise<void>((resolve) => server.listen(webPort, host, resolve));
  process.on("exit", () => server.close());

  step(4, "ready\n");
  console.log(`  Mall and merchant console  http://${host}:${webPort}/`);
  console.log(`  RPC URL         ${rpcUrl}`);
  console.log(`  Chain id        ${chainId}`);
  console.log(`  Points token    ${addresses.token}  (${symbol}, 0 decimals)`);
  console.log(`  Points mall     ${addresses.mall}`);
  if (rules !== undefined) {
    const { pointsPerUnit, spendUnit, holdDays } = demoMechanics.rule;
    console.log(`  Earning rules   ${rules}  (merchant 1: ${pointsPerUnit} ${symbol} per ${spendUnit} spent, pending ${holdDays} days)`);
  }
  if (status !== undefined) {
    const tiers = thresholds.map((t, i) => `${tierNames[i + 1]} ${t}`).join(", ");
    console.log(`  Status points   ${addresses.status}  (${statusSymbol}; tiers ${tiers})`);
  }
  console.log(`  Demo customer   ${customer.address}`);
  console.log(`    private key   ${customer.privateKey}`);
  console.log(`    holds         ${points} ${symbol} and ${formatEther(eth)} ETH for gas`);
  console.log(`  Gasless customer ${gasless.address}`);
  console.log(`    private key   ${gasless.privateKey}`);
  console.log(`    holds         ${demoGaslessCustomer.points} ${symbol} and 0 ETH: the relay pays its gas`);
  console.log(`  Relay           ${relay.url}  (relayer ${relayer.address})`);
  console.log(`    pays for      ${RELAYED_SUMMARY}`);
  console.log("    per address   one request at a time, 10 a minute, 0.01 ETH of gas a day");
  console.log(`  Ledger API      ${indexerUrl}  (indexed to block ${ledger.indexer.status.indexedBlock}; ${indexerUrl}/openapi.json; log: .points/ledger.log)\n`);
  console.log("  MetaMask: Settings > Networks > Add a network manually: the RPC URL and chain id above,");
  console.log("  currency ETH. Then Import account with the private key, and Import tokens with the");
  console.log("  token address. This key is a public test key: never send it anything of value.\n");
  console.log("  Demo catalog (merchant 1, Demo Store):");
  console.log("    sku  name               category          price  stock      limit");
  for (const s of skus) {
    const stock = s.unlimited ? "unlimited" : String(s.stock);
    const limit = s.perWalletLimit === 0n ? "-" : `${s.perWalletLimit}/wallet`;
    const category = demoCategories[Number(s.categoryId) - 1] ?? String(s.categoryId);
    const name = demoSkus[Number(s.id) - 1]?.name ?? s.metadataURI;
    console.log(
      `    ${String(s.id).padStart(3)}  ${name.padEnd(17)}  ${category.padEnd(16)}  ${String(s.price).padStart(5)}  ${stock.padEnd(9)}  ${limit}`,
    );
  }
  console.log(`\n  Connection details: .points/${localDeploymentId}.json`);
  console.log("\nPoints Mall is running. Press Ctrl-C to stop.");
  return { stopLedger: () => ledger.stop() };
}
