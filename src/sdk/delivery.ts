/**
 * Delivery details of physical orders (name, address, phone), kept off chain by the system's API
 * (src/api/delivery.ts). The buyer signs them as EIP-712 typed data, so a wallet shows every field
 * before signing and the server recovers the buyer without any password; the domain names the
 * chain and the mall, so a signature serves no other deployment. Readers (the order's merchant's
 * fulfillers) sign in with EIP-4361 (Sign-In with Ethereum) for an expiring bearer session.
 * Browser-safe: fetch and ethers only. Keys never leave the signer: only signatures are sent.
 */
import { getAddress, type Signer, type TypedDataDomain, type TypedDataField } from "ethers";
import { DeliveryError, InvalidInputError } from "./errors.js";
import { toPointsError } from "./reverts.js";

/** The longest accepted fields, in characters (the server refuses longer ones, naming the field). */
export const DELIVERY_LIMITS = { name: 100, address: 400, phone: 32 } as const;

/** How far a signed request's issuedAt may lie in the past, and in the future (clock skew). */
export const DELIVERY_FRESH_MS = 10 * 60_000;
export const DELIVERY_SKEW_MS = 2 * 60_000;

export interface DeliveryDetails {
  orderId: bigint;
  name: string;
  address: string;
  phone: string;
}

/** What the buyer signs: the details, and when (ms since 1970); only a later request replaces them. */
export interface SignedDelivery {
  details: DeliveryDetails & { issuedAt: bigint };
  signature: string;
}

export interface SignedErasure {
  request: { orderId: bigint; issuedAt: bigint };
  signature: string;
}

export const DELIVERY_TYPES: Record<string, TypedDataField[]> = {
  DeliveryDetails: [
    { name: "orderId", type: "uint64" },
    { name: "name", type: "string" },
    { name: "address", type: "string" },
    { name: "phone", type: "string" },
    { name: "issuedAt", type: "uint64" },
  ],
};

export const ERASURE_TYPES: Record<string, TypedDataField[]> = {
  DeleteDeliveryDetails: [
    { name: "orderId", type: "uint64" },
    { name: "issuedAt", type: "uint64" },
  ],
};

/**
 * The domain of delivery signatures. The mall has no EIP-712 domain of its own (it verifies no
 * signatures), so this one is fixed here, on the mall's address and the chain id.
 */
export function deliveryDomain(chainId: bigint | number, mall: string): TypedDataDomain {
  return { name: "Points Mall delivery details", version: "1", chainId: BigInt(chainId), verifyingContract: getAddress(mall) };
}

// Letters of any script, digits, spaces and common punctuation; no control characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const PHONE = /^\+?[0-9 ()./-]{4,32}$/;

/** Checks and trims the fields; throws InvalidInputError naming the field (name, address, phone). */
export function checkDeliveryFields(input: { name: unknown; address: unknown; phone: unknown }): { name: string; address: string; phone: string } {
  const out: Record<string, string> = {};
  for (const field of ["name", "address", "phone"] as const) {
    const value = input[field];
    if (typeof value !== "string") throw new InvalidInputError(field, "missing", `give the ${field} as text`);
    const text = value.trim();
    if (text === "") throw new InvalidInputError(field, "is empty", `give the ${field}`);
    if ([...text].length > DELIVERY_LIMITS[field]) throw new InvalidInputError(field, `is longer than ${DELIVERY_LIMITS[field]} characters`, `shorten the ${field}`);
    if (field !== "address" && /[\r\n]/.test(text)) throw new InvalidInputError(field, "has a line break", "write it on one line");
    if (CONTROL.test(text)) throw new InvalidInputError(field, "has control characters", "type it again as plain text");
    out[field] = text;
  }
  if (!PHONE.test(out.phone!)) throw new InvalidInputError("phone", `"${out.phone}" is not a phone number`, "give digits, spaces and + ( ) - . / only, like +86 138 0000 0000");
  if ((out.phone!.match(/\d/g) ?? []).length < 4) throw new InvalidInputError("phone", "has too few digits", "give the whole number");
  return out as { name: string; address: string; phone: string };
}

/** The buyer's signature over the details: a wallet shows the fields; nothing is sent here. */
export async function signDeliveryDetails(signer: Signer, chain: { chainId: bigint | number; mall: string }, details: DeliveryDetails, now = Date.now()): Promise<SignedDelivery> {
  const fields = checkDeliveryFields(details);
  const message = { orderId: details.orderId, ...fields, issuedAt: BigInt(now) };
  try {
    return { details: message, signature: await signer.signTypedData(deliveryDomain(chain.chainId, chain.mall), DELIVERY_TYPES, message) };
  } catch (error) {
    throw toPointsError(error);
  }
}

export async function signDeliveryErasure(signer: Signer, chain: { chainId: bigint | number; mall: string }, orderId: bigint, now = Date.now()): Promise<SignedErasure> {
  const request = { orderId, issuedAt: BigInt(now) };
  try {
    return { request, signature: await signer.signTypedData(deliveryDomain(chain.chainId, chain.mall), ERASURE_TYPES, request) };
  } catch (error) {
    throw toPointsError(error);
  }
}

