/** Merchants and their staff: registering a merchant, its roles, and whose points count as its. */
import type { TransactionReceipt } from "ethers";
import { send, type PointsClient } from "./client.js";
import { BITS } from "./bounds.js";
import { PointsError } from "./errors.js";
import { eventsIn } from "./logs.js";
import { nonEmpty } from "./mall.js";
import { MERCHANT_ROLES, merchantRoleId, type MerchantRole } from "./roles.js";
import { parseAddress, parseId } from "./validate.js";

function roleAt(role: MerchantRole, merchantId: number | bigint): string {
  return merchantRoleId(role, Number(parseId(merchantId, "merchant", BITS.merchant)));
}

/** Grants a merchant role: by the merchant's admin (catalog managers, fulfillers) or the platform admin. */
export async function grantMerchantRole(
  client: PointsClient,
  input: { role: MerchantRole; merchantId: number | bigint; account: string },
): Promise<TransactionReceipt> {
  return send(client, client.mall.grantRole, roleAt(input.role, input.merchantId), parseAddress(input.account, "account"));
}

export async function revokeMerchantRole(
  client: PointsClient,
  input: { role: MerchantRole; merchantId: number | bigint; account: string },
): Promise<TransactionReceipt> {
  return send(client, client.mall.revokeRole, roleAt(input.role, input.merchantId), parseAddress(input.account, "account"));
}

/** The roles `account` holds at merchant `merchantId`. */
export async function merchantRoles(client: PointsClient, account: string, merchantId: number | bigint): Promise<MerchantRole[]> {
  const address = parseAddress(account, "account");
  const held = await Promise.all(
    MERCHANT_ROLES.map((r) => client.mall.hasRole(roleAt(r, merchantId), address)),
  );
  return MERCHANT_ROLES.filter((_, i) => held[i]);
}

/** Registers a merchant whose roles `admin` manages (platform admin only). */
export async function registerMerchant(
  client: PointsClient,
  input: { name: string; admin: string },
): Promise<{ receipt: TransactionReceipt; merchantId: number }> {
  const receipt = await send(client, client.mall.registerMerchant, nonEmpty(input.name), parseAddress(input.admin, "admin"));
  const [registered] = await eventsIn(receipt, client.mall, client.mall.getEvent("MerchantRegistered"));
  if (registered === undefined) throw new PointsError("the transaction has no MerchantRegistered event", "check the merchants with points settle");
  return { receipt, merchantId: Number(registered.merchantId) };
}

/** Says that points issued by `issuer` are merchant `merchantId`'s, for settlement (platform admin). */
export async function setMerchantIssuer(
  client: PointsClient,
  input: { issuer: string; merchantId: number | bigint },
): Promise<TransactionReceipt> {
  const merchantId = BigInt(input.merchantId) === 0n ? 0n : parseId(input.merchantId, "merchant", BITS.merchant);
  return send(client, client.mall.setMerchantIssuer, parseAddress(input.issuer, "issuer"), merchantId);
}

