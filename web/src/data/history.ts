import { history, type Movement } from "../../../src/sdk/index.js";
import { useWallet } from "../wallet/WalletContext.js";
import { allPages, seconds, viaLedger } from "./ledger.js";
import { useQuery, type Query } from "./useQuery.js";

/** A movement with its date where the ledger API gave it (from the chain: read per block shown). */
export type DatedMovement = Movement & { time?: number };

/** The connected account's movements, newest first: from the ledger API, else from the chain. */
export function useHistory(): Query<DatedMovement[]> {
  const { reader, account } = useWallet();
  return useQuery(
    account === undefined
      ? undefined
      : () =>
          viaLedger<DatedMovement[]>(
            reader,
            (ix) =>
              allPages(async (cursor) => {
                const page = await ix.historyPage(account, { order: "desc", limit: 500, cursor });
                return { items: page.items.map(({ time, relayed: _r, confirmed: _c, ...m }) => ({ ...m, time: seconds(time) })), next: page.next };
              }),
            async (chain) => (await history(chain, account)).reverse(),
          ),
    [reader, account],
  );
}
