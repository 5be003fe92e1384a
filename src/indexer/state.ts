/**
 * The index's cursor and identity (indexer_state): which deployment on which chain it holds,
 * where it ends, and the hashes that tell that chain from a restarted one. Checked at start: a
 * database holding another deployment is refused (or rebuilt, where the caller allows it), and a
 * chain whose genesis or deployment block changed is a reset, rebuilt with a clear log line.
 */
import type { Kysely } from "kysely";
import type { Chain } from "./chain.js";
import { DeploymentMismatchError, RpcError } from "./errors.js";
import type { Logger } from "./log.js";
import { emptyIndex } from "./rollback.js";
import type { Row, Schema } from "./schema.js";

export interface Deployment {
  token: string;
  mall: string;
  forwarder?: string;
  /** EarningRules contracts to follow from the start (others are found through the mall). */
  rules?: string[];
  /** The deployment block: indexing starts there. */
  fromBlock: number;
}

export interface Identity {
  chainId: number;
  genesisHash: string;
  anchorHash: string;
  /** The hash of the block before the deployment block ("" when it is block 0). */
  parentHash: string;
}

export async function chainIdentity(chain: Chain, fromBlock: number): Promise<Identity> {
  const [chainId, headers] = await Promise.all([chain.chainId(), chain.headers([0, fromBlock, Math.max(0, fromBlock - 1)])]);
  const genesis = headers.get(0);
  const anchor = headers.get(fromBlock);
  if (genesis === undefined || anchor === undefined) {
    throw new RpcError(`the chain has no block ${fromBlock} (the deployment block) yet`, "is this the deployment's chain? check the RPC URL and the deployment");
  }
  return { chainId, genesisHash: genesis.hash, anchorHash: anchor.hash, parentHash: fromBlock === 0 ? "" : headers.get(fromBlock - 1)!.hash };
}

export type StateRow = Row<"indexer_state">;

/** Why an existing index cannot be kept, in words; undefined when it can. */
function mismatch(state: StateRow, deployment: Deployment, identity: Identity): string | undefined {
  if (state.token !== deployment.token || state.mall !== deployment.mall) {
    return `the database holds the index of token ${state.token} and mall ${state.mall}, not of this deployment (token ${deployment.token})`;
  }
  if (state.from_block !== deployment.fromBlock) return `the database's index starts at block ${state.from_block}, this deployment at ${deployment.fromBlock}`;
  if (state.chain_id !== identity.chainId) return `the database holds an index of chain ${state.chain_id}; this node is chain ${identity.chainId}`;
  return undefined;
}

/**
 * Makes indexer_state describe this deployment on this chain, starting a fresh index where there
 * is none, rebuilding on a reset (and on a mismatch when `onMismatch` is "rebuild"). Returns the state.
 */
export async function prepareState(
  db: Kysely<Schema>,
  deployment: Deployment,
  identity: Identity,
  options: { confirmations: number; onMismatch: "refuse" | "rebuild"; log: Logger },
): Promise<StateRow> {
  const state = await db.selectFrom("indexer_state").selectAll().executeTakeFirst();
  if (state !== undefined) {
    const wrong = mismatch(state, deployment, identity);
    if (wrong !== undefined && options.onMismatch === "refuse") throw new DeploymentMismatchError(wrong);
    if (wrong !== undefined) {
      options.log.warn(`${wrong}: rebuilding the index for this deployment`);
      return resetIndex(db, deployment, identity, { confirmations: options.confirmations, rebuilds: state.rebuilds + 1 });
    }
    if (state.genesis_hash !== identity.genesisHash || state.anchor_hash !== identity.anchorHash) {
      options.log.warn("chain reset: the chain's first blocks are not the ones indexed (a restarted local or private chain); rebuilding the index from the deployment block", {
        fromBlock: deployment.fromBlock, indexedBlock: state.indexed_block, oldAnchor: state.anchor_hash, newAnchor: identity.anchorHash,
      });
      return resetIndex(db, deployment, identity, { confirmations: options.confirmations, rebuilds: state.rebuilds + 1 });
    }
    if (state.confirmations !== options.confirmations) {
      await db.updateTable("indexer_state").set({ confirmations: options.confirmations }).execute();
      return { ...state, confirmations: options.confirmations };
    }
    return state;
  }
  return resetIndex(db, deployment, identity, { confirmations: options.confirmations, rebuilds: 0 });
}

/** Empties the index and starts it again at the deployment block, in one transaction. */
export async function resetIndex(db: Kysely<Schema>, deployment: Deployment, identity: Identity, options: { confirmations: number; rebuilds: number }): Promise<StateRow> {
  return db.transaction().execute(async (tx) => {
    await emptyIndex(tx);
    await tx.deleteFrom("indexer_state").execute();
    const row = {
      id: 1,
      chain_id: identity.chainId,
      token: deployment.token,
      mall: deployment.mall,
      forwarder: deployment.forwarder ?? null,
      from_block: deployment.fromBlock,
      genesis_hash: identity.genesisHash,
      anchor_hash: identity.anchorHash,
      indexed_block: deployment.fromBlock - 1,
      indexed_hash: identity.parentHash,
      chain_head: deployment.fromBlock,
      confirmations: options.confirmations,
      rebuilds: options.rebuilds,
      checked_differences: "[]",
    };
    await tx.insertInto("indexer_state").values(row).execute();
    const contracts = [
      { address: deployment.token, kind: "token", found_block: null },
      { address: deployment.mall, kind: "mall", found_block: null },
      ...(deployment.forwarder === undefined ? [] : [{ address: deployment.forwarder, kind: "forwarder", found_block: null }]),
      ...(deployment.rules ?? []).map((address) => ({ address, kind: "rules", found_block: null })),
    ];
    await tx.insertInto("contracts").values(contracts).onConflict((c) => c.column("address").doNothing()).execute();
    if (deployment.fromBlock > 0) {
      await tx.insertInto("blocks").values({ number: deployment.fromBlock - 1, hash: identity.parentHash, timestamp: 0 }).execute();
    }
    return tx.selectFrom("indexer_state").selectAll().executeTakeFirstOrThrow();
  });
}
