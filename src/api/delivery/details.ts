/**
 * The details routes: the buyer's signed writes (store, replace, delete) and their status, and the
 * reads of the order's merchant's fulfillers.
 */
import { DELIVERY_FRESH_MS, DELIVERY_SKEW_MS, DELIVERY_TYPES, ERASURE_TYPES, checkDeliveryFields, InvalidInputError } from "../../sdk/index.js";
import { ApiError, badParam } from "../params.js";
import { send } from "../server.js";
import { sessionReader } from "./auth.js";
import type { DeliveryRoutes } from "./index.js";
import { jsonBody, orderIdParam, signatureOf, whole } from "./request.js";

type Fields = { name: string; address: string; phone: string };

export function registerDetails(r: DeliveryRoutes): void {
  const { app, db, now, chain, log } = r;
  const sessionOf = sessionReader(r);

  /** Checks a signed request's time: fresh, and not from the future beyond clock skew. */
  function checkFresh(issuedAt: bigint): void {
    const t = now();
    if (issuedAt < BigInt(t - DELIVERY_FRESH_MS)) badParam("issuedAt", "is more than 10 minutes old", "sign the request again");
    if (issuedAt > BigInt(t + DELIVERY_SKEW_MS)) badParam("issuedAt", "is in the future", "check the device's clock and sign again");
  }

  /** Stores a signed write if it is later than what the order has: a replayed or older one changes nothing. */
  async function store(orderId: bigint, buyer: string, merchantId: number, issuedAt: bigint, fields: Fields | null) {
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

  app.get("/orders/:id/delivery/status", async (c) => send(c, await statusOf(orderIdParam(c))));

  app.post("/orders/:id/delivery", r.limitBody, async (c) => {
    await r.writes(c);
    const orderId = orderIdParam(c);
    const body = await jsonBody(c);
    const d = (body.details ?? {}) as Record<string, unknown>;
    if (typeof body.details !== "object" || body.details === null) badParam("details", "missing", "send {details: {orderId, name, address, phone, issuedAt}, signature}");
    if (whole(d.orderId, "orderId") !== orderId) badParam("orderId", `is not ${orderId}, the order in the path`, "sign the details for this order");
    let fields: Fields;
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
    const order = await chain.orderOnChain(orderId);
    const signer = chain.typedSigner(DELIVERY_TYPES, { orderId, ...fields, issuedAt }, signature);
    if (signer !== order.buyer) throw new ApiError(403, `signature: was made by ${signer}, not by the order's buyer`, "sign with the account that placed the order", "signature");
    if (order.status === "Cancelled") throw new ApiError(409, `order ${orderId} was cancelled: it will not be delivered`, "nothing to send");
    await store(orderId, order.buyer, order.merchantId, issuedAt, fields);
    log.info("delivery details stored", { order: Number(orderId) });
    return send(c, await statusOf(orderId));
  });

  app.delete("/orders/:id/delivery", r.limitBody, async (c) => {
    await r.writes(c);
    const orderId = orderIdParam(c);
    const body = await jsonBody(c);
    const q = (body.request ?? {}) as Record<string, unknown>;
    if (typeof body.request !== "object" || body.request === null) badParam("request", "missing", "send {request: {orderId, issuedAt}, signature}");
    if (whole(q.orderId, "orderId") !== orderId) badParam("orderId", `is not ${orderId}, the order in the path`, "sign the request for this order");
    const issuedAt = whole(q.issuedAt, "issuedAt");
    const signature = signatureOf(body.signature);
    checkFresh(issuedAt);
    const order = await chain.orderOnChain(orderId);
    const signer = chain.typedSigner(ERASURE_TYPES, { orderId, issuedAt }, signature);
    if (signer !== order.buyer) throw new ApiError(403, `signature: was made by ${signer}, not by the order's buyer`, "sign with the account that placed the order", "signature");
    // A tombstone even when nothing was on file: older signed details can never be replayed after it.
    await store(orderId, order.buyer, order.merchantId, issuedAt, null);
    log.info("delivery details deleted by the buyer", { order: Number(orderId) });
    return send(c, await statusOf(orderId));
  });

  app.get("/orders/:id/delivery", async (c) => {
    const orderId = orderIdParam(c);
    const reader = await sessionOf(c);
    const order = await chain.orderOnChain(orderId);
    if (!(await chain.isFulfiller(reader, order.merchantId))) {
      throw new ApiError(403, `${reader} is not a fulfiller of merchant ${order.merchantId}, whose order this is`, "only the merchant's fulfillers read delivery details; its administrator can grant the role");
    }
    const row = await db.selectFrom("delivery_details").selectAll().where("order_id", "=", Number(orderId)).executeTakeFirst();
    if (row === undefined || row.buyer !== order.buyer) throw new ApiError(404, `the customer gave no delivery details for order ${orderId}`, "contact the customer another way");
    if (row.name === null || row.address === null || row.phone === null) throw new ApiError(404, `the customer deleted the delivery details of order ${orderId}`, "contact the customer another way");
    // Who read whose address, without the address: an audit trail in the server's log.
    log.info("delivery details read", { order: Number(orderId), reader });
    return send(c, { orderId: Number(orderId), buyer: row.buyer, merchantId: row.merchant_id, name: row.name, address: row.address, phone: row.phone, updatedAt: new Date(row.updated_at).toISOString() });
  });
}
