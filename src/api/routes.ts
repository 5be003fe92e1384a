/**
 * The API's routes as data: path, parameters, answer schema and handler. The server registers
 * them and the OpenAPI document is written from them, so the two cannot drift apart.
 */
import type { Params } from "./params.js";
import { account, accountOrders, history } from "./queries/accounts.js";
import { activity, settlement } from "./queries/activity.js";
import { books, issuerBooks, issuers, skuBooks, topHolders } from "./queries/books.js";
import { categories, merchant, merchants, skus } from "./queries/catalog.js";
import { expiring } from "./queries/expiry.js";
import type { QueryContext } from "./queries/context.js";
import { alerts, checks, purchases, recentMovements, rules, transaction, vouchers } from "./queries/explorer.js";
import { order, ordersOf } from "./queries/orders.js";
import { roles } from "./queries/roles.js";
import { search } from "./queries/search.js";

export interface Param {
  name: string;
  in: "path" | "query";
  description: string;
  schema: Record<string, unknown>;
  required?: boolean;
}

export interface Route {
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params: Param[];
  /** Name of the answer's schema (components.schemas), or page:<item> for a page of items. */
  response: string;
  handler: (q: QueryContext, p: Params) => Promise<unknown>;
}

const address = (name = "address", description = "An address (0x and 40 hex digits)."): Param => ({ name, in: "path", required: true, description, schema: { $ref: "#/components/schemas/Address" } });
const queryAddress = (name: string, description: string): Param => ({ name, in: "query", description, schema: { $ref: "#/components/schemas/Address" } });
const int = (name: string, description: string, where: "path" | "query" = "query"): Param => ({ name, in: where, required: where === "path", description, schema: { type: "integer", minimum: 0 } });
const text = (name: string, description: string, extra: Record<string, unknown> = {}): Param => ({ name, in: "query", description, schema: { type: "string", ...extra } });
const paging = (max = 500): Param[] => [
  { name: "limit", in: "query", description: `Items per page (1 to ${max}).`, schema: { type: "integer", minimum: 1, maximum: max } },
  text("cursor", "The `next` of the previous page."),
];
const newestFirst = text("order", "Newest first (desc, the default) or oldest first (asc).", { enum: ["desc", "asc"] });
const status = text("status", "Only orders in this status.", { enum: ["Placed", "Fulfilled", "Cancelled"] });
const merchantFilter = int("merchant", "Only this merchant's.");

