/**
 * The contracts the relay forwards to: the deployment's token and mall, and the EarningRules
 * contracts it was given, each checked at start (a rules contract of this token that trusts this
 * forwarder), and which customer functions each kind takes (src/sdk/relay.ts lists them).
 */
import { getAddress, type Provider } from "ethers";
import { EarningRules__factory } from "../../types/ethers-contracts/index.js";
import { PointsError, RELAYED_SELECTORS, RelayRefusal, parseAddress, type ForwardRequest, type RelayedTarget } from "../sdk/index.js";

/** The most gas a request may ask its call to get: a redemption needs about 90,000. */
export const MAX_REQUEST_GAS = 1_000_000n;

export interface Targets {
  token: string;
  mall: string;
  rules: string[];
}

/** Every function the relay forwards, as "token.transfer" etc. */
export const FORWARDED = [...RELAYED_SELECTORS.values()].map((f) => `${f.target}.${f.name}`);

/**
 * Checks each rules contract against the deployment: code at the address, not the token or the
 * mall, `token()` this deployment's token, and `isTrustedForwarder(forwarder)`. Throws, naming the
 * address and what is wrong, before the relay serves anything.
 */
export async function checkedTargets(provider: Provider, deployment: { token: string; mall: string; forwarder: string }, rules: string[]): Promise<Targets> {
  const token = getAddress(deployment.token);
  const mall = getAddress(deployment.mall);
  const hint = "give the relay the EarningRules contracts of this deployment (points relay --rules)";
  const checked: string[] = [];
  for (const input of rules) {
    const address = parseAddress(input, "rules contract");
    const refuse = (what: string, cause?: unknown) => new PointsError(`rules contract ${address}: ${what}`, hint, cause === undefined ? undefined : { cause });
    if (checked.includes(address)) continue;
    if (address === token || address === mall || address === getAddress(deployment.forwarder)) {
      throw refuse(`it is this deployment's ${address === token ? "token" : address === mall ? "mall" : "forwarder"}`);
    }
    if ((await provider.getCode(address)) === "0x") throw refuse("there is no contract at this address on this chain");
    const rulesContract = EarningRules__factory.connect(address, provider);
    let [itsToken, trusts]: [string, boolean] = ["", false];
    try {
      [itsToken, trusts] = await Promise.all([rulesContract.token(), rulesContract.isTrustedForwarder(deployment.forwarder)]);
    } catch (error) {
      throw refuse("it does not answer token() and isTrustedForwarder(), so it is not an EarningRules contract", error);
    }
    if (getAddress(itsToken) !== token) throw refuse(`it issues points of the token ${itsToken}, not this deployment's token ${token}`);
    if (!trusts) throw refuse(`it does not trust the forwarder ${deployment.forwarder}`);
    checked.push(address);
  }
  return { token, mall, rules: checked };
}

/** The kind of contract each target address is. */
function kinds(targets: Targets): Map<string, RelayedTarget> {
  return new Map<string, RelayedTarget>([[targets.token, "token"], [targets.mall, "mall"], ...targets.rules.map((r) => [r, "rules"] as const)]);
}

/** Checks what needs no chain: no coin, a target and a function the relay forwards, gas within bounds.
 *  Returns the function, as "mall.redeem". */
export function allowedCall(targets: Targets): (request: ForwardRequest) => string {
  const kindOf = kinds(targets);
  const served = [`token ${targets.token}`, `mall ${targets.mall}`, ...targets.rules.map((r) => `rules ${r}`)].join(", ");
  return (request) => {
    if (request.value !== 0n) throw new RelayRefusal(403, "the relay forwards no native coin (value must be 0)");
    const kind = kindOf.get(request.to);
    if (kind === undefined) {
      throw new RelayRefusal(403, `${request.to} is not a contract of this deployment that the relay serves`, `this relay forwards to ${served}`);
    }
    const fn = RELAYED_SELECTORS.get(request.data.slice(0, 10).toLowerCase());
    if (fn === undefined || fn.target !== kind) {
      throw new RelayRefusal(403, `the relay does not forward this function (selector ${request.data.slice(0, 10)}) to the ${kind}`, `it forwards ${FORWARDED.join(", ")}`);
    }
    if (request.gas > MAX_REQUEST_GAS) throw new RelayRefusal(400, `request.gas ${request.gas} is above the relay's limit of ${MAX_REQUEST_GAS}`);
    return `${fn.target}.${fn.name}`;
  };
}
