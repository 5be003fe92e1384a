/**
 * Who the parameters give which role, and the combinations refused before deploying: a contract
 * of the deployment itself in any role (always), and accounts in conflicting roles or the
 * deploying key in any role (unless the operator says it is intended).
 */
import type { Problem, SystemParameters } from "./parameters.js";

export type RoleName = "admin" | "pauser" | "issuer" | "merchant admin" | "catalog manager" | "fulfiller";

/** The accounts of the deployment that no parameter may name, by what they are. */
export interface DeploymentAccounts {
  deployer: string;
  forwarder: string;
  pointsDeployer: string;
  token: string;
  mall: string;
}

/** Each named account and the roles the parameters give it, in the parameters' order. */
export function rolesByAccount(p: SystemParameters): Map<string, RoleName[]> {
  const roles = new Map<string, RoleName[]>();
  const add = (account: string, role: RoleName) => {
    const list = roles.get(account) ?? [];
    if (!list.includes(role)) list.push(role);
    roles.set(account, list);
  };
  add(p.admin, "admin");
  for (const a of p.pausers) add(a, "pauser");
  for (const i of p.issuers) add(i.account, "issuer");
  add(p.merchantAdmin, "merchant admin");
  for (const a of p.catalogManagers) add(a, "catalog manager");
  for (const a of p.fulfillers) add(a, "fulfiller");
  return roles;
}

/**
 * Pairs that one key should not hold together. An issuer's key signs every day (tills, back
 * offices), so it must not also stop the system or rule it; the admin (a multisig, ideally)
 * should not run the catalog or orders with the same key.
 */
const CONFLICTS: [RoleName, RoleName, string][] = [
  ["issuer", "admin", "an issuer's key is used every day; the admin's should be kept apart (a multisig)"],
  ["issuer", "pauser", "the key that issues points should not be the one that stops issuance in an incident"],
  ["issuer", "merchant admin", "an issuer that manages the merchant's staff could give itself the catalog and orders"],
  ["issuer", "catalog manager", "an issuer that also sets prices could issue points and mint bargains for itself"],
  ["issuer", "fulfiller", "an issuer that also fulfils orders could issue points and mark its own orders delivered"],
  ["admin", "catalog manager", "the admin's key should not be used for day-to-day catalog work"],
  ["admin", "fulfiller", "the admin's key should not be used for day-to-day order work"],
];

export interface RoleCheck {
  /** Refused whatever the options say. */
  refused: Problem[];
  /** Refused unless the operator passes --allow-shared-roles. */
  shared: Problem[];
}

export function checkRoles(p: SystemParameters, accounts: DeploymentAccounts): RoleCheck {
  const refused: Problem[] = [];
  const shared: Problem[] = [];
  const roles = rolesByAccount(p);
  const contracts: [string, string][] = [
    [accounts.forwarder, "the forwarder this deployment creates (PointsForwarder): through it, anyone could use the role"],
    [accounts.pointsDeployer, "the PointsDeployer contract this deployment creates"],
    [accounts.token, "the points token this deployment creates"],
    [accounts.mall, "the mall this deployment creates (it gets BURNER_ROLE by itself)"],
  ];
  for (const [account, held] of roles) {
    const contract = contracts.find(([a]) => a === account);
    if (contract !== undefined) {
      refused.push({ field: held.join(", "), message: `${account} is ${contract[1]}; name an account instead` });
      continue;
    }
    if (account === accounts.deployer) {
      shared.push({
        field: held.join(", "),
        message: `${account} is the deploying key: it pays for the deployment and is meant to hold no role; name another account (or pass --allow-shared-roles if it is intended)`,
      });
    }
    for (const [a, b, why] of CONFLICTS) {
      if (held.includes(a) && held.includes(b)) {
        shared.push({ field: `${a} and ${b}`, message: `${account} is both: ${why}; name two accounts (or pass --allow-shared-roles if it is intended)` });
      }
    }
  }
  return { refused, shared };
}
