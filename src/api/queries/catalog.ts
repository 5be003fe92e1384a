/** Merchants, categories and SKUs, as the index has them. */
import { cursorParam, limitParam, pageOf } from "../pagination.js";
import { ApiError, intParam, type Params } from "../params.js";
import type { QueryContext } from "./context.js";
import type { Row } from "../../indexer/schema.js";

const merchantView = (r: Row<"merchants">) => ({ id: r.id, name: r.name, admin: r.admin, since: r.block_number, issued: r.issued, redeemed: r.redeemed, orders: r.orders });

export async function merchants(q: QueryContext, p: Params) {
  const limit = limitParam(p, 100);
  const after = cursorParam(p, "n");
  let query = q.db.selectFrom("merchants").selectAll();
  if (after !== undefined) query = query.where("id", ">", Number(after[0]));
  const rows = await query.orderBy("id").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.id], merchantView);
}

export async function merchant(q: QueryContext, p: Params) {
  const id = intParam(p, "id", { min: 1, max: 65_535 }) ?? 0;
  const row = await q.db.selectFrom("merchants").selectAll().where("id", "=", id).executeTakeFirst();
  if (row === undefined) throw new ApiError(404, `there is no merchant ${p.id} in the index`, "list them at /merchants");
  const issuers = await q.db.selectFrom("merchant_issuers").select("issuer").where("merchant_id", "=", id).orderBy("issuer").execute();
  return { ...merchantView(row), issuers: issuers.map((i) => i.issuer) };
}

export async function categories(q: QueryContext, p: Params) {
  const limit = limitParam(p, 100);
  const after = cursorParam(p, "n");
  const merchantId = intParam(p, "merchant", { min: 1, max: 65_535 });
  let query = q.db.selectFrom("categories").selectAll();
  if (merchantId !== undefined) query = query.where("merchant_id", "=", merchantId);
  if (after !== undefined) query = query.where("id", ">", Number(after[0]));
  const rows = await query.orderBy("id").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.id], (r) => ({ id: r.id, merchantId: r.merchant_id, name: r.name, retired: r.retired }));
}

export async function skus(q: QueryContext, p: Params) {
  const limit = limitParam(p, 100);
  const after = cursorParam(p, "n");
  const merchantId = intParam(p, "merchant", { min: 1, max: 65_535 });
  let query = q.db.selectFrom("skus").selectAll();
  if (merchantId !== undefined) query = query.where("merchant_id", "=", merchantId);
  if (after !== undefined) query = query.where("id", ">", Number(after[0]));
  const rows = await query.orderBy("id").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.id], (r) => ({
    id: r.id, merchantId: r.merchant_id, categoryId: r.category_id, price: r.price, stock: r.stock, sold: r.sold, supplied: r.supplied,
    unlimited: r.unlimited, perWalletLimit: r.per_wallet_limit, saleStart: r.sale_start, saleEnd: r.sale_end, active: r.active,
    metadataURI: r.metadata_uri, name: r.name, orders: r.orders, pointsRedeemed: r.points_redeemed,
  }));
}
