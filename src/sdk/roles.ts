import { AbiCoder, id, keccak256 } from "ethers";

export type MerchantRole = "MERCHANT_ADMIN" | "CATALOG_MANAGER" | "FULFILLER";
export const MERCHANT_ROLES: MerchantRole[] = ["MERCHANT_ADMIN", "CATALOG_MANAGER", "FULFILLER"];

/** The role id of `role` at merchant `merchantId`, as PointsMall.merchantRole derives it. */
export function merchantRoleId(role: MerchantRole, merchantId: number): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint16"], [id(role), merchantId]));
}
