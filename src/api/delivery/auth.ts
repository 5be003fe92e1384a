/**
 * Sign-In with Ethereum (EIP-4361) for the readers of delivery details: a single-use nonce, the
 * signed message checked field by field, and a bearer session kept as the token's SHA-256.
 */
import { randomBytes } from "node:crypto";
import { getAddress, verifyMessage } from "ethers";
import type { Context } from "hono";
import { SiweMessage } from "siwe";
import { DELIVERY_SKEW_MS } from "../../sdk/index.js";
import { ApiError, badParam } from "../params.js";
import { send } from "../server.js";
import type { DeliveryRoutes, Env } from "./index.js";
import { bearerToken, jsonBody, sha256, signatureOf } from "./request.js";

const NONCE_MS = 10 * 60_000;

/** The address a request's session belongs to; refused (401) without a live session. */
export function sessionReader(r: DeliveryRoutes) {
  return async (c: Context<Env>): Promise<string> => {
    const token = bearerToken(c);
    if (token === undefined) throw new ApiError(401, "sign in first: this needs a session", "sign in with Ethereum (POST /auth/session) and send its token as Authorization: Bearer <token>");
    const row = await r.db.selectFrom("delivery_sessions").select("address").where("token_hash", "=", sha256(token)).where("expires_at_ms", ">", r.now()).executeTakeFirst();
    if (row === undefined) throw new ApiError(401, "the session has expired or was ended", "sign in with Ethereum again");
    return row.address;
  };
}

export function registerAuth(r: DeliveryRoutes, origins: string[], sessionMs: number): void {
  const { app, db, now } = r;
  const hosts = new Set(origins.map((x) => new URL(x).host));

  app.get("/auth/nonce", async (c) => {
    await r.writes(c); // each nonce is a row: a flood of them is limited like any write
    const nonce = randomBytes(16).toString("hex");
    const t = now();
    await db.deleteFrom("siwe_nonces").where("expires_at_ms", "<=", t).execute();
    await db.insertInto("siwe_nonces").values({ nonce, expires_at_ms: t + NONCE_MS }).execute();
    return send(c, { nonce, expiresAt: new Date(t + NONCE_MS).toISOString() });
  });

  app.post("/auth/session", r.limitBody, async (c) => {
    await r.writes(c);
    const chain = r.chain.chainOf();
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
    const token = bearerToken(c);
    if (token !== undefined) await db.deleteFrom("delivery_sessions").where("token_hash", "=", sha256(token)).execute();
    return send(c, { ok: true });
  });
}
