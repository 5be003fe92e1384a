import { balanceOf } from "../../../src/sdk/index.js";
import { useWallet } from "../wallet/WalletContext.js";
import { useQuery, type Query } from "./useQuery.js";

/** The connected account's points (idle when none is connected). */
export function useBalance(): Query<bigint> {
  const { reader, account } = useWallet();
  return useQuery(account === undefined ? undefined : () => balanceOf(reader, account), [reader, account]);
}

/**
 * How many units of each SKU with a per-customer limit the connected account holds against it,
 * so that the shop can say "limit reached" on the item itself.
 */
export function usePurchased(skuIds: number[]): Query<Map<number, bigint>> {
  const { reader, account } = useWallet();
  const key = skuIds.join(",");
  return useQuery(
    account === undefined || skuIds.length === 0
      ? undefined
      : async () => new Map(await Promise.all(skuIds.map(async (id) => [id, await reader.mall.purchased(id, account)] as const))),
    [reader, account, key],
  );
}
