/**
 * Delivery details of physical orders, off chain: the buyer stores, replaces and deletes them with
 * EIP-712 signatures (no account, no password: the signature is the authority); the fulfillers of
 * the order's merchant read them after signing in with Ethereum (EIP-4361), with a session that
 * expires. Roles and orders are read from the chain at each request, so a fulfiller whose role was
 * revoked reads nothing from that moment, and an order placed a block ago already counts.
 *
 * request.ts reads bodies and paths, chain.ts asks the chain, auth.ts signs readers in, details.ts
 * serves the details themselves.
 */
import type { HttpBindings } from "@hono/node-server";
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { LedgerDatabase } from "../../indexer/database.js";
import type { Logger } from "../../indexer/log.js";
import { ApiError } from "../params.js";
import { registerAuth } from "./auth.js";
import { chainReader, type ChainReader, type DeliveryChain } from "./chain.js";
import { registerDetails } from "./details.js";
import { MAX_BODY, rateLimiter } from "./request.js";

export type { DeliveryChain } from "./chain.js";

export type Env = { Bindings: HttpBindings };

export interface DeliveryOptions {
  database: LedgerDatabase;
  chain: DeliveryChain | undefined;
  /** Web origins whose pages may sign users in (their hosts are the SIWE domains accepted). */
  origins: string[];
  /** Longest session (default one hour); a message's own Expiration Time may end it sooner. */
  sessionMs?: number;
  /** Writes (sign-in nonces and sessions, details stored or deleted) per client address per minute (default 30). */
  writesPerMinute?: number;
  /** The clock (ms since 1970); tests move it to expire sessions. */
  now?: () => number;
  log: Logger;
}

/** What the route modules share: the app, the database, the clock, the chain and the write guards. */
export interface DeliveryRoutes {
  app: Hono<Env>;
  db: LedgerDatabase["db"];
  now: () => number;
  chain: ChainReader;
  log: Logger;
  limitBody: ReturnType<typeof bodyLimit>;
  /** Counts a write against the client's address (429 past the limit). */
  writes: (c: Context<Env>) => Promise<void>;
}

export function registerDelivery(app: Hono<Env>, o: DeliveryOptions): void {
  const now = o.now ?? Date.now;
  const limit = rateLimiter(o.database.db, o.writesPerMinute ?? 30, now);
  const r: DeliveryRoutes = {
    app,
    db: o.database.db,
    now,
    chain: chainReader(o.chain),
    log: o.log,
    limitBody: bodyLimit({ maxSize: MAX_BODY, onError: () => { throw new ApiError(413, `the body is larger than ${MAX_BODY} bytes`, "send the fields only, within their limits"); } }),
    writes: (c) => limit(c.env?.incoming?.socket?.remoteAddress ?? "local"),
  };
  registerAuth(r, o.origins, o.sessionMs ?? 60 * 60_000);
  registerDetails(r);
}
