/** Who holds which role now, per contract and per merchant, with the roles named in words. */
import { id } from "ethers";
import { MERCHANT_ROLES, merchantRoleId } from "../../sdk/roles.js";
import { cursorParam, limitParam, pageOf } from "../pagination.js";
import { addressParam, badParam, intParam, type Params } from "../params.js";
import type { QueryContext } from "./context.js";

const NAMED = ["ISSUER_ROLE", "BURNER_ROLE", "PAUSER_ROLE", "RULES_MANAGER", "REPORTER"];

/** Role id -> its name and merchant, for the merchants the index knows. */
async function roleNames(q: QueryContext): Promise<Map<string, { name: string; merchantId: number | null }>> {
  const names = new Map<string, { name: string; merchantId: number | null }>();
  names.set("0x" + "00".repeat(32), { name: "DEFAULT_ADMIN_ROLE", merchantId: null });
  for (const n of NAMED) names.set(id(n), { name: n, merchantId: null });
  const merchants = await q.db.selectFrom("merchants").select("id").execute();
  for (const { id: m } of merchants) for (const base of MERCHANT_ROLES) names.set(merchantRoleId(base, m), { name: base, merchantId: m });
  return names;
}

export async function roles(q: QueryContext, p: Params) {
  const limit = limitParam(p, 100);
  const after = cursorParam(p, "s");
  const merchant = intParam(p, "merchant", { min: 1, max: 65_535 });
  const account = addressParam(p, "account", true);
  const contracts = await q.db.selectFrom("contracts").select(["address", "kind"]).execute();
  const kindOf = new Map(contracts.map((c) => [c.address, c.kind]));
  let contract: string | undefined;
  if (p.contract !== undefined && p.contract !== "") {
    const byKind = contracts.find((c) => c.kind === p.contract);
    contract = byKind?.address ?? (/^0x[0-9a-fA-F]{40}$/.test(p.contract) ? addressParam(p, "contract") : badParam("contract", `"${p.contract}" is not a contract of this deployment`, "give token, mall, forwarder, or an address"));
  }
  const names = await roleNames(q);
  let query = q.db.selectFrom("roles").selectAll();
  if (contract !== undefined) query = query.where("contract", "=", contract);
  if (account !== undefined) query = query.where("account", "=", account);
  if (merchant !== undefined) query = query.where("role", "in", MERCHANT_ROLES.map((r) => merchantRoleId(r, merchant)));
  if (p.role !== undefined && p.role !== "") {
    const wanted = [...names].filter(([, v]) => v.name === p.role).map(([k]) => k);
    if (wanted.length === 0 && !/^0x[0-9a-fA-F]{64}$/.test(p.role)) badParam("role", `"${p.role}" is not a role name`, `give one of ${[...new Set([...names.values()].map((v) => v.name))].join(", ")}, or a role id`);
    query = query.where("role", "in", wanted.length > 0 ? wanted : [p.role.toLowerCase()]);
  }
  if (after !== undefined) query = query.where("id", ">", String(after[0]));
  const rows = await query.orderBy("id").limit(limit + 1).execute();
  return pageOf(rows, limit, (r) => [r.id], (r) => ({
    contract: r.contract,
    contractKind: kindOf.get(r.contract) ?? null,
    role: r.role,
    roleName: names.get(r.role)?.name ?? null,
    merchantId: names.get(r.role)?.merchantId ?? null,
    account: r.account,
    since: r.block_number,
    grantedBy: r.granted_by,
  }));
}
