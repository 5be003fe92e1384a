/**
 * `points serve`: for one deployment, the indexer, the ledger API, the relay and the web app, from
 * one configuration file, with JSON logs and a graceful stop on SIGTERM or SIGINT (requests
 * stop, the range being written commits, the database closes, exit 0; a second signal exits at once).
 */
import path from "node:path";
import { mkdirSync } from "node:fs";
import { JsonRpcProvider, parseEther } from "ethers";
import { PointsToken__factory } from "../../types/ethers-contracts/index.js";
import type { RunningApi } from "../api/server.js";
import { databaseLimitStores } from "../relay/dbLimits.js";
import { startRelay } from "../relay/index.js";
import { decryptKeystore, findDeployment } from "../cli/connect.js";
import { databaseFromEnv, openDatabase } from "../indexer/database.js";
import { IndexerConfigError } from "../indexer/errors.js";
import type { Logger } from "../indexer/log.js";
import { Wallet, type Signer } from "ethers";
import type { ServeConfig } from "./config.js";
import { startLedger, startLedgerReader, type RunningLedger } from "./ledger.js";
import { deploymentKey, rememberIndexer } from "../cli/remember.js";
import { serveWeb } from "./web.js";

export interface Service {
  stop(): Promise<void>;
}

/** Stops `service` on SIGTERM or SIGINT, then exits 0; a second signal exits 1 at once. */
export function stopOnSignals(service: Service, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn("second signal: exiting now", { signal });
        process.exit(1);
      }
      stopping = true;
      log.info("stopping", { signal });
      service
        .stop()
        .then(() => log.info("stopped"))
        .catch((error: unknown) => log.error("stopping failed", { error: error as Error }))
        .finally(() => {
          process.off("SIGTERM", onSignal);
          process.off("SIGINT", onSignal);
          resolve();
        });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}

async function relaySigner(config: Exclude<ServeConfig["relay"], false>, provider: JsonRpcProvider): Promise<Signer> {
  if (config.keyEnv !== undefined) {
    const key = process.env[config.keyEnv];
    if (key === undefined || key === "") throw new IndexerConfigError("relay.keyEnv", `the environment variable ${config.keyEnv} is not set`, "set it to the relayer's private key, or give relay.keystore");
    return new Wallet(key.trim(), provider);
  }
  if (config.keystore === undefined) throw new IndexerConfigError("relay", "has no key", "give relay.keystore (password in POINTS_PASSWORD) or relay.keyEnv, or set relay to false");
  return (await decryptKeystore(config.keystore)).connect(provider);
}

export interface ServeOptions {
  deployment: string | undefined;
  rpc: string | undefined;
  config: ServeConfig;
  log: Logger;
  cwd?: string;
}

