import { Signature, type TransactionReceipt } from "ethers";
import { requireSigner, send, type PointsClient } from "./client.js";
import { eip712DomainOf } from "./eip712.js";
import { InvalidInputError, PointsError } from "./errors.js";
import { queryInChunks } from "./logs.js";
import { checkRecipient, checkRecipients } from "./recipients.js";
import { ALL_TOKEN_ROLES, tokenRoleId, type TokenRole } from "./roles.js";
import { parseAddress, parseAmount, parsePointsOrZero, parseRef, readableRef } from "./validate.js";

export { tokenRoleId, type TokenRole };

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

export async function balanceOf(client: PointsClient, account: string): Promise<bigint> {
  return client.token.balanceOf(parseAddress(account, "account"));
}

/** An earlier issuance by the same issuer under the same reference. */
export interface EarlierIssue {
  block: number;
  txHash: string;
  to: string;
  amount: bigint;
}

/** Where `issuer` issued under `ref` before (its Issued events with that reference), oldest first. */
export async function issuedWithRef(client: PointsClient, issuer: string, ref: string): Promise<EarlierIssue[]> {
  const { token } = client;
  // Filtered by two topics, so one request can cover a long range; a refused range is split.
  const events = await queryInChunks(client, token, token.filters.Issued(parseAddress(issuer, "issuer"), undefined, undefined, parseRef(ref)), { chunk: 1_000_000 });
  return events.map((e) => ({ block: e.blockNumber, txHash: e.transactionHash, to: e.args.to, amount: e.args.amount }));
}

/**
 * Issues `amount` points to `to` for `ref` (text up to 31 bytes, or a 0x… 32-byte hash). Refuses
 * a recipient that would lose the points (the system's own contracts), and a reference this issuer
 * used before unless `allowRepeat`: a receipt credited twice is usually a mistake.
 */
export async function issue(
  client: PointsClient,
  input: { to: string; amount: bigint | string; ref: string; allowRepeat?: boolean },
): Promise<TransactionReceipt> {
  const to = parseAddress(input.to, "to");
  const amount = parseAmount(input.amount);
  const ref = parseRef(input.ref);
  const issuer = await requireSigner(client).getAddress();
  await checkRecipient(client, to, "to");
  if (input.allowRepeat !== true) {
    const [earlier] = await issuedWithRef(client, issuer, ref);
    if (earlier !== undefined) {
      throw new InvalidInputError(
        "reference",
        `${issuer} issued under "${readableRef(ref)}" before (${earlier.amount} points to ${earlier.to} in block ${earlier.block}); nothing was sent`,
        "a receipt credited twice is usually a mistake; to issue again anyway, allow a repeat (points issue --allow-repeat)",
      );
    }
  }
  return send(client, client.token.issue, to, amount, ref);
}

/** Issues to many recipients in one transaction; `batchRef` works once. */
export async function issueBatch(
  client: PointsClient,
  input: { recipients: string[]; amounts: (bigint | string)[]; batchRef: string },
): Promise<TransactionReceipt> {
  if (input.recipients.length === 0) throw new InvalidInputError("recipients", "none", "give at least one");
  if (input.recipients.length !== input.amounts.length) {
    throw new InvalidInputError("amounts", `${input.amounts.length} amounts for ${input.recipients.length} recipients`, "give one amount per recipient");
  }
  const recipients = input.recipients.map((r, i) => parseAddress(r, `recipient #${i}`));
  const amounts = input.amounts.map((a, i) => parseAmount(a, `amount #${i}`));
  const [first] = await checkRecipients(client, recipients);
  if (first !== undefined) throw new InvalidInputError(`recipient #${first[0]}`, first[1], "points sent there are lost: give a person's address");
  return send(client, client.token.issueBatch, recipients, amounts, parseRef(input.batchRef, "batch reference"));
}

/** Sends `amount` points from the signer to `to`. */
export async function transfer(
  client: PointsClient,
  input: { to: string; amount: bigint | string },
): Promise<TransactionReceipt> {
  const to = parseAddress(input.to, "to");
  const amount = parseAmount(input.amount);
  await checkRecipient(client, to, "to");
  return send(client, client.token.transfer, to, amount);
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
  const [nonce, domain] = await Promise.all([client.token.nonces(owner), eip712DomainOf(client.token)]);
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
  const quota = parsePointsOrZero(input.quota, "quota");
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
  const held = await Promise.all(ALL_TOKEN_ROLES.map((r) => client.token.hasRole(tokenRoleId(r), address)));
  return ALL_TOKEN_ROLES.filter((_, i) => held[i]);
}

export async function pause(client: PointsClient): Promise<TransactionReceipt> {
  return send(client, client.token.pause);
}

export async function unpause(client: PointsClient): Promise<TransactionReceipt> {
  return send(client, client.token.unpause);
}
