/**
 * Delivery details of physical orders, off chain: the buyer stores, replaces and deletes them with
 * EIP-712 signatures (no account, no password: the signature is the authority); the fulfillers of
 * the order's merchant read them after signing in with Ethereum (EIP-4361), with a session that
 * expires. Roles and orders are read from the chain at each request, so a fulfiller whose role was
 * revoked reads nothing from that moment, and an order placed a block ago already counts.
 */
import { createHash, randomBytes } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import { getAddress, verifyMessage, verifyTypedData, type ContractRunner } from "ethers";
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { SiweMessage } from "siwe";
import { PointsMall__factory } from "../../types/ethers-contracts/index.js";
import type { LedgerDatabase } from "../indexer/database.js";
import type { Logger } from "../indexer/log.js";
import {
  DELIVERY_FRESH_MS, DELIVERY_SKEW_MS, DELIVERY_TYPES, ERASURE_TYPES, checkDeliveryFields, deliveryDomain, merchantRoleId, orderStatusName,
  toPointsError, ContractRevertError, InvalidInputError, NetworkError,
} from "../sdk/index.js";
import { ApiError, badParam } from "./params.js";
import { send } from "./server.js";

type Env = { Bindings: HttpBindings };

/** The chain the API checks signatures, orders and roles against. */
export interface DeliveryChain {
  runner: ContractRunner;
  mall: string;
  chainId: bigint;
}

export interface DeliveryOptions {
  database: LedgerDatabase;
  chain: DeliveryChain | undefined;
  /** Web origins whose pages may sign users in (their hosts are the SIWE domains accepted). */
  origins: string[];
  /** Longest session (default one hour); a message's own Expiration Time may end it sooner. */
  sessionMs?: number;
  /** Signed writes per client address per minute (default 30). */
  writesPerMinute?: number;
  /** The clock (ms since 1970); tests move it to expire sessions. */
  now?: () => number;
  log: Logger;
}

const NONCE_MS = 10 * 60_000;
const MAX_BODY = 8 * 1024;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  try {
    const body = (await c.req.json()) as unknown;
    if (body !== null && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // said below
  }
  throw new ApiError(400, "the body is not a JSON object", "send application/json as the API's documentation shows");
}

function whole(value: unknown, field: string): bigint {
  if ((typeof value === "string" && /^\d{1,20}$/.test(value)) || (typeof value === "number" && Number.isSafeInteger(value) && value >= 0)) return BigInt(value);
  return badParam(field, "is not a whole number", "give it as digits, like \"7\"");
}

function signatureOf(value: unknown): string {
  if (typeof value === "string" && /^0x[0-9a-fA-F]{130}$/.test(value)) return value;
  return badParam("signature", "is not a 65-byte signature", "send the wallet's signature as 0x and 130 hex digits");
}

function orderIdParam(c: Context): bigint {
  const text = c.req.param("id") ?? "";
  if (!/^\d{1,19}$/.test(text) || BigInt(text) === 0n || BigInt(text) >= 2n ** 64n) badParam("id", `"${text}" is not an order id`, "give the order's number, like 7");
  return BigInt(text);
}

/** Counts signed writes per client address in a sliding minute (in memory: per process). */
function rateLimiter(perMinute: number, now: () => number) {
  const seen = new Map<string, number[]>();
  return (key: string) => {
    const t = now();
    const recent = (seen.get(key) ?? []).filter((x) => x > t - 60_000);
    if (recent.length >= perMinute) throw new ApiError(429, `too many requests: at most ${perMinute} a minute`, "wait a minute and try again");
    recent.push(t);
    seen.set(key, recent);
    if (seen.size > 10_000) seen.clear(); // bounded memory under a flood of addresses
  };
}

