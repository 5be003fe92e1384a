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
  for (const e of extraOperations) {
    add(e.path, e.method, {
      operationId: e.operationId,
      summary: e.summary,
      tags: [e.tag],
      ...(e.params === undefined ? {} : { parameters: e.params }),
      ...(e.requestBody === undefined ? {} : { requestBody: { required: true, content: { "application/json": { schema: e.requestBody } } } }),
      ...(e.admin === true ? { security: [{ adminToken: [] }] } : {}),
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: responseSchema(e.response) } } },
        ...(e.admin === true ? { "401": errorResponse("No or wrong admin token"), "403": errorResponse("Not from this machine") } : {}),
        ...(e.path === "/health/ready" ? { "503": { description: "Not ready", content: { "application/json": { schema: responseSchema("Health") } } } } : {}),
      },
    });
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Points Mall ledger API",
      version: info.version,
      description: "Read-only access to a Points Mall deployment's ledger, kept current by its indexer. Amounts are decimal strings. Lists are paged with cursors: pass a page's `next` as `cursor`.",
    },
    ...(info.serverUrl === undefined ? {} : { servers: [{ url: info.serverUrl }] }),
    paths,
    components: {
      schemas,
      securitySchemes: { adminToken: { type: "http", scheme: "bearer", description: "The token in the file `<database>.admin-token`, readable by the operator only; from this machine only." } },
    },
  };
}
