import { Signature, id, type TransactionReceipt } from "ethers";
import { requireSigner, send, type PointsClient } from "./client.js";
import { InvalidInputError, PointsError } from "./errors.js";
import { parseAddress, parseAmount, parseRef } from "./validate.js";

/** The EIP-712 types of an ERC-2612 permit. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export type TokenRole = "ISSUER_ROLE" | "BURNER_ROLE" | "PAUSER_ROLE" | "DEFAULT_ADMIN_ROLE";

export function tokenRoleId(role: TokenRole): string {
  return role === "DEFAULT_ADMIN_ROLE" ? "0x" + "00".repeat(32) : id(role);
}

export async function balanceOf(client: PointsClient, account: string): Promise<bigint> {
  return client.token.balanceOf(parseAddress(account, "account"));
}

/** Issues `amount` points to `to` for `ref` (text up to 31 bytes, or a 0x… 32-byte hash). */
export async function issue(
  client: PointsClient,
  input: { to: string; amount: bigint | string; ref: string },
): Promise<TransactionReceipt> {
  return send(client, client.token.issue, parseAddress(input.to, "to"), parseAmount(input.amount), parseRef(input.ref));
}

/** Issues to many recipients in one transaction; `batchRef` works once. */
export async function issueBatch(
  client: PointsClient,
  input: { recipients: string[]; amounts: (bigint | string)[]; batchRef: string },
): Promise<TransactionReceipt> {
  if (input.recipients.length === 0) throw new InvalidInputError("recipients", "none", "give at least one");
  if (input.recipients.length !== input.amounts.length) {
    throw new InvalidInputError("amounts", `${input.amounts.length} amounts for ${input.recipients.length} recipients`);
  }
  const recipients = input.recipients.map((r, i) => parseAddress(r, `recipient #${i}`));
  const amounts = input.amounts.map((a, i) => parseAmount(a, `amount #${i}`));
  return send(client, client.token.issueBatch, recipients, amounts, parseRef(input.batchRef, "batch reference"));
}

/** Sends `amount` points from the signer to `to`. */
export async function transfer(
  client: PointsClient,
  input: { to: string; amount: bigint | string },
): Promise<TransactionReceipt> {
  return send(client, client.token.transfer, parseAddress(input.to, "to"), parseAmount(input.amount));
}

/** Signs an ERC-2612 permit with the client's signer (the owner), for `spender` to submit. */
export async function signPermit(
  client: PointsClient,
  input: { spender: string; value: bigint | string; deadline: bigint },
): Promise<{ owner: string; spender: string; value: bigint; deadline: bigint; v: number; r: string; s: string }> {
  const signer = requireSigner(client);
  const owner = await signer.getAddress();
  const spender = parseAddress(input.spender, "spender");
  const value = parseAmount(input.value, "value");
  const [nonce, name, { chainId }] = await Promise.all([
    client.token.nonces(owner),
    client.token.name(),
    client.provider.getNetwork(),
  ]);
  const domain = { name, version: "1", chainId, verifyingContract: await client.token.getAddress() };
  const sig = Signature.from(await signer.signTypedData(domain, PERMIT_TYPES, { owner, spender, value, nonce, deadline: input.deadline }));
  return { owner, spender, value, deadline: input.deadline, v: sig.v, r: sig.r, s: sig.s };
}

/**
 * Submits a signed permit. Anyone may submit a permit, so someone may have submitted this one
 * first (front-running it): then it reverts here, but the allowance it grants is in place. So a
 * failed permit counts as done when the allowance is at least its value (the "permit, then check
 * the allowance" pattern), and fails otherwise.
 */
export async function submitPermit(
  client: PointsClient,
  permit: Awaited<ReturnType<typeof signPermit>>,
): Promise<{ receipt: TransactionReceipt | undefined; alreadyApplied: boolean }> {
  requireSigner(client); // before the try: a read-only client must not pass as "already applied"
  try {
    const receipt = await send(client, client.token.permit, permit.owner, permit.spender, permit.value, permit.deadline, permit.v, permit.r, permit.s);
    return { receipt, alreadyApplied: false };
  } catch (error) {
    if ((await client.token.allowance(permit.owner, permit.spender)) >= permit.value) {
      return { receipt: undefined, alreadyApplied: true };
    }
    throw error;
  }
}

export async function issuerQuota(client: PointsClient, issuer: string): Promise<bigint> {
  return client.token.issuerQuota(parseAddress(issuer, "issuer"));
}

/** Sets how many points `issuer` may still issue (admin only). */
export async function setIssuerQuota(
  client: PointsClient,
  input: { issuer: string; quota: bigint | string },
): Promise<TransactionReceipt> {
  const quota = String(input.quota).trim() === "0" ? 0n : parseAmount(input.quota, "quota");
  return send(client, client.token.setIssuerQuota, parseAddress(input.issuer, "issuer"), quota);
}

export async function grantTokenRole(
  client: PointsClient,
  input: { role: TokenRole; account: string },
): Promise<TransactionReceipt> {
  if (input.role === "DEFAULT_ADMIN_ROLE") {
    throw new PointsError("the admin role is handed over in two steps", "use beginDefaultAdminTransfer, then accept");
  }
  return send(client, client.token.grantRole, tokenRoleId(input.role), parseAddress(input.account, "account"));
}

export async function revokeTokenRole(
  client: PointsClient,
  input: { role: TokenRole; account: string },
): Promise<TransactionReceipt> {
  return send(client, client.token.revokeRole, tokenRoleId(input.role), parseAddress(input.account, "account"));
}

/** The token roles `account` holds. */
export async function tokenRoles(client: PointsClient, account: string): Promise<TokenRole[]> {
  const address = parseAddress(account, "account");
  const all: TokenRole[] = ["DEFAULT_ADMIN_ROLE", "ISSUER_ROLE", "BURNER_ROLE", "PAUSER_ROLE"];
  const held = await Promise.all(all.map((r) => client.token.hasRole(tokenRoleId(r), address)));
  return all.filter((_, i) => held[i]);
}

export async function pause(client: PointsClient): Promise<TransactionReceipt> {
  return send(client, client.token.pause);
}

export async function unpause(client: PointsClient): Promise<TransactionReceipt> {
  return send(client, client.token.unpause);
}
