import { concat, dataSlice, decodeBase64, encodeBase64, getAddress, hexlify, toBeHex, toBigInt, type TransactionReceipt } from "ethers";
import { requireSigner, send, type PointsClient } from "./client.js";
import { InvalidInputError } from "./errors.js";
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

/**
 * Signs an earn voucher with the client's signer, which must be an issuer when it is claimed.
 * The EIP-712 domain names this chain and this token, so the voucher works nowhere else.
 */
export async function signVoucher(
  client: PointsClient,
  input: { recipient: string; amount: bigint | string; ref: string; expiry: bigint; id: bigint },
): Promise<SignedVoucher> {
  const signer = requireSigner(client);
  const voucher: Voucher = {
    recipient: parseAddress(input.recipient, "recipient"),
    amount: parseAmount(input.amount),
    ref: parseRef(input.ref),
    expiry: input.expiry,
    id: input.id,
    generation: await client.token.issuerGeneration(await signer.getAddress()),
  };
  if (voucher.id < 0n || voucher.id >= 2n ** 128n) throw new InvalidInputError("voucher id", "give 0 to 2^128 - 1");
  const [name, { chainId }] = await Promise.all([client.token.name(), client.provider.getNetwork()]);
  const domain = { name, version: "1", chainId, verifyingContract: await client.token.getAddress() };
  return { voucher, signature: await signer.signTypedData(domain, VOUCHER_TYPES, voucher) };
}

/** Claims a signed voucher; anyone may send it, the points go to its recipient. */
export async function claimVoucher(client: PointsClient, signed: SignedVoucher): Promise<TransactionReceipt> {
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
    throw new InvalidInputError("voucher", "amount, expiry or generation too large to encode");
  }
  const bytes = concat([v.recipient, toBeHex(v.amount, 16), v.ref, toBeHex(v.expiry, 8), toBeHex(v.id, 16), toBeHex(v.generation, 4), signature]);
  return PREFIX + encodeBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Reads a voucher encoded by `encodeVoucher`. */
export function decodeVoucher(text: string): SignedVoucher {
  const code = text.trim();
  if (!code.startsWith(PREFIX)) throw new InvalidInputError("voucher", `not a Points Mall voucher (it starts with ${PREFIX})`);
  let bytes: string;
  try {
    const b64 = code.slice(PREFIX.length).replaceAll("-", "+").replaceAll("_", "/");
    bytes = hexlify(decodeBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4)));
  } catch {
    throw new InvalidInputError("voucher", "the code is damaged", "scan or copy it again");
  }
  if ((bytes.length - 2) / 2 !== LENGTH) throw new InvalidInputError("voucher", "the code has the wrong length", "scan or copy it again");
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
