/** The OpenAPI 3.1 document of the API, written from the route table and the schemas. */
import { routes } from "./routes.js";
import { page, schemas, type Schema } from "./schemas.js";

export interface ExtraOperation {
  path: string;
  method: "get" | "post" | "delete";
  operationId: string;
  summary: string;
  tag: string;
  response: string;
  admin?: boolean;
  /** Needs a Sign-In with Ethereum session (Authorization: Bearer). */
  session?: boolean;
  /** A buyer's signed write: answers 400, 403, 404, 409, 413 and 429 as well. */
  signed?: boolean;
  /** Counted against the per-client write limit without being a signed write: answers 429 as well. */
  limited?: boolean;
  requestBody?: Schema;
  params?: { name: string; in: "path" | "query"; description: string; schema: Schema; required?: boolean }[];
}

/** Routes the server adds beside the table: health, the document itself, and the local admin routes. */
export const extraOperations: ExtraOperation[] = [
  { path: "/health", method: "get", operationId: "health", summary: "Indexed block, chain head, lag, database", tag: "health", response: "Health" },
  { path: "/health/live", method: "get", operationId: "live", summary: "200 while the process answers", tag: "health", response: "Ok" },
  { path: "/health/ready", method: "get", operationId: "ready", summary: "200 when the database answers and the index is within 10 blocks of the head, else 503", tag: "health", response: "Health" },
  { path: "/deployment", method: "get", operationId: "deployment", summary: "The deployment the index follows", tag: "health", response: "Deployment" },
  { path: "/openapi.json", method: "get", operationId: "openapi", summary: "This document", tag: "health", response: "Object" },
  { path: "/admin/webhooks", method: "get", operationId: "listWebhooks", summary: "Webhook subscribers (local admin)", tag: "admin", response: "page:Webhook", admin: true },
  {
    path: "/admin/webhooks", method: "post", operationId: "addWebhook", summary: "Add a webhook subscriber (local admin); the answer shows its secret once", tag: "admin", response: "Webhook", admin: true,
    requestBody: { type: "object", required: ["url"], properties: { url: { type: "string" }, events: { type: "array", items: { type: "string" } }, secret: { type: "string" } } },
  },
  { path: "/admin/webhooks/{id}", method: "delete", operationId: "removeWebhook", summary: "Remove a webhook subscriber (local admin)", tag: "admin", response: "Ok", admin: true, params: [{ name: "id", in: "path", required: true, description: "The subscription id.", schema: { type: "string" } }] },
  { path: "/admin/webhooks/deliveries", method: "get", operationId: "webhookDeliveries", summary: "The delivery log, newest first (local admin)", tag: "admin", response: "page:Delivery", admin: true, params: [{ name: "subscription", in: "query", description: "Only this subscription's.", schema: { type: "string" } }, { name: "limit", in: "query", description: "Items per page.", schema: { type: "integer" } }, { name: "cursor", in: "query", description: "The `next` of the previous page.", schema: { type: "string" } }] },
];

const orderIdParam = { name: "id", in: "path" as const, required: true, description: "The order id.", schema: { type: "integer", minimum: 1 } };
const whole: Schema = { type: "string", pattern: "^[0-9]+$" };
const hex65: Schema = { type: "string", pattern: "^0x[0-9a-fA-F]{130}$" };

