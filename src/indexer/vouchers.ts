/**
 * Which issuances were voucher claims. The token's Issued event does not say (a claim and an
 * `issue` log the same event), so the claim is read from the transaction's input: a direct
 * `claim(voucher, signature)` to the token, or one forwarded by the deployment's forwarder for a
 * customer without gas. A claim made from inside another contract is not seen.
 */
import type { VoucherCall } from "./apply.js";
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

/** The voucher claims in a transaction sent to `to` with `input`. */
export function claimsOf(tx: { to: string | null; input: string }, addresses: { token: string; forwarder: string | undefined }): VoucherCall[] {
  if (tx.to === addresses.token) {
    const claim = claimIn(tx.input);
    return claim === undefined ? [] : [claim];
  }
  if (addresses.forwarder === undefined || tx.to !== addresses.forwarder) return [];
  try {
    const parsed = forwarder.parseTransaction({ data: tx.input });
    const requests: { to: string; data: string }[] =
      parsed?.name === "execute" ? [parsed.args.toObject(true).request as { to: string; data: string }]
      : parsed?.name === "executeBatch" ? (parsed.args.toObject(true).requests as { to: string; data: string }[])
      : [];
    return requests.filter((r) => r.to === addresses.token).map((r) => claimIn(r.data)).filter((c): c is VoucherCall => c !== undefined);
  } catch {
    return [];
  }
}