/** What the API says of an order's details to anyone: whether some are on file, never what. */
export interface DeliveryStatus {
  orderId: number;
  onFile: boolean;
  deleted: boolean;
  updatedAt: string | null;
}

/** The details as a fulfiller reads them. */
export interface StoredDelivery {
  orderId: number;
  buyer: string;
  merchantId: number;
  name: string;
  address: string;
  phone: string;
  updatedAt: string;
}

export interface DeliverySession {
  token: string;
  address: string;
  expiresAt: string;
}

async function call<T>(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(init.timeoutMs ?? 15_000) });
  } catch (error) {
    throw new DeliveryError(0, `the system's API at ${new URL(url).origin} did not answer`, "check the connection and try again", { cause: error });
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string; hint?: string | null; field?: string | null };
  if (!response.ok) {
    throw new DeliveryError(response.status, body.error ?? `the API answered HTTP ${response.status}`, body.hint ?? undefined, { field: body.field ?? undefined });
  }
  return body as T;
}

const json = (body: unknown) => JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
const post = (method: string, body: unknown, token?: string): RequestInit => ({
  method,
  headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
  body: json(body),
});
const base = (apiUrl: string) => apiUrl.replace(/\/+$/, "");

/** Signs the details with `signer` (the order's buyer) and stores them; a later call replaces them. */
export async function submitDeliveryDetails(apiUrl: string, signer: Signer, chain: { chainId: bigint | number; mall: string }, details: DeliveryDetails): Promise<DeliveryStatus> {
  const signed = await signDeliveryDetails(signer, chain, details);
  return call<DeliveryStatus>(`${base(apiUrl)}/orders/${details.orderId}/delivery`, post("POST", signed));
}

/** Erases the order's details (signed by the buyer): fulfillers read nothing after it. */
export async function deleteDeliveryDetails(apiUrl: string, signer: Signer, chain: { chainId: bigint | number; mall: string }, orderId: bigint): Promise<DeliveryStatus> {
  const signed = await signDeliveryErasure(signer, chain, orderId);
  return call<DeliveryStatus>(`${base(apiUrl)}/orders/${orderId}/delivery`, post("DELETE", signed));
}

export function deliveryStatus(apiUrl: string, orderId: bigint): Promise<DeliveryStatus> {
  return call<DeliveryStatus>(`${base(apiUrl)}/orders/${orderId}/delivery/status`);
}

/**
 * An EIP-4361 message, line by line as the standard writes it. Built here rather than with the
 * `siwe` package, whose parser needs Node's Buffer in a browser; the server parses what this
 * builds with `siwe`'s strict ABNF parser, and the tests hold the two together.
 */
export function siweMessage(m: { domain: string; address: string; statement?: string; uri: string; chainId: number; nonce: string; issuedAt: string; expirationTime?: string }): string {
  if (m.statement !== undefined && /[\r\n]/.test(m.statement)) throw new InvalidInputError("statement", "has a line break", "write it on one line");
  return [
    `${m.domain} wants you to sign in with your Ethereum account:`,
    getAddress(m.address),
    "",
    ...(m.statement === undefined ? [] : [m.statement, ""]),
    `URI: ${m.uri}`,
    "Version: 1",
    `Chain ID: ${m.chainId}`,
    `Nonce: ${m.nonce}`,
    `Issued At: ${m.issuedAt}`,
    ...(m.expirationTime === undefined ? [] : [`Expiration Time: ${m.expirationTime}`]),
  ].join("\n");
}

/**
 * Signs in with Ethereum (EIP-4361) at the API: a nonce from the server, a message for the page's
 * `origin` and chain signed by `signer` (personal_sign), a session token back. The session ends at
 * `expiresAt` (one hour at most) or on signOut.
 */
export async function signInForDelivery(apiUrl: string, signer: Signer, o: { origin: string; chainId: bigint | number; statement?: string; ttlMs?: number }): Promise<DeliverySession> {
  const { nonce } = await call<{ nonce: string }>(`${base(apiUrl)}/auth/nonce`);
  const origin = new URL(o.origin);
  const now = Date.now();
  const message = siweMessage({
    domain: origin.host,
    address: getAddress(await signer.getAddress()),
    statement: o.statement ?? "Sign in to read the delivery details of your merchant's orders.",
    uri: origin.origin,
    chainId: Number(o.chainId),
    nonce,
    issuedAt: new Date(now).toISOString(),
    expirationTime: new Date(now + (o.ttlMs ?? 60 * 60_000)).toISOString(),
  });
  let signature: string;
  try {
    signature = await signer.signMessage(message);
  } catch (error) {
    throw toPointsError(error);
  }
  return call<DeliverySession>(`${base(apiUrl)}/auth/session`, post("POST", { message, signature }));
}

export async function signOutOfDelivery(apiUrl: string, token: string): Promise<void> {
  await call<unknown>(`${base(apiUrl)}/auth/session`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
}

/** The order's details, for a session of one of its merchant's fulfillers (401/403 otherwise). */
export function readDeliveryDetails(apiUrl: string, token: string, orderId: bigint): Promise<StoredDelivery> {
  return call<StoredDelivery>(`${base(apiUrl)}/orders/${orderId}/delivery`, { headers: { authorization: `Bearer ${token}` } });
}

