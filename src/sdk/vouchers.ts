import { concat, dataSlice, decodeBase64, encodeBase64, getAddress, hexlify, randomBytes, toBeHex, toBigInt, verifyTypedData, type TransactionReceipt } from "ethers";
import { requireSigner, send, type PointsClient } from "./client.js";
import { eip712DomainOf } from "./eip712.js";
import { InvalidInputError } from "./errors.js";
import { checkRecipient } from "./recipients.js";
import { tokenRoleId } from "./roles.js";
import { formatTime } from "./time.js";
import { parseAddress, parseAmount, parseRef } from "./validate.js";

/** The EIP-712 types of an earn voucher (PointsToken.claim). */
export const VOUCHER_TYPES = {
  Voucher: [
    { name: "recipient", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "ref", type: "bytes32" },
    { name: "expiry", type: "uint256" },
    { name: "id", type: "uint256" },
    { name: "generation", type: "uint256" },
  ],
};

export interface Voucher {
  recipient: string;
  amount: bigint;
  ref: string;
  expiry: bigint;
  id: bigint;
  /** The issuer's `issuerGeneration` when it signed: a revocation of the issuer voids the voucher. */
  generation: bigint;
}

export interface SignedVoucher {
  voucher: Voucher;
  signature: string;
}

/** A voucher must stay valid at least this long after signing: one that expires at once helps no one. */
export const MIN_VOUCHER_LIFETIME = 60n;

/** A random voucher id of 128 bits: two tills never pick the same one. */
export function randomVoucherId(): bigint {
  return toBigInt(randomBytes(16));
}

/**
 * Signs an earn voucher with the client's signer, which must hold ISSUER_ROLE when it is claimed.
 * The EIP-712 domain is the token's own (eip712Domain()), so the voucher works on no other chain or
 * token. Refuses an id this signer's vouchers already used, an expiry within a minute of the
 * chain's time, and a recipient that would lose the points. Without `id`, picks a random one.
 */
export async function signVoucher(
  client: PointsClient,
  input: { recipient: string; amount: bigint | string; ref: string; expiry: bigint; id?: bigint },
): Promise<SignedVoucher> {
  const signer = requireSigner(client);
  const voucher: Voucher = {
    recipient: parseAddress(input.recipient, "recipient"),
    amount: parseAmount(input.amount),
    ref: parseRef(input.ref),
    expiry: input.expiry,
    id: input.id ?? randomVoucherId(),
    generation: await client.token.issuerGeneration(await signer.getAddress()),
  };
  if (voucher.id < 0n || voucher.id >= 2n ** 128n) throw new InvalidInputError("voucher id", `${voucher.id} is out of range`, "give 0 to 2^128 - 1, or none for a random one");
  const issuer = await signer.getAddress();
  const [latest, claimed, domain, isIssuer] = await Promise.all([
    client.provider.getBlock("latest"),
    client.token.voucherClaimed(issuer, voucher.id),
    eip712DomainOf(client.token),
    client.token.hasRole(tokenRoleId("ISSUER_ROLE"), issuer),
    checkRecipient(client, voucher.recipient, "recipient"),
  ]);
  if (!isIssuer) throw new InvalidInputError("signer", `${issuer} does not hold ISSUER_ROLE, so a voucher it signs would be refused`, "sign with an issuer's key");
  const now = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000));
  if (voucher.expiry <= now + MIN_VOUCHER_LIFETIME) {
    throw new InvalidInputError("expiry", `${formatTime(voucher.expiry)} is not after the chain's time plus a minute (${formatTime(now + MIN_VOUCHER_LIFETIME)})`, "give a later expiry, like 7d");
  }
  if (claimed) throw new InvalidInputError("voucher id", `voucher ${voucher.id} of ${issuer} was claimed already`, "give another id, or none for a random one");
  return { voucher, signature: await signer.signTypedData(domain, VOUCHER_TYPES, voucher) };
}

const notValid = (cause?: unknown) => new InvalidInputError("voucher", "this code is not valid", "scan or copy the code again", { cause });

/**
 * Who signed a voucher, checked here before anything is sent: the signature must recover to an
 * account that holds ISSUER_ROLE now. A code damaged in transit recovers to a stranger (or to
 * nothing), and reads as "not valid", not as a missing role.
 */
export async function voucherSigner(client: PointsClient, signed: SignedVoucher): Promise<string> {
  const domain = await eip712DomainOf(client.token);
  let signer: string;
  try {
    signer = verifyTypedData(domain, VOUCHER_TYPES, signed.voucher, signed.signature);
  } catch (error) {
    throw notValid(error);
  }
  if (!(await client.token.hasRole(tokenRoleId("ISSUER_ROLE"), signer))) throw notValid();
  return signer;
}

/** Claims a signed voucher; anyone may send it, the points go to its recipient. */
export async function claimVoucher(client: PointsClient, signed: SignedVoucher): Promise<TransactionReceipt> {
  await voucherSigner(client, signed);
  return send(client, client.token.claim, signed.voucher, signed.signature);
}

export async function voucherClaimed(client: PointsClient, issuer: string, id: bigint): Promise<boolean> {
  return client.token.voucherClaimed(parseAddress(issuer, "issuer"), id);
}

const PREFIX = "PV2.";
// recipient 20 | amount 16 | ref 32 | expiry 8 | id 16 | generation 4 | signature 65: 161 bytes.
const SIZES = [20, 16, 32, 8, 16, 4, 65] as const;
const LENGTH = SIZES.reduce((a, b) => a + b, 0);

/** A voucher as one short line of text (215 characters), for a QR code on a till receipt. */
export function encodeVoucher(signed: SignedVoucher): string {
  const { voucher: v, signature } = signed;
  if (v.amount >= 2n ** 128n || v.expiry >= 2n ** 64n || v.generation >= 2n ** 32n) {
    throw new InvalidInputError("voucher", "amount, expiry or generation too large to encode", "give a smaller amount or an earlier expiry");
  }
  const bytes = concat([v.recipient, toBeHex(v.amount, 16), v.ref, toBeHex(v.expiry, 8), toBeHex(v.id, 16), toBeHex(v.generation, 4), signature]);
  return PREFIX + encodeBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Reads a voucher encoded by `encodeVoucher`. */
export function decodeVoucher(text: string): SignedVoucher {
  const code = text.trim();
  if (code.startsWith("PV1.")) throw new InvalidInputError("voucher", "this is an old voucher code (PV1), from before vouchers named the issuer's generation", "ask the merchant for a new one");
  if (!code.startsWith(PREFIX)) throw new InvalidInputError("voucher", `this is not a Points Mall voucher (its code starts with ${PREFIX})`, "scan or copy the code again");
  let bytes: string;
  try {
    const b64 = code.slice(PREFIX.length).replaceAll("-", "+").replaceAll("_", "/");
    if (!/^[A-Za-z0-9+/]*$/.test(b64)) throw new Error("not base64url");
    bytes = hexlify(decodeBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4)));
  } catch (error) {
    throw notValid(error);
  }
  if ((bytes.length - 2) / 2 !== LENGTH) throw notValid();
  const parts: string[] = [];
  let at = 0;
  for (const size of SIZES) {
    parts.push(dataSlice(bytes, at, at + size));
    at += size;
  }
  const [recipient, amount, ref, expiry, id, generation, signature] = parts as [string, string, string, string, string, string, string];
  return {
    voucher: { recipient: getAddress(recipient), amount: toBigInt(amount), ref, expiry: toBigInt(expiry), id: toBigInt(id), generation: toBigInt(generation) },
    signature,
  };
}
