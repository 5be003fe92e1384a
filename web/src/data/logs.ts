import type { BaseContract } from "ethers";
import { queryInChunks, type PointsClient } from "../../../src/sdk/index.js";
import type { TypedContractEvent, TypedDeferredTopicFilter, TypedEventLog } from "../../../types/ethers-contracts/common.js";

/**
 * The logs of one typed event filter, with their arguments typed by name. queryInChunks returns
 * the EventLogs of exactly this filter, so their args are this event's.
 */
export async function typedLogs<E extends TypedContractEvent>(
  client: PointsClient,
  contract: BaseContract,
  filter: TypedDeferredTopicFilter<E>,
): Promise<TypedEventLog<E>[]> {
  return (await queryInChunks(client, contract, filter)) as unknown as TypedEventLog<E>[];
}

/** Chain order: block, then position in the block. */
export const byChainOrder = (a: { blockNumber: number; index: number }, b: { blockNumber: number; index: number }) =>
  a.blockNumber - b.blockNumber || a.index - b.index;
