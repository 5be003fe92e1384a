import { useSyncExternalStore } from "react";
import { fromIndexer, type IndexerClient, type PointsClient } from "../../../src/sdk/index.js";

/**
 * Where the page's last ledger read came from: the ledger API, or the chain because the config
 * names no API ("none") or the API did not answer ("down"). Pages say so in one line.
 */
export type LedgerSource = "api" | "none" | "down";

let source: LedgerSource | undefined;
const listeners = new Set<() => void>();

function setSource(next: LedgerSource): void {
  if (source === next) return;
  source = next;
  for (const listener of listeners) listener();
}

export function useLedgerSource(): LedgerSource | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => source,
  );
}

/**
 * Reads from the ledger API where the page has one (fromIndexer: it checks that the API follows
 * this deployment and has reached the chain's head), else from the chain with `fromChain`, given a
 * client without the API so that the SDK's RPC functions do not ask it a second time.
 */
export async function viaLedger<T>(reader: PointsClient, fromApi: (ix: IndexerClient) => Promise<T>, fromChain: (chain: PointsClient) => Promise<T>): Promise<T> {
  const chain: PointsClient = { ...reader, indexer: undefined };
  if (reader.indexer === undefined) {
    setSource("none");
    return fromChain(chain);
  }
  const indexed = await fromIndexer(reader, fromApi);
  if (indexed !== undefined) {
    setSource("api");
    return indexed;
  }
  setSource("down");
  return fromChain(chain);
}

/** Every page of a cursor-paged API list, in the API's order. */
export async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; next: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return out;
}

/** Unix seconds of an API date (the rows of the chain path carry a block instead). */
export const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);