export async function runServe(o: ServeOptions): Promise<Service & { urls: Record<string, string> }> {
  const cwd = o.cwd ?? process.cwd();
  const key = deploymentKey(o.deployment);
  const deployment = findDeployment(o.deployment, cwd);
  const rpcUrl = o.rpc ?? process.env.POINTS_RPC_URL ?? o.config.rpcUrl ?? deployment.rpcUrl ?? "http://127.0.0.1:8545";
  const stateDir = path.join(cwd, ".points");
  mkdirSync(stateDir, { recursive: true });
  const dbConfig = o.config.database !== undefined
    ? (/^postgres(ql)?:\/\//.test(o.config.database) ? { url: o.config.database } : { dataDir: o.config.database })
    : databaseFromEnv(path.join(stateDir, "db", key));
  const database = await openDatabase(dbConfig);
  const c = o.config;
  const started: { stop(): Promise<void> }[] = [];
  let ledger: { api?: RunningApi; stop(): Promise<void> };
  let chainId: number;
  try {
    if (c.indexer.run) {
      const running: RunningLedger = await startLedger({
        database,
        rpcUrl,
        deployment: { token: deployment.token, mall: deployment.mall, forwarder: deployment.forwarder, rules: [...(deployment.rules ?? []), ...c.indexer.rules], fromBlock: deployment.fromBlock ?? 0 },
        indexer: {
          confirmations: c.indexer.confirmations, pollIntervalMs: c.indexer.pollIntervalMs, undoDepth: c.indexer.undoDepth, overIssuance: c.indexer.overIssuance,
          expiryWarningSeconds: c.indexer.expiryWarningSeconds,
          logs: { ...(c.indexer.maxLogBlocks === undefined ? {} : { max: c.indexer.maxLogBlocks, initial: Math.min(2_000, c.indexer.maxLogBlocks) }), ...(c.indexer.targetLogs === undefined ? {} : { targetLogs: c.indexer.targetLogs }) },
        },
        webhooks: c.webhooks,
        api: { port: c.api.port, host: c.api.host, allowOrigins: c.allowOrigins },
        adminTokenFile: path.join(stateDir, `${key}.admin-token`),
        log: o.log,
      });
      ledger = running;
      chainId = running.indexer.status.chainId;
    } else {
      // Another process indexes this database; this one answers reads (and runs the relay and web).
      const probe = new JsonRpcProvider(rpcUrl);
      try {
        chainId = Number((await probe.getNetwork()).chainId);
      } finally {
        probe.destroy();
      }
      ledger = await startLedgerReader({
        database, rpcUrl, chainId, deployment: { token: deployment.token, mall: deployment.mall, forwarder: deployment.forwarder, fromBlock: deployment.fromBlock ?? 0 },
        api: { port: c.api.port, host: c.api.host, allowOrigins: c.allowOrigins }, log: o.log,
      });
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  started.push(ledger);
  const urls: Record<string, string> = { api: ledger.api!.url };
  rememberIndexer(key, ledger.api!.url, cwd);
  try {
    const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    let relayUrl: string | undefined;
    if (c.relay !== false) {
      if (deployment.forwarder === undefined) throw new IndexerConfigError("relay", "the deployment names no forwarder", "deploy with ignition/modules/PointsSystem.ts, or set relay to false");
      let cap: bigint;
      try {
        cap = parseEther(c.relay.spendCap);
      } catch {
        throw new IndexerConfigError("relay.spendCap", `"${c.relay.spendCap}" is not an amount of native coin`, 'give it like "0.01"');
      }
      const relay = await startRelay(
        {
          signer: await relaySigner(c.relay, provider), forwarder: deployment.forwarder, token: deployment.token, mall: deployment.mall, rules: [...(deployment.rules ?? []), ...c.indexer.rules],
          rateLimit: { requests: c.relay.requestsPerMinute, windowSeconds: 60 }, spendCap: { wei: cap, windowSeconds: 86_400 },
          // In the ledger's database: relays sharing it share the limits, and a restart keeps them.
          stores: databaseLimitStores(database.db, { requests: c.relay.requestsPerMinute, windowSeconds: 60 }, { wei: cap, windowSeconds: 86_400 }),
          allowOrigins: c.allowOrigins, log: (line: string) => o.log.info(line, { part: "relay" }),
        },
        c.relay.port,
        c.relay.host,
      );
      relayUrl = relay.url;
      urls.relay = relay.url;
      started.push({ stop: () => new Promise<void>((done) => relay.server.close(() => done())) });
    }
    if (c.web !== false) {
      const symbol = await PointsToken__factory.connect(deployment.token, provider).symbol();
      const web: RunningApi | undefined = await serveWeb(path.join(cwd, "web", "dist"), {
        rpcUrl, chainId, token: deployment.token, mall: deployment.mall, symbol, relayUrl, indexerUrl: ledger.api!.url,
      }, c.web.port, c.web.host);
      if (web === undefined) o.log.warn("no web app to serve: web/dist is missing (build it with npx vite build --config web/vite.config.ts)");
      else {
        urls.web = web.url;
        started.push({ stop: () => web.close() });
      }
    }
  } catch (error) {
    for (const s of started.reverse()) await s.stop();
    throw error;
  }
  o.log.info("serving", { deployment: key, rpc: rpcUrl, database: database.description, ...urls });
  return {
    urls,
    stop: async () => {
      // Front doors first, the ledger (and its database) last.
      for (const s of [...started].reverse()) await s.stop();
    },
  };
}