/** Delivery details off chain (src/api/delivery/). */
export const deliveryOperations: ExtraOperation[] = [
  { path: "/auth/nonce", method: "get", operationId: "siweNonce", summary: "A nonce for a Sign-In with Ethereum (EIP-4361) message, usable once within 10 minutes", tag: "delivery", response: "Nonce", limited: true },
  {
    path: "/auth/session", method: "post", operationId: "signIn", summary: "Sign in with Ethereum: an EIP-4361 message for a page of this system (domain, URI), its chain, a fresh nonce and an expiration time, personal_sign-ed; answers a session token (one hour at most)", tag: "delivery", response: "Session", signed: true,
    requestBody: { type: "object", required: ["message", "signature"], properties: { message: { type: "string", maxLength: 2000 }, signature: hex65 } },
  },
  { path: "/auth/session", method: "delete", operationId: "signOut", summary: "End the session of the bearer token", tag: "delivery", response: "Ok", session: true },
  { path: "/orders/{id}/delivery/status", method: "get", operationId: "deliveryStatus", summary: "Whether the buyer's delivery details are on file (never the details)", tag: "delivery", response: "DeliveryStatus", params: [orderIdParam] },
  {
    path: "/orders/{id}/delivery", method: "post", operationId: "submitDelivery", summary: "Store or replace the order's delivery details, EIP-712-signed by its buyer (domain: \"Points Mall delivery details\", version 1, the chain id, the mall; type DeliveryDetails(uint64 orderId,string name,string address,string phone,uint64 issuedAt)); issuedAt in ms, within the last 10 minutes and later than the last accepted", tag: "delivery", response: "DeliveryStatus", signed: true, params: [orderIdParam],
    requestBody: { type: "object", required: ["details", "signature"], properties: { details: { type: "object", required: ["orderId", "name", "address", "phone", "issuedAt"], properties: { orderId: whole, name: { type: "string", maxLength: 100 }, address: { type: "string", maxLength: 400 }, phone: { type: "string", maxLength: 32 }, issuedAt: whole } }, signature: hex65 } },
  },
  {
    path: "/orders/{id}/delivery", method: "delete", operationId: "deleteDelivery", summary: "Erase the order's delivery details, EIP-712-signed by its buyer (type DeleteDeliveryDetails(uint64 orderId,uint64 issuedAt))", tag: "delivery", response: "DeliveryStatus", signed: true, params: [orderIdParam],
    requestBody: { type: "object", required: ["request", "signature"], properties: { request: { type: "object", required: ["orderId", "issuedAt"], properties: { orderId: whole, issuedAt: whole } }, signature: hex65 } },
  },
  { path: "/orders/{id}/delivery", method: "get", operationId: "readDelivery", summary: "The order's delivery details, for a session of a fulfiller of the order's merchant (the role is checked on chain at each request)", tag: "delivery", response: "DeliveryDetails", session: true, params: [orderIdParam] },
];

function responseSchema(name: string): Schema {
  if (name.startsWith("page:")) return page(name.slice(5));
  if (name === "Ok") return { type: "object", properties: { ok: { type: "boolean" } } };
  if (name === "Object") return { type: "object" };
  return { $ref: `#/components/schemas/${name}` };
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

export function openApiDocument(info: { version: string; serverUrl?: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, op: Record<string, unknown>) => ((paths[path] ??= {})[method] = op);
  for (const r of routes) {
    add(r.path, "get", {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      parameters: r.params,
      responses: { "200": { description: "OK", content: { "application/json": { schema: responseSchema(r.response) } } }, "400": errorResponse("A parameter is wrong"), "404": errorResponse("Not in the index") },
    });
  }
  for (const e of [...extraOperations, ...deliveryOperations]) {
    add(e.path, e.method, {
      operationId: e.operationId,
      summary: e.summary,
      tags: [e.tag],
      ...(e.params === undefined ? {} : { parameters: e.params }),
      ...(e.requestBody === undefined ? {} : { requestBody: { required: true, content: { "application/json": { schema: e.requestBody } } } }),
      ...(e.admin === true ? { security: [{ adminToken: [] }] } : {}),
      ...(e.session === true ? { security: [{ session: [] }] } : {}),
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: responseSchema(e.response) } } },
        ...(e.admin === true ? { "401": errorResponse("No or wrong admin token"), "403": errorResponse("Not from this machine") } : {}),
        ...(e.session === true ? { "401": errorResponse("No session, or it expired"), "403": errorResponse("Not a fulfiller of the order's merchant"), "404": errorResponse("No details on file, or the customer deleted them"), "503": errorResponse("No chain connection") } : {}),
        ...(e.signed === true ? {
          "400": errorResponse("A field is wrong (named in `field`)"), "401": errorResponse("The sign-in message is refused (domain, chain, time, nonce, signature)"), "403": errorResponse("Not signed by the order's buyer"),
          "404": errorResponse("No such order"), "409": errorResponse("A replayed or older request, or a cancelled order"), "413": errorResponse("The body is too large"), "429": errorResponse("Too many requests"), "503": errorResponse("No chain connection"),
        } : {}),
        ...(e.limited === true ? { "429": errorResponse("Too many requests (this counts as a write)") } : {}),
        ...(e.path === "/health/ready" ? { "503": { description: "Not ready", content: { "application/json": { schema: responseSchema("Health") } } } } : {}),
      },
    });
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Points Mall ledger API",
      version: info.version,
      description: "Read access to a Points Mall deployment's ledger, kept current by its indexer, and the buyers' delivery details, which never go on chain (tag delivery). Amounts are decimal strings. Lists are paged with cursors: pass a page's `next` as `cursor`.",
    },
    ...(info.serverUrl === undefined ? {} : { servers: [{ url: info.serverUrl }] }),
    paths,
    components: {
      schemas,
      securitySchemes: { session: { type: "http", scheme: "bearer", description: "A Sign-In with Ethereum session token (POST /auth/session); it expires within an hour." }, adminToken: { type: "http", scheme: "bearer", description: "The token in the file `<database>.admin-token`, readable by the operator only; from this machine only." } },
    },
  };
}
