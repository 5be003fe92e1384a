/**
 * The ledger as one unit: the indexer, the webhook deliverer and (optionally) the API over one
 * database, started together and stopped in order. `points serve`, `points index` and `npm start`
 * all run it.
 */
import { randomBytes } from "node:crypto";
import { JsonRpcProvider } from "ethers";
import { chmodSync, writeFileSync } from "node:fs";
import { createApi, serveApi, type RunningApi } from "../api/server.js";
import type { LedgerDatabase } from "../indexer/database.js";
import { Indexer, type IndexerOptions, type IndexerStatus } from "../indexer/indexer.js";
import type { Logger } from "../indexer/log.js";
import { httpTransport, type RpcTransport } from "../indexer/rpc.js";
import { WebhookDeliverer, type DelivererOptions } from "../indexer/webhooks.js";

export interface LedgerOptions {
  database: LedgerDatabase;
  rpcUrl?: string;
  transport?: RpcTransport;
  deployment: IndexerOptions["deployment"];
  indexer?: Omit<IndexerOptions, "database" | "transport" | "deployment" | "log">;
  webhooks?: Omit<DelivererOptions, "db" | "log">;
  /** Serve the API here; none: no API (points index). */
  api?: { port: number; host?: string; allowOrigins?: string[] };
  /** Where to write the local admin token and the API's URL (mode 0600), for `points webhooks`. */
  adminTokenFile?: string;
  log: Logger;
}

export interface RunningLedger {
  indexer: Indexer;
  api: RunningApi | undefined;
  /** Stops accepting requests, lets the range being written commit, closes the database. */
  stop(): Promise<void>;
}

/** Serves the API and writes the local admin token file (mode 0600) that `points webhooks` reads. */
async function startApi(o: LedgerOptions & { api: NonNullable<LedgerOptions["api"]> }, status: (() => IndexerStatus) | undefined, chainId: number): Promise<RunningApi> {
  const adminToken = o.adminTokenFile === undefined ? undefined : randomBytes(24).toString("base64url");
  // The delivery routes read orders and roles from the chain itself (needs an RPC URL).
  const chain = o.rpcUrl === undefined ? undefined : { runner: new JsonRpcProvider(o.rpcUrl, chainId, { staticNetwork: true }), mall: o.deployment.mall, chainId: BigInt(chainId) };
  const app = createApi({ database: o.database, allowOrigins: o.api.allowOrigins, status, adminToken, chain, log: o.log.child({ part: "api" }) });
  const api = await serveApi(app, o.api.port, o.api.host ?? "127.0.0.1");
  if (o.adminTokenFile !== undefined && adminToken !== undefined) {
    writeFileSync(o.adminTokenFile, JSON.stringify({ url: api.url, token: adminToken }), { mode: 0o600 });
    chmodSync(o.adminTokenFile, 0o600);
  }
  o.log.info("ledger API listening", { url: api.url, openapi: `${api.url}/openapi.json` });
  return api;
}

export async function startLedger(o: LedgerOptions): Promise<RunningLedger> {
  const transport = o.transport ?? httpTransport(o.rpcUrl ?? "http://127.0.0.1:8545");
  const indexer = new Indexer({ ...o.indexer, database: o.database, transport, deployment: o.deployment, log: o.log.child({ part: "indexer" }) });
  await indexer.start();
  const deliverer = new WebhookDeliverer({ ...o.webhooks, db: o.database.db, log: o.log.child({ part: "webhooks" }) });
  deliverer.start();
  let api: RunningApi | undefined;
  try {
    if (o.api !== undefined) api = await startApi({ ...o, api: o.api }, () => indexer.status, indexer.status.chainId);
  } catch (error) {
    await deliverer.stop();
    await indexer.stop();
    throw error;
  }
  return {
    indexer,
    api,
    stop: async () => {
      await api?.close();
      await deliverer.stop();
      await indexer.stop();
      await o.database.close();
    },
  };
}

/**
 * The API alone, over a database that another process indexes (`points serve --no-indexer`): several
 * API processes can read one PostgreSQL while one indexer writes it (it holds the writer's lock).
 * Health reads the indexer's progress from the database.
 */
export async function startLedgerReader(o: Omit<LedgerOptions, "api"> & { api: NonNullable<LedgerOptions["api"]>; chainId: number }): Promise<{ api: RunningApi; stop(): Promise<void> }> {
  const api = await startApi(o, undefined, o.chainId);
  return {
    api,
    stop: async () => {
      await api.close();
      await o.database.close();
    },
  };
}
