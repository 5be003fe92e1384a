/** The signed request in a POST /forward body, checked field by field before anything is asked of the chain. */
import { getAddress, isHexString } from "ethers";
import { RelayRefusal, type ForwardRequest } from "../sdk/index.js";

const AS_BUILT = "send the request as signForwardRequest builds it";

function field(body: Record<string, unknown>, name: string): unknown {
  if (!(name in body)) throw new RelayRefusal(400, `request.${name} is missing`, AS_BUILT);
  return body[name];
}

function bigintField(body: Record<string, unknown>, name: string): bigint {
  const v = field(body, name);
  if ((typeof v !== "string" && typeof v !== "number") || !/^\d+$/.test(String(v))) {
    throw new RelayRefusal(400, `request.${name} must be a whole number, as a decimal string`, AS_BUILT);
  }
  return BigInt(v);
}

function addressField(body: Record<string, unknown>, name: string): string {
  const v = field(body, name);
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new RelayRefusal(400, `request.${name} must be an address`, AS_BUILT);
  return getAddress(v.toLowerCase());
}

function hexField(body: Record<string, unknown>, name: string): string {
  const v = field(body, name);
  if (typeof v !== "string" || !isHexString(v)) throw new RelayRefusal(400, `request.${name} must be 0x-prefixed hex bytes`, AS_BUILT);
  return v;
}

/** The request in a POST body ({"request": {...}}, bigints as decimal strings). */
export function parseForwardRequest(body: unknown): ForwardRequest {
  const outer = body as { request?: unknown } | null;
  if (outer === null || typeof outer !== "object" || typeof outer.request !== "object" || outer.request === null) {
    throw new RelayRefusal(400, "the body must be JSON of the form {\"request\": {...}}", AS_BUILT);
  }
  const r = outer.request as Record<string, unknown>;
  return {
    from: addressField(r, "from"),
    to: addressField(r, "to"),
    value: bigintField(r, "value"),
    gas: bigintField(r, "gas"),
    deadline: bigintField(r, "deadline"),
    data: hexField(r, "data"),
    signature: hexField(r, "signature"),
  };
}