export const routes: Route[] = [
  { path: "/accounts/{address}", operationId: "account", summary: "An account: balance, counts, who issued to it, its roles", tag: "accounts", params: [address()], response: "Account", handler: account },
  {
    path: "/accounts/{address}/history", operationId: "history", summary: "Every movement of an account's points with the running balance, dates and counterparties", tag: "accounts",
    params: [address(), newestFirst, int("fromBlock", "From this block on."), int("toBlock", "Up to this block."), ...paging()], response: "page:Movement", handler: history,
  },
  {
    path: "/accounts/{address}/expiring", operationId: "expiring", summary: "An account's points by expiry date, soonest first, and what expires within a window (expiring tokens)", tag: "accounts",
    params: [address(), text("within", "A window: 30s, 15m, 12h or 30d."), text("at", "As of this time (YYYY-MM-DD, ISO 8601 or Unix seconds; default: the indexed block's).")],
    response: "Expiring", handler: expiring,
  },
  { path: "/accounts/{address}/orders", operationId: "accountOrders", summary: "An account's orders", tag: "accounts", params: [address(), status, merchantFilter, newestFirst, ...paging()], response: "page:Order", handler: accountOrders },
  {
    path: "/orders", operationId: "orders", summary: "Orders by merchant, status and buyer", tag: "orders",
    params: [merchantFilter, status, queryAddress("buyer", "Only this buyer's."), newestFirst, ...paging()], response: "page:Order",
    handler: (q, p) => ordersOf(q, p, p.buyer === undefined || p.buyer === "" ? undefined : (p.buyer as string)),
  },
  { path: "/orders/{id}", operationId: "order", summary: "One order with its status history", tag: "orders", params: [int("id", "The order id.", "path")], response: "OrderDetail", handler: order },
  { path: "/books", operationId: "books", summary: "The books: supply, balances, issued, burned, refunded, and the last reconciliation's differences", tag: "books", params: [text("verify", "true: also add up every balance now (slow on large indexes).", { enum: ["true", "false"] })], response: "Books", handler: books },
  { path: "/books/issuers", operationId: "issuerBooks", summary: "The books per issuer", tag: "books", params: paging(), response: "page:IssuerBooks", handler: issuerBooks },
  { path: "/books/skus", operationId: "skuBooks", summary: "The books per SKU: supplied, stock, sold", tag: "books", params: paging(), response: "page:SkuBooks", handler: skuBooks },
  {
    path: "/settlement", operationId: "settlement", summary: "Settlement between merchants for a period (blocks, or dates with `to` not included)", tag: "books",
    params: [int("fromBlock", "First block of the period."), int("toBlock", "Last block of the period."), text("from", "Start: YYYY-MM-DD (UTC), ISO 8601 or Unix seconds."), text("to", "End, not included.")],
    response: "Settlement", handler: settlement,
  },
  { path: "/activity", operationId: "activity", summary: "Points issued and redeemed per UTC day", tag: "books", params: [text("from", "First day, YYYY-MM-DD."), text("to", "Day after the last, YYYY-MM-DD."), text("order", "Oldest first (asc, the default) or newest first.", { enum: ["asc", "desc"] }), ...paging(3_660)], response: "page:Day", handler: activity },
  { path: "/issuers", operationId: "issuers", summary: "Issuers and their liabilities: issued, outstanding, quota left", tag: "books", params: paging(), response: "page:Issuer", handler: issuers },
  { path: "/holders", operationId: "holders", summary: "Top holders, largest balance first", tag: "explorer", params: paging(), response: "page:Holder", handler: topHolders },
  { path: "/movements", operationId: "movements", summary: "Recent movements, platform-wide, newest first", tag: "explorer", params: paging(), response: "page:PlatformMovement", handler: recentMovements },
  { path: "/transactions/{hash}", operationId: "transaction", summary: "The deployment's events in one transaction", tag: "explorer", params: [{ name: "hash", in: "path", required: true, description: "The transaction hash.", schema: { $ref: "#/components/schemas/Hash" } }], response: "Transaction", handler: transaction },
  { path: "/search", operationId: "search", summary: "Search by address, transaction hash, order id or reference text", tag: "explorer", params: [{ ...text("q", "What to look for."), required: true }, ...paging(100)], response: "SearchResult", handler: search },
  {
    path: "/roles", operationId: "roles", summary: "Who holds which role now, per contract and merchant", tag: "explorer",
    params: [text("contract", "token, mall, forwarder or a contract's address."), int("merchant", "Only this merchant's roles."), text("role", "A role's name (ISSUER_ROLE, FULFILLER, ...) or id."), queryAddress("account", "Only this account's."), ...paging()],
    response: "page:RoleHolder", handler: roles,
  },
  { path: "/merchants", operationId: "merchants", summary: "Merchants", tag: "catalog", params: paging(), response: "page:Merchant", handler: merchants },
  { path: "/merchants/{id}", operationId: "merchant", summary: "One merchant and its issuers", tag: "catalog", params: [int("id", "The merchant id.", "path")], response: "Merchant", handler: merchant },
  { path: "/categories", operationId: "categories", summary: "Categories", tag: "catalog", params: [merchantFilter, ...paging()], response: "page:Category", handler: categories },
  { path: "/skus", operationId: "skus", summary: "SKUs with stock and sales", tag: "catalog", params: [merchantFilter, ...paging()], response: "page:Sku", handler: skus },
  { path: "/rules", operationId: "rules", summary: "Earning rules of the merchants' EarningRules contracts", tag: "earning", params: [queryAddress("contract", "Only this contract's."), ...paging()], response: "page:Rule", handler: rules },
  { path: "/purchases", operationId: "purchases", summary: "Purchases the earning rules rewarded", tag: "earning", params: [queryAddress("customer", "Only this customer's."), queryAddress("contract", "Only this contract's."), ...paging()], response: "page:Purchase", handler: purchases },
  { path: "/vouchers", operationId: "vouchers", summary: "Earn vouchers claimed", tag: "earning", params: [queryAddress("issuer", "Only this issuer's."), queryAddress("recipient", "Only this recipient's."), ...paging()], response: "page:Voucher", handler: vouchers },
  { path: "/alerts", operationId: "alerts", summary: "Alerts: books out of balance, over-issuance", tag: "books", params: paging(), response: "page:Alert", handler: alerts },
  { path: "/checks", operationId: "checks", summary: "Reconciliations that found differences", tag: "books", params: paging(), response: "page:Check", handler: checks },
];
