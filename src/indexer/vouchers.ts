/**
 * Which issuances were voucher claims. The token's Issued event does not say (a claim and an
 * `issue` log the same event), so the claim is read from the transaction's input: a direct
 * `claim(voucher, signature)` to the token, or one forwarded by the deployment's forwarder for a
 * customer without gas. A claim made from inside another contract is not seen.
 */
import { Interface } from "ethers";
import type { EpochTransferCall, VoucherCall } from "./apply.js";
import { contractInterface } from "./decode.js";

const token = contractInterface("token");
const forwarder = contractInterface("forwarder");

interface ClaimArgs {
  voucher: { recipient: string; amount: bigint; ref: string; expiry: bigint; id: bigint; generation: bigint };
}

function claimIn(data: string): VoucherCall | undefined {
  try {
    const parsed = token.parseTransaction({ data });
    if (parsed?.name !== "claim") return undefined;
    const { voucher } = parsed.args.toObject(true) as ClaimArgs;
    return { recipient: voucher.recipient, amount: voucher.amount, ref: voucher.ref, expiry: voucher.expiry, id: voucher.id, generation: voucher.generation };
  } catch {
    return undefined;
  }
}

/** The calls to the token in a transaction: the transaction's own input, or the requests a forwarder ran. */
function tokenCalls(tx: { to: string | null; input: string }, addresses: { token: string; forwarder: string | undefined }): string[] {
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

/** The voucher claims in a transaction sent to `to` with `input`. */
export function claimsOf(tx: { to: string | null; input: string }, addresses: { token: string; forwarder: string | undefined }): VoucherCall[] {
  return tokenCalls(tx, addresses).map(claimIn).filter((c): c is VoucherCall => c !== undefined);
}

// ERC-7818's transfers of one epoch: the Transfer they emit does not say which epoch moved.
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
export function epochTransfersOf(tx: { to: string | null; input: string }, addresses: { token: string; forwarder: string | undefined }): EpochTransferCall[] {
  return tokenCalls(tx, addresses).map(epochTransferIn).filter((c): c is EpochTransferCall => c !== undefined);
}
