import { ZeroAddress } from "ethers";
import { latestBlock, type PointsClient } from "./client.js";
import { fromIndexer } from "./indexed.js";
import { queryInChunks } from "./logs.js";
import { parseAddress, readableRef } from "./validate.js";

export { readableRef };

export type MovementKind = "issued" | "received" | "sent" | "redeemed" | "refunded" | "burned";

/** One change of an address's points, in chain order, with the balance after it. */
export interface Movement {
  block: number;
  logIndex: number;
  txHash: string;
  kind: MovementKind;
  /** Signed: + credited, - debited. */
  points: bigint;
  balance: bigint;
  /** The other party: the issuer, the sender or recipient, the redemption module. */
  counterparty: string;
  /** The reference as a person reads it: text, "order #n", or the 0x… hash. */
  ref: string;
  /** For a redemption or a refund: the order. */
  orderId?: bigint;
  /** Whether an issuance came in a batch. */
  batch?: boolean;
}


const key = (e: { transactionHash: string }) => e.transactionHash;

/**
 * Every movement of `account`'s points from the deployment block on: issued (by whom, for what),
 * received, sent, redeemed (which order), refunded. From the index when the client has one. The Transfer events give the amounts and the
 * order; the Issued, BatchIssued, Burned and Refunded events of the same transaction say why.
 */
export async function history(
  client: PointsClient,
  account: string,
  options: { fromBlock?: number; toBlock?: number; chunk?: number } = {},
): Promise<Movement[]> {
  const address = parseAddress(account, "account");
  const indexed = await fromIndexer(client, (ix) => ix.history(address, { fromBlock: options.fromBlock, toBlock: options.toBlock }));
  if (indexed !== undefined) return indexed;
  const { token } = client;
  const toBlock = options.toBlock ?? (await latestBlock(client));
  const range = { ...options, toBlock };
  const [incoming, outgoing, issued, batches, burned, refunded] = await Promise.all([
    queryInChunks(client, token, token.filters.Transfer(undefined, address), range),
    queryInChunks(client, token, token.filters.Transfer(address), range),
    queryInChunks(client, token, token.filters.Issued(undefined, address), range),
    queryInChunks(client, token, token.filters.BatchIssued(), range),
    queryInChunks(client, token, token.filters.Burned(undefined, address), range),
    queryInChunks(client, token, token.filters.Refunded(undefined, address), range),
  ]);
  const issuedByTx = new Map(issued.map((e) => [key(e), e]));
  const batchByTx = new Map(batches.map((e) => [key(e), e]));
  const burnedByTx = new Map(burned.map((e) => [key(e), e]));
  const refundedByTx = new Map(refunded.map((e) => [key(e), e]));

  // A self-transfer appears in both lists; count it once.
  const seen = new Set<string>();
  const transfers = [...incoming, ...outgoing]
    .filter((e) => {
      const id = `${e.transactionHash}:${e.index}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);

  const out: Movement[] = [];
  let balance = 0n;
  for (const e of transfers) {
    const { from, to, value } = e.args;
    const base = { block: e.blockNumber, logIndex: e.index, txHash: e.transactionHash };
    let m: Omit<Movement, "balance" | keyof typeof base>;
    if (from === ZeroAddress) {
      const single = issuedByTx.get(key(e));
      const refund = refundedByTx.get(key(e));
      const batch = batchByTx.get(key(e));
      if (refund !== undefined) {
        const { burner, ref } = refund.args;
        m = { kind: "refunded", points: value, counterparty: burner, ref: readableRef(ref), orderId: BigInt(ref) };
      } else if (single !== undefined) {
        m = { kind: "issued", points: value, counterparty: single.args.issuer, ref: readableRef(single.args.ref) };
      } else {
        m = {
          kind: "issued",
          points: value,
          counterparty: batch === undefined ? ZeroAddress : batch.args.issuer,
          ref: batch === undefined ? "" : readableRef(batch.args.batchRef),
          batch: true,
        };
      }
    } else if (to === ZeroAddress) {
      const burn = burnedByTx.get(key(e));
      m =
        burn === undefined
          ? { kind: "burned", points: -value, counterparty: ZeroAddress, ref: "" }
          : { kind: "redeemed", points: -value, counterparty: burn.args.burner, ref: readableRef(burn.args.ref), orderId: BigInt(burn.args.ref) };
    } else if (to === address && from !== address) {
      m = { kind: "received", points: value, counterparty: from, ref: "" };
    } else if (from === address && to !== address) {
      m = { kind: "sent", points: -value, counterparty: to, ref: "" };
    } else {
      continue; // to oneself: no change
    }
    balance += m.points;
    out.push({ ...base, ...m, balance });
  }
  return out;
}