export function registerDelivery(app: Hono<Env>, o: DeliveryOptions): void {
  const db = o.database.db;
  const now = o.now ?? Date.now;
  const sessionMs = o.sessionMs ?? 60 * 60_000;
  const limit = rateLimiter(o.writesPerMinute ?? 30, now);
  const hosts = new Set(o.origins.map((x) => new URL(x).host));
  const limitBody = bodyLimit({ maxSize: MAX_BODY, onError: () => { throw new ApiError(413, `the body is larger than ${MAX_BODY} bytes`, "send the fields only, within their limits"); } });
  const writes = (c: Context<Env>) => limit(c.env?.incoming?.socket?.remoteAddress ?? "local");

  const chainOf = (): DeliveryChain => {
    if (o.chain === undefined) throw new ApiError(503, "this API has no connection to the chain, so it cannot check signatures against orders", "run it with the ledger (points serve) and an RPC URL");
    return o.chain;
  };

  /** The order as the chain has it now (not the index, which may be a few blocks behind). */
  async function orderOnChain(id: bigint) {
    const chain = chainOf();
    try {
      const v = await PointsMall__factory.connect(chain.mall, chain.runner).order(id);
      return { buyer: getAddress(v.buyer), merchantId: Number(v.merchantId), status: orderStatusName(v.status) };
    } catch (error) {
      const e = toPointsError(error);
      if (e instanceof ContractRevertError && e.errorName === "UnknownOrder") throw new ApiError(404, `there is no order ${id} on this chain`, "check the order's number on its receipt");
      if (e instanceof NetworkError) throw new ApiError(503, "the chain did not answer", "try again in a moment");
      throw e;
    }
  }

  async function isFulfiller(address: string, merchantId: number): Promise<boolean> {
    const chain = chainOf();
    try {
      return await PointsMall__factory.connect(chain.mall, chain.runner).hasRole(merchantRoleId("FULFILLER", merchantId), address);
    } catch {
      throw new ApiError(503, "the chain did not answer whether this account is a fulfiller", "try again in a moment");
    }
  }

  async function sessionOf(c: Context<Env>): Promise<string> {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (token === undefined) throw new ApiError(401, "sign in first: this needs a session", "sign in with Ethereum (POST /auth/session) and send its token as Authorization: Bearer <token>");
    const row = await db.selectFrom("delivery_sessions").select("address").where("token_hash", "=", sha256(token)).where("expires_at_ms", ">", now()).executeTakeFirst();
    if (row === undefined) throw new ApiError(401, "the session has expired or was ended", "sign in with Ethereum again");
    return row.address;
  }

  /** Who signed typed data: a signature that recovers no address is refused as malformed. */
  function typedSigner(types: typeof DELIVERY_TYPES, value: Record<string, unknown>, signature: string): string {
    const chain = chainOf();
    try {
      return verifyTypedData(deliveryDomain(chain.chainId, chain.mall), types, value, signature);
    } catch {
      return badParam("signature", "is not a valid signature", "sign the request again with the wallet");
    }
  }

  /** Checks a signed request's time: fresh, and not from the future beyond clock skew. */
  function checkFresh(issuedAt: bigint): void {
    const t = now();
    if (issuedAt < BigInt(t - DELIVERY_FRESH_MS)) badParam("issuedAt", "is more than 10 minutes old", "sign the request again");
    if (issuedAt > BigInt(t + DELIVERY_SKEW_MS)) badParam("issuedAt", "is in the future", "check the device's clock and sign again");
  }

  /** Stores a signed write if it is later than what the order has: a replayed or older one changes nothing. */
  async function store(orderId: bigint, buyer: string, merchantId: number, issuedAt: bigint, fields: { name: string; address: string; phone: string } | null) {
    const values = { order_id: Number(orderId), buyer, merchant_id: merchantId, name: fields?.name ?? null, address: fields?.address ?? null, phone: fields?.phone ?? null, issued_at_ms: Number(issuedAt), updated_at: new Date(now()), deleted_at: fields === null ? new Date(now()) : null };
    const written = await db
      .insertInto("delivery_details")
      .values(values)
      .onConflict((oc) => oc.column("order_id").doUpdateSet(values).where("delivery_details.issued_at_ms", "<", Number(issuedAt)))
      .returning("order_id")
      .executeTakeFirst();
    if (written === undefined) throw new ApiError(409, "this request was already used, or a later one for this order was accepted", "sign a new request");
  }

  async function statusOf(orderId: bigint) {
    const row = await db.selectFrom("delivery_details").select(["name", "deleted_at", "updated_at"]).where("order_id", "=", Number(orderId)).executeTakeFirst();
    return { orderId: Number(orderId), onFile: row !== undefined && row.name !== null, deleted: row?.deleted_at != null, updatedAt: row === undefined ? null : new Date(row.updated_at).toISOString() };
  }

  app.get("/auth/nonce", async (c) => {
    const nonce = randomBytes(16).toString("hex");
    const t = now();
    await db.deleteFrom("siwe_nonces").where("expires_at_ms", "<=", t).execute();
    await db.insertInto("siwe_nonces").values({ nonce, expires_at_ms: t + NONCE_MS }).execute();
    return send(c, { nonce, expiresAt: new Date(t + NONCE_MS).toISOString() });
  });

  app.post("/auth/session", limitBody, async (c) => {
    writes(c);
    const chain = chainOf();
    const body = await jsonBody(c);
    if (typeof body.message !== "string" || body.message.length > 2_000) badParam("message", "missing or too long", "send the EIP-4361 message the wallet signed");
    const signature = signatureOf(body.signature);
    let m: SiweMessage;
    try {
      m = new SiweMessage(body.message);
    } catch {
      throw new ApiError(400, "message: is not a Sign-In with Ethereum (EIP-4361) message", "build it with the SDK's signInForDelivery or the siwe package", "message");
    }
    const refuse = (why: string, hint = "sign in again from the mall's page") => { throw new ApiError(401, `message: ${why}`, hint, "message"); };
    if (!hosts.has(m.domain)) refuse(`was signed for ${m.domain}, not for this system's pages`);
    let uriHost = "";
    try {
      uriHost = new URL(m.uri).host;
    } catch {
      // refused below
    }
    if (uriHost !== m.domain) refuse(`its URI ${m.uri} is not on ${m.domain}`);
    if (BigInt(m.chainId) !== chain.chainId) refuse(`was signed for chain ${m.chainId}, this system is on chain ${chain.chainId}`, "switch the wallet to the system's chain and sign in again");
    const t = now();
    if (m.expirationTime === undefined) refuse("has no Expiration Time", "sign a message that expires");
    if (Date.parse(m.expirationTime!) <= t) refuse(`expired at ${m.expirationTime}`);
    if (m.notBefore !== undefined && Date.parse(m.notBefore) > t + DELIVERY_SKEW_MS) refuse(`is not valid before ${m.notBefore}`);
    const issued = Date.parse(m.issuedAt ?? "");
    if (!(issued > t - NONCE_MS && issued < t + DELIVERY_SKEW_MS)) refuse(`was issued at ${m.issuedAt}, not within the last 10 minutes`);
    let signer = "";
    try {
      signer = verifyMessage(body.message, signature);
    } catch {
      // refused below
    }
    if (signer !== getAddress(m.address)) throw new ApiError(401, `signature: was not made by ${m.address}`, "sign the message with that account", "signature");
    // The nonce last: a refused message does not use it up. Deleting it is what makes it single-use.
    const used = await db.deleteFrom("siwe_nonces").where("nonce", "=", m.nonce).where("expires_at_ms", ">", t).returning("nonce").executeTakeFirst();
    if (used === undefined) refuse("its nonce is unknown, used already or expired", "ask for a new nonce (GET /auth/nonce) and sign again");
    const token = randomBytes(32).toString("base64url");
    const expires = Math.min(Date.parse(m.expirationTime!), t + sessionMs);
    await db.deleteFrom("delivery_sessions").where("expires_at_ms", "<=", t).execute();
    await db.insertInto("delivery_sessions").values({ token_hash: sha256(token), address: signer, expires_at_ms: expires, created_at: new Date(t) }).execute();
    return send(c, { token, address: signer, expiresAt: new Date(expires).toISOString() });
  });

  app.delete("/auth/session", async (c) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (token !== undefined) await db.deleteFrom("delivery_sessions").where("token_hash", "=", sha256(token)).execute();
    return send(c, { ok: true });
  });

  app.get("/orders/:id/delivery/status", async (c) => send(c, await statusOf(orderIdParam(c))));

  app.post("/orders/:id/delivery", limitBody, async (c) => {
    writes(c);
    const orderId = orderIdParam(c);
    const body = await jsonBody(c);
    const d = (body.details ?? {}) as Record<string, unknown>;
    if (typeof body.details !== "object" || body.details === null) badParam("details", "missing", "send {details: {orderId, name, address, phone, issuedAt}, signature}");
    if (whole(d.orderId, "orderId") !== orderId) badParam("orderId", `is not ${orderId}, the order in the path`, "sign the details for this order");
    let fields: { name: string; address: string; phone: string };
    try {
      fields = checkDeliveryFields({ name: d.name, address: d.address, phone: d.phone });
    } catch (error) {
      if (error instanceof InvalidInputError) throw new ApiError(400, error.message, error.hint, error.field);
      throw error;
    }
    // The signature covers the fields exactly as sent; trimmed ones would not verify.
    if (fields.name !== d.name || fields.address !== d.address || fields.phone !== d.phone) badParam("details", "has spaces around a field", "trim the fields before signing");
    const issuedAt = whole(d.issuedAt, "issuedAt");
    const signature = signatureOf(body.signature);
    checkFresh(issuedAt);
    const order = await orderOnChain(orderId);
    const signer = typedSigner(DELIVERY_TYPES, { orderId, ...fields, issuedAt }, signature);
    if (signer !== order.buyer) throw new ApiError(403, `signature: was made by ${signer}, not by the order's buyer`, "sign with the account that placed the order", "signature");
    if (order.status === "Cancelled") throw new ApiError(409, `order ${orderId} was cancelled: it will not be delivered`, "nothing to send");
    await store(orderId, order.buyer, order.merchantId, issuedAt, fields);
    o.log.info("delivery details stored", { order: Number(orderId) });
    return send(c, await statusOf(orderId));
  });

  app.delete("/orders/:id/delivery", limitBody, async (c) => {
    writes(c);
    const orderId = orderIdParam(c);
    const body = await jsonBody(c);
    const r = (body.request ?? {}) as Record<string, unknown>;
    if (typeof body.request !== "object" || body.request === null) badParam("request", "missing", "send {request: {orderId, issuedAt}, signature}");
    if (whole(r.orderId, "orderId") !== orderId) badParam("orderId", `is not ${orderId}, the order in the path`, "sign the request for this order");
    const issuedAt = whole(r.issuedAt, "issuedAt");
    const signature = signatureOf(body.signature);
    checkFresh(issuedAt);
    const order = await orderOnChain(orderId);
    const signer = typedSigner(ERASURE_TYPES, { orderId, issuedAt }, signature);
    if (signer !== order.buyer) throw new ApiError(403, `signature: was made by ${signer}, not by the order's buyer`, "sign with the account that placed the order", "signature");
    // A tombstone even when nothing was on file: older signed details can never be replayed after it.
    await store(orderId, order.buyer, order.merchantId, issuedAt, null);
    o.log.info("delivery details deleted by the buyer", { order: Number(orderId) });
    return send(c, await statusOf(orderId));
  });

  app.get("/orders/:id/delivery", async (c) => {
    const orderId = orderIdParam(c);
    const reader = await sessionOf(c);
    const order = await orderOnChain(orderId);
    if (!(await isFulfiller(reader, order.merchantId))) {
      throw new ApiError(403, `${reader} is not a fulfiller of merchant ${order.merchantId}, whose order this is`, "only the merchant's fulfillers read delivery details; its administrator can grant the role");
    }
    const row = await db.selectFrom("delivery_details").selectAll().where("order_id", "=", Number(orderId)).executeTakeFirst();
    if (row === undefined || row.buyer !== order.buyer) throw new ApiError(404, `the customer gave no delivery details for order ${orderId}`, "contact the customer another way");
    if (row.name === null || row.address === null || row.phone === null) throw new ApiError(404, `the customer deleted the delivery details of order ${orderId}`, "contact the customer another way");
    // Who read whose address, without the address: an audit trail in the server's log.
    o.log.info("delivery details read", { order: Number(orderId), reader });
    return send(c, { orderId: Number(orderId), buyer: row.buyer, merchantId: row.merchant_id, name: row.name, address: row.address, phone: row.phone, updatedAt: new Date(row.updated_at).toISOString() });
  });
}
