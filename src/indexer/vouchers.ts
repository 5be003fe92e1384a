/**
 * Which issuances were voucher claims. The token's Issued event does not say (a claim and an
 * `issue` log the same event), so the claim is read from the transaction's input: a direct
 * `claim(voucher, signature)` to the token, or one forwarded by the deployment's forwarder for a
 * customer without gas. A claim made from inside another contract is not seen.
 */
// The calls to the token (direct or forwarded) are read as the SDK reads transferAtEpoch calls.
import { tokenCalls } from "../sdk/epochTransfers.js";
import type { VoucherCall } from "./apply.js";
import { contractInterface } from "./decode.js";

const token = contractInterface("token");

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

/** The voucher claims in a transaction sent to `to` with `input`. */
export function claimsOf(tx: { to: string | null; input: string }, addresses: { token: string; forwarder: string | undefined }): VoucherCall[] {
  return tokenCalls(tx, addresses).map(claimIn).filter((c): c is VoucherCall => c !== undefined);
}
