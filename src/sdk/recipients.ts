/**
 * Points sent to one of the system's own contracts are lost: the token, the mall, the forwarder
 * and an EarningRules contract cannot send them on. The SDK refuses such a recipient before it
 * sends anything (in issue, issueBatch, transfer, and so in the CLI and the web app).
 */
import { Contract, ZeroAddress } from "ethers";
import type { PointsClient } from "./client.js";
import { InvalidInputError } from "./errors.js";

const TOKEN_VIEW = ["function token() view returns (address)"];

/** What `address` is, where it is one of the system's contracts; undefined for anyone else. */
export async function systemContractAt(client: PointsClient, address: string): Promise<string | undefined> {
  const [token, mall] = await Promise.all([client.token.getAddress(), client.mall.getAddress()]);
  if (address === token) return "the points token itself";
  if (address === mall) return "the mall contract";
  if ((await client.provider.getCode(address)) === "0x") return undefined; // a person's account
  if (await client.token.isTrustedForwarder(address)) return "the forwarder of gasless requests";
  try {
    // EarningRules, and any other contract of this system, names the token it works for.
    const named = (await new Contract(address, TOKEN_VIEW, client.provider).getFunction("token").staticCall()) as string;
    if (named === token) return "a contract of this points system (an EarningRules contract)";
  } catch {
    // no token() view: some other contract, which may well hold points (a wallet contract)
  }
  return undefined;
}

/** Refuses the zero address and the system's contracts as `field`. */
export async function checkRecipient(client: PointsClient, address: string, field: string): Promise<void> {
  if (address === ZeroAddress) throw new InvalidInputError(field, "the zero address", "points sent there are lost: give a person's address");
  const what = await systemContractAt(client, address);
  if (what !== undefined) {
    throw new InvalidInputError(field, `${address} is ${what}`, "points sent there are lost and cannot be sent on: give a person's address");
  }
}

/** Checks many recipients, a few requests at a time; returns the refusals by index. */
export async function checkRecipients(client: PointsClient, addresses: readonly string[], concurrency = 16): Promise<Map<number, string>> {
  const refused = new Map<number, string>();
  const seen = new Map<string, string | undefined>();
  let next = 0;
  const worker = async () => {
    while (next < addresses.length) {
      const i = next++;
      const address = addresses[i]!;
      if (!seen.has(address)) seen.set(address, address === ZeroAddress ? "the zero address" : await systemContractAt(client, address));
      const what = seen.get(address);
      if (what !== undefined) refused.set(i, what === "the zero address" ? what : `${address} is ${what}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, addresses.length) }, worker));
  return refused;
}
