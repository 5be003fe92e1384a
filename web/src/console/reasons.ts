import { toUtf8Bytes } from "ethers";

/** Cancel reasons offered first: on chain as `text`, shown to the customer in their language. */
export const CANCEL_REASONS = [
  { code: "outOfStock", text: "out of stock" },
  { code: "customerAsked", text: "customer asked" },
  { code: "cannotDeliver", text: "cannot deliver" },
  { code: "other", text: "" },
] as const;

export type ReasonCode = (typeof CANCEL_REASONS)[number]["code"];

/** The code of a known reason text, for showing it translated; undefined for a merchant's own words. */
export function reasonCode(text: string): ReasonCode | undefined {
  return CANCEL_REASONS.find((r) => r.text !== "" && r.text === text)?.code;
}

/** Whether a delivery reference or a reason fits the chain's bytes32 (1 to 31 bytes of UTF-8). */
export function fitsRef(text: string): boolean {
  const n = toUtf8Bytes(text.trim()).length;
  return n >= 1 && n <= 31;
}
