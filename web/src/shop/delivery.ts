/**
 * The page's side of delivery details (src/sdk/delivery.ts): checking the form in the shopper's
 * words, signing and sending with the connected account (an extension asks with
 * eth_signTypedData_v4; an account of this browser signs with its key, which never leaves it),
 * and details typed at checkout that could not be sent yet, kept in memory only (never in storage).
 */
import type { TFunction } from "i18next";
import {
  DELIVERY_LIMITS, DeliveryError, checkDeliveryFields, deleteDeliveryDetails, deliveryStatus, InvalidInputError, submitDeliveryDetails,
  type DeliveryStatus, type PointsClient,
} from "../../../src/sdk/index.js";
import type { SystemConfig } from "../config.js";
import { useQuery, type Query } from "../data/useQuery.js";

export type DeliveryFields = { name: string; address: string; phone: string };
export type FieldErrors = Partial<Record<keyof DeliveryFields, string>>;
export const DELIVERY_KEYS = ["name", "address", "phone"] as const;
export const EMPTY_FIELDS: DeliveryFields = { name: "", address: "", phone: "" };
const VALID: DeliveryFields = { name: "N", address: "A", phone: "0000" };


/** Each field's problem, as a sentence in the page's language (the SDK's check, field by field). */
export function fieldErrors(f: DeliveryFields, t: TFunction): FieldErrors {
  const out: FieldErrors = {};
  for (const field of DELIVERY_KEYS) {
    const value = f[field].trim();
    try {
      checkDeliveryFields({ ...VALID, [field]: f[field] });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      out[field] = value === "" ? t("delivery.required")
        : [...value].length > DELIVERY_LIMITS[field] ? t("delivery.tooLong", { max: DELIVERY_LIMITS[field] })
        : field === "phone" ? t("delivery.badPhone")
        : t("delivery.badText");
    }
  }
  return out;
}

/** Details typed at checkout whose sending failed: the receipt offers them again. Memory only. */
export const pendingDetails = new Map<string, DeliveryFields>();

const chainOf = (config: SystemConfig) => ({ chainId: config.chainId, mall: config.mall });

export async function sendDetails(config: SystemConfig, client: PointsClient, orderId: bigint, f: DeliveryFields): Promise<DeliveryStatus> {
  if (config.indexerUrl === undefined || client.signer === undefined) throw new DeliveryError(0, "the mall has no API for delivery details");
  const trimmed = { name: f.name.trim(), address: f.address.trim(), phone: f.phone.trim() };
  const status = await submitDeliveryDetails(config.indexerUrl, client.signer, chainOf(config), { orderId, ...trimmed });
  pendingDetails.delete(orderId.toString());
  return status;
}

export function eraseDetails(config: SystemConfig, client: PointsClient, orderId: bigint): Promise<DeliveryStatus> {
  if (config.indexerUrl === undefined || client.signer === undefined) throw new DeliveryError(0, "the mall has no API for delivery details");
  return deleteDeliveryDetails(config.indexerUrl, client.signer, chainOf(config), orderId);
}

/** Whether details are on file; asked again after every action and block (the refresh context). */
export function useDeliveryStatus(config: SystemConfig, orderId: bigint, enabled: boolean): Query<DeliveryStatus> {
  const url = config.indexerUrl;
  return useQuery(url === undefined || !enabled ? undefined : () => deliveryStatus(url, orderId), [url, orderId, enabled]);
}
