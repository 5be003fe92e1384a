/**
 * Reads through the ledger API when the client has one (connectPoints' `indexer` option), falling
 * back to the chain with a one-line note when the API does not answer, follows another
 * deployment, or lags the chain by more than a few seconds' wait. The RPC functions (history,
 * listOrders, reconcile, settle, dailyActivity) call this first, so every caller gets the index
 * where there is one and keeps working where there is not.
 */
import type { PointsClient } from "./client.js";
import { IndexerError, connectIndexer, type IndexerClient } from "./indexer.js";

export interface IndexerOption {
  client: IndexerClient;
  /** Where the one-line notes go (default console.warn). */
  note?: (message: string) => void;
  /** How long to wait for the index to reach the chain's head before reading from the chain (ms). */
  maxWaitMs?: number;
}

const checked = new WeakMap<IndexerOption, Promise<string | undefined>>();

/** Why the API does not serve this client's deployment (undefined: it does), asked once. */
function mismatch(client: PointsClient, option: IndexerOption): Promise<string | undefined> {
  let answer = checked.get(option);
  if (answer === undefined) {
    answer = (async () => {
      const [d, token, network] = await Promise.all([option.client.get("/deployment"), client.token.getAddress(), client.provider.getNetwork()]);
      if (String(d.token) !== token) return `follows token ${String(d.token)}, not ${token}`;
      if (BigInt(Number(d.chainId)) !== network.chainId) return `follows chain ${String(d.chainId)}, not ${network.chainId}`;
      return undefined;
    })();
    answer.catch(() => checked.delete(option));
    checked.set(option, answer);
  }
  return answer;
}

async function caughtUp(client: PointsClient, ix: IndexerClient, maxWaitMs: number): Promise<number | undefined> {
  const head = await client.provider.getBlockNumber();
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const h = await ix.health();
    const behind = head - (h.indexedBlock ?? -1);
    if (behind <= 0) return undefined;
    if (Date.now() >= deadline) return behind;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `read` from the client's indexer, or undefined (after a note) when the caller should read the chain. */
export async function fromIndexer<T>(client: PointsClient, read: (ix: IndexerClient) => Promise<T>): Promise<T | undefined> {
  const option = client.indexer;
  if (option === undefined) return undefined;
  const note = option.note ?? ((m: string) => console.warn(m));
  const url = option.client.url;
  try {
    const wrong = await mismatch(client, option);
    if (wrong !== undefined) {
      note(`note: the indexer at ${url} ${wrong}; reading from the chain`);
      return undefined;
    }
    const behind = await caughtUp(client, option.client, option.maxWaitMs ?? 3_000);
    if (behind !== undefined) {
      note(`note: the indexer at ${url} is ${behind} block(s) behind the chain; reading from the chain`);
      return undefined;
    }
    return await read(option.client);
  } catch (error) {
    if (error instanceof IndexerError && !error.unavailable && error.status !== 404) throw error;
    note(`note: the indexer at ${url} did not answer (${(error as Error).message}); reading from the chain`);
    return undefined;
  }
}

/** The option for a URL or a client. */
export function indexerOption(indexer: string | IndexerClient | IndexerOption, note?: (message: string) => void): IndexerOption {
  if (typeof indexer === "string") return { client: connectIndexer(indexer), note };
  if ("client" in indexer) return indexer;
  return { client: indexer, note };
}
