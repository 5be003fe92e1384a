import {
  ALL_TOKEN_ROLES,
  MERCHANT_ROLES,
  merchantRoleId,
  merchantRoles,
  tokenRoleId,
  tokenRoles,
  type MerchantRole,
  type PointsClient,
  type TokenRole,
} from "../../../src/sdk/index.js";
import type { RoleGrantedEvent, RoleRevokedEvent } from "../../../types/ethers-contracts/contracts/PointsToken.js";
import { useWallet } from "../wallet/WalletContext.js";
import { merchantNames } from "./catalog.js";
import { byChainOrder, typedLogs } from "./logs.js";
import { useQuery, type Query } from "./useQuery.js";

// The SDK's one list of the token's roles (src/sdk/roles.ts).
export const TOKEN_ROLES = ALL_TOKEN_ROLES;
const ADMIN = "0x" + "00".repeat(32);

export interface MerchantAccess {
  id: number;
  name: string;
  roles: MerchantRole[];
}

/** What the connected address may do: its token roles, the mall's admin role, its merchants. */
export interface Access {
  token: TokenRole[];
  mallAdmin: boolean;
  /** Merchants where it holds a role; the mall's admin sees every merchant. */
  merchants: MerchantAccess[];
}

export async function loadAccess(reader: PointsClient, account: string): Promise<Access> {
  const [token, mallAdmin, names] = await Promise.all([tokenRoles(reader, account), reader.mall.hasRole(ADMIN, account), merchantNames(reader)]);
  const merchants = await Promise.all([...names].map(async ([id, name]) => ({ id, name, roles: await merchantRoles(reader, account, id) })));
  return { token, mallAdmin, merchants: merchants.filter((m) => mallAdmin || m.roles.length > 0) };
}

/** Who holds each role now, replayed from RoleGranted and RoleRevoked (the SDK's log reader). */
export interface RoleHolders {
  token: Map<TokenRole, string[]>;
  mallAdmins: string[];
  merchant: (merchantId: number) => Map<MerchantRole, string[]>;
  /** Each issuer's quota left. */
  quotas: Map<string, bigint>;
}

async function holdersOf(reader: PointsClient, contract: PointsClient["token"] | PointsClient["mall"]): Promise<Map<string, Set<string>>> {
  const [granted, revoked] = await Promise.all([
    typedLogs<RoleGrantedEvent.Event>(reader, contract, contract.filters.RoleGranted()),
    typedLogs<RoleRevokedEvent.Event>(reader, contract, contract.filters.RoleRevoked()),
  ]);
  const events = [...granted.map((e) => ({ e, grant: true })), ...revoked.map((e) => ({ e, grant: false }))];
  events.sort((a, b) => byChainOrder(a.e, b.e));
  const holders = new Map<string, Set<string>>();
  for (const { e, grant } of events) {
    const set = holders.get(e.args.role) ?? new Set<string>();
    if (grant) set.add(e.args.account);
    else set.delete(e.args.account);
    holders.set(e.args.role, set);
  }
  return holders;
}

export async function loadRoleHolders(reader: PointsClient): Promise<RoleHolders> {
  const [token, mall] = await Promise.all([holdersOf(reader, reader.token), holdersOf(reader, reader.mall)]);
  const list = (m: Map<string, Set<string>>, role: string) => [...(m.get(role) ?? [])];
  const tokenHolders = new Map(TOKEN_ROLES.map((r) => [r, list(token, tokenRoleId(r))] as const));
  const issuers = tokenHolders.get("ISSUER_ROLE") ?? [];
  const quotas = await Promise.all(issuers.map((i) => reader.token.issuerQuota(i)));
  return {
    token: tokenHolders,
    mallAdmins: list(mall, ADMIN),
    merchant: (id) => new Map(MERCHANT_ROLES.map((r) => [r, list(mall, merchantRoleId(r, id))] as const)),
    quotas: new Map(issuers.map((i, k) => [i, quotas[k] ?? 0n])),
  };
}

export function useAccess(): Query<Access> {
  const { reader, account } = useWallet();
  return useQuery(account === undefined ? undefined : () => loadAccess(reader, account), [reader, account]);
}

export function useRoleHolders(): Query<RoleHolders> {
  const { reader } = useWallet();
  return useQuery(() => loadRoleHolders(reader), [reader]);
}

/** Who may see the books and every issuer's quota: the admins, the pausers and the issuers. */
export function seesBooks(a: Access): boolean {
  return a.mallAdmin || a.token.some((r) => r === "DEFAULT_ADMIN_ROLE" || r === "PAUSER_ROLE" || r === "ISSUER_ROLE");
}
