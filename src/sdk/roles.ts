/**
 * The roles of the system, in one list: the token's (PointsToken's AccessControl), each merchant's
 * in the mall (ids derived per merchant), and an EarningRules contract's. Each has a name in words
 * for messages ("may issue points").
 */
import { AbiCoder, ZeroHash, id, keccak256 } from "ethers";

export type TokenRole = "DEFAULT_ADMIN_ROLE" | "ISSUER_ROLE" | "BURNER_ROLE" | "PAUSER_ROLE";
export type MerchantRole = "MERCHANT_ADMIN" | "CATALOG_MANAGER" | "FULFILLER";
export type RulesRole = "RULES_MANAGER" | "REPORTER";

/** The token's roles and what each may do. */
export const TOKEN_ROLES: Readonly<Record<TokenRole, string>> = {
  DEFAULT_ADMIN_ROLE: "the token's admin: grants and revokes roles, sets quotas",
  ISSUER_ROLE: "issues points, within its quota, and signs vouchers",
  BURNER_ROLE: "burns points when they are redeemed (the mall)",
  PAUSER_ROLE: "pauses and unpauses transfers, issuance and redemption",
};

/** A merchant's roles in the mall and what each may do. */
export const MERCHANT_ROLE_WORDS: Readonly<Record<MerchantRole, string>> = {
  MERCHANT_ADMIN: "manages the merchant's catalog managers and fulfillers",
  CATALOG_MANAGER: "manages the merchant's categories and SKUs",
  FULFILLER: "fulfils and cancels the merchant's orders",
};

/** An EarningRules contract's roles. */
export const RULES_ROLES: Readonly<Record<RulesRole, string>> = {
  RULES_MANAGER: "adds, updates and retires earning rules",
  REPORTER: "reports purchases (a till)",
};

/** The token roles that may be granted or revoked by name (the admin role moves in two steps). */
export const GRANTABLE_TOKEN_ROLES = ["ISSUER_ROLE", "BURNER_ROLE", "PAUSER_ROLE"] as const satisfies readonly TokenRole[];
export const MERCHANT_ROLES: readonly MerchantRole[] = ["MERCHANT_ADMIN", "CATALOG_MANAGER", "FULFILLER"];
export const ALL_TOKEN_ROLES: readonly TokenRole[] = ["DEFAULT_ADMIN_ROLE", ...GRANTABLE_TOKEN_ROLES];

export function isTokenRole(name: string): name is TokenRole {
  return name in TOKEN_ROLES;
}

export function isMerchantRole(name: string): name is MerchantRole {
  return name in MERCHANT_ROLE_WORDS;
}

/** The role id of a token (or rules) role: keccak256 of its name; the admin role is 0x00…00. */
export function tokenRoleId(role: TokenRole | RulesRole): string {
  return role === "DEFAULT_ADMIN_ROLE" ? ZeroHash : id(role);
}

/** The role id of `role` at merchant `merchantId`, as PointsMall.merchantRole derives it. */
export function merchantRoleId(role: MerchantRole, merchantId: number): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint16"], [id(role), merchantId]));
}

const byId = new Map<string, string>([
  [ZeroHash, "DEFAULT_ADMIN_ROLE (admin)"],
  ...(["ISSUER_ROLE", "BURNER_ROLE", "PAUSER_ROLE", "RULES_MANAGER", "REPORTER"] as const).map((r) => [id(r), r] as const),
]);

/** The name of a role id: token and rules roles by name, mall roles as "<ROLE> of merchant <n>" for n < 256. */
export function roleName(role: string): string {
  const key = role.toLowerCase();
  const known = byId.get(key);
  if (known !== undefined) return known;
  for (const base of MERCHANT_ROLES) {
    for (let merchant = 1; merchant < 256; merchant++) {
      if (merchantRoleId(base, merchant) === key) return `${base} of merchant ${merchant}`;
    }
  }
  return role;
}
