/**
 * ERC-7818's transfers of one epoch (`transferAtEpoch`, `transferFromAtEpoch`) found in
 * transactions. Their Transfer event does not say which epoch moved, so the books read the call
 * from the transaction's input: a direct call to the token, or a request a forwarder ran for a
 * customer without gas. A call made from inside another contract is not seen. Shared by the SDK's
 * RPC books (reconcile) and the indexer, so both read the same calls and match them alike.
 */
import { Interface, ZeroAddress } from "ethers";
import { PointsForwarder__factory } from "./contracts.js";

/** A `transferAtEpoch` / `transferFromAtEpoch` call found in a transaction's input. */
export interface EpochTransferCall {
  epoch: bigint;
  /** transferFromAtEpoch's `from`; undefined for transferAtEpoch (the caller's points). */
  from: string | undefined;
  to: string;
  value: bigint;
}

/** A transaction as far as these readers need it. */
export interface TxInput {
  to: string | null;
  input: string;
}

/** Where the token and its trusted forwarder live (checksummed, as the node gives a transaction's `to`). */
export interface TokenAddresses {
  token: string;
  forwarder: string | undefined;
}

const forwarder = PointsForwarder__factory.createInterface();

/** The calls to the token in a transaction: the transaction's own input, or the requests a forwarder ran. */
export function tokenCalls(tx: TxInput, addresses: TokenAddresses): string[] {
  if (tx.to === addresses.token) return [tx.input];
  if (addresses.forwarder === undefined || tx.to !== addresses.forwarder) return [];
  try {
    const parsed = forwarder.parseTransaction({ data: tx.input });
    const requests: { to: string; data: string }[] =
      parsed?.name === "execute" ? [parsed.args.toObject(true).request as { to: string; data: string }]
      : parsed?.name === "executeBatch" ? (parsed.args.toObject(true).requests as { to: string; data: string }[])
      : [];
    return requests.filter((r) => r.to === addresses.token).map((r) => r.data);
  } catch {
    return [];
  }
}

const epochCalls = new Interface([
  "function transferAtEpoch(uint256 epoch, address to, uint256 value)",
  "function transferFromAtEpoch(uint256 epoch, address from, address to, uint256 value)",
]);

function epochTransferIn(data: string): EpochTransferCall | undefined {
  try {
    const parsed = epochCalls.parseTransaction({ data });
    if (parsed === null) return undefined;
    const a = parsed.args;
    return parsed.name === "transferAtEpoch"
      ? { epoch: a[0] as bigint, from: undefined, to: a[1] as string, value: a[2] as bigint }
      : { epoch: a[0] as bigint, from: a[1] as string, to: a[2] as string, value: a[3] as bigint };
  } catch {
    return undefined;
  }
}

/** The transferAtEpoch / transferFromAtEpoch calls in a transaction (direct or forwarded). */
export function epochTransfersOf(tx: TxInput, addresses: TokenAddresses): EpochTransferCall[] {
  return tokenCalls(tx, addresses).map(epochTransferIn).filter((c): c is EpochTransferCall => c !== undefined);
}

/** A Transfer event of one transaction, by its log index. */
export interface TransferInTx {
  index: number;
  from: string;
  to: string;
  value: bigint;
}

/**
 * Which of a transaction's transfers between accounts each transferAtEpoch call explains: the
 * first one (in log order) with the call's recipient and value, and its `from` when it names one.
 * Returns log index -> epoch; the other transfers spend the oldest epoch first.
 */
export function matchEpochTransfers(transfers: readonly TransferInTx[], calls: readonly EpochTransferCall[]): Map<number, bigint> {
  const out = new Map<number, bigint>();
  const left = [...calls];
  for (const t of transfers) {
    if (left.length === 0) break;
    if (t.from === ZeroAddress || t.to === ZeroAddress) continue;
    const i = left.findIndex((c) => c.to === t.to && c.value === t.value && (c.from === undefined || c.from === t.from));
    if (i >= 0) out.set(t.index, left.splice(i, 1)[0]!.epoch);
  }
  return out;
}
