/** The program's mechanics for the connected account: pending, status, expiring points; the point assets. */
import {
  connectRules,
  connectStatus,
  expiringSoon,
  expiryPolicy,
  memberStatus,
  pendingPoints,
  pointAssets,
  type ExpiringLot,
  type ExpiryPolicy,
  type MemberStatus,
  type PointsAsset,
} from "../../../src/sdk/index.js";
import { useWallet } from "../wallet/WalletContext.js";
import { viaLedger } from "./ledger.js";
import { useQuery, type Query } from "./useQuery.js";

/** Points earned and waiting out a return window: one row per receipt, soonest first. */
export interface Pending {
  total: bigint;
  receipts: { rules: string; receipt: string; points: bigint; releaseAt: bigint }[];
}

/** How far ahead "expiring soon" looks: a month. */
export const EXPIRING_WITHIN_SECONDS = 30n * 86_400n;

/** The connected account's pending points in every merchant's rules contract the config names. */
export function usePending(): Query<Pending> {
  const { reader, account, config } = useWallet();
  const rules = config.rules ?? [];
  return useQuery(
    account === undefined || rules.length === 0
      ? undefined
      : async () => {
          const each = await Promise.all(rules.map(async (address) => ({ address, pending: await pendingPoints(connectRules(reader, address), account) })));
          const receipts = each.flatMap(({ address, pending }) =>
            pending.receipts.map((r) => ({ rules: address, receipt: r.receipt, points: r.points - r.reversed, releaseAt: r.releaseAt })),
          );
          return { total: each.reduce((sum, e) => sum + e.pending.total, 0n), receipts: receipts.sort((a, b) => (a.releaseAt < b.releaseAt ? -1 : 1)) };
        },
    [reader, account, rules.join(",")],
  );
}

/** The connected account's status points and tier (idle when the program has no status points). */
export function useMemberStatus(): Query<MemberStatus> {
  const { reader, account, config } = useWallet();
  const status = config.status;
  return useQuery(
    account === undefined || status === undefined ? undefined : () => memberStatus(connectStatus(reader, status), account),
    [reader, account, status],
  );
}

/** The token's expiry policy and, when its points expire, the account's points expiring soon. */
export interface Expiring {
  policy: ExpiryPolicy | undefined;
  points: bigint;
  lots: ExpiringLot[];
}

/** From the ledger API when the page has one (and it follows the chain), else from the chain. */
export function useExpiring(): Query<Expiring> {
  const { reader, account } = useWallet();
  return useQuery(
    account === undefined
      ? undefined
      : async () => {
          const policy = await expiryPolicy(reader);
          if (policy === undefined) return { policy, points: 0n, lots: [] };
          const soon = await viaLedger(reader, (ix) => ix.expiringSoon(account, EXPIRING_WITHIN_SECONDS), (chain) => expiringSoon(chain, account, EXPIRING_WITHIN_SECONDS));
          return { policy, ...soon };
        },
    [reader, account],
  );
}

/** The program's point assets: its points token, and its status points where it has them. */
export function usePointAssets(): Query<PointsAsset[]> {
  const { reader, config } = useWallet();
  return useQuery(() => pointAssets(reader, { status: config.status }), [reader, config.status]);
}
