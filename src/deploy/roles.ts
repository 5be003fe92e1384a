/**
 * Who holds what in a deployed system, read from the chain (every RoleGranted and RoleRevoked
 * of the token and the mall since the deployment block), not echoed from the parameters: what
 * `points deploy` prints is what the contracts say.
 */
import type { Provider } from "ethers";
import { PointsMall__factory, PointsToken__factory } from "../../types/ethers-contracts/index.js";
import { DEFAULT_LOG_CHUNK, roleName } from "../sdk/index.js";

export interface RoleHolder {
  contract: "token" | "mall";
  role: string;
  account: string;
  /** What else is known: an issuer's quota, the admin's hand-over delay, which account it is. */
  note: string;
}

interface RoleLog {
  blockNumber: number;
  index: number;
  granted: boolean;
  role: string;
  account: string;
}

async function roleLogs(
  contract: ReturnType<typeof PointsToken__factory.connect> | ReturnType<typeof PointsMall__factory.connect>,
  fromBlock: number,
  toBlock: number,
): Promise<RoleLog[]> {
  const out: RoleLog[] = [];
  for (let start = fromBlock; start <= toBlock; start += DEFAULT_LOG_CHUNK) {
    const end = Math.min(toBlock, start + DEFAULT_LOG_CHUNK - 1);
    const [granted, revoked] = await Promise.all([
      contract.queryFilter(contract.filters.RoleGranted(), start, end),
      contract.queryFilter(contract.filters.RoleRevoked(), start, end),
    ]);
    for (const e of granted) out.push({ blockNumber: e.blockNumber, index: e.index, granted: true, role: e.args.role, account: e.args.account });
    for (const e of revoked) out.push({ blockNumber: e.blockNumber, index: e.index, granted: false, role: e.args.role, account: e.args.account });
  }
  return out.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

/** The role holders of the token and mall now, with `labels` naming known accounts (the deployer…). */
export async function readRoleHolders(
  provider: Provider,
  addresses: { token: string; mall: string },
  fromBlock: number,
  labels: Map<string, string>,
): Promise<RoleHolder[]> {
  const token = PointsToken__factory.connect(addresses.token, provider);
  const mall = PointsMall__factory.connect(addresses.mall, provider);
  const toBlock = await provider.getBlockNumber();
  const holders: RoleHolder[] = [];
  const issuerRole = await token.ISSUER_ROLE();
  for (const [name, contract] of [["token", token], ["mall", mall]] as const) {
    const current = new Map<string, RoleLog>();
    for (const log of await roleLogs(contract, fromBlock, toBlock)) {
      const key = `${log.role}/${log.account}`;
      if (log.granted) current.set(key, log);
      else current.delete(key);
    }
    for (const log of current.values()) {
      const notes: string[] = [];
      const label = labels.get(log.account);
      if (label !== undefined) notes.push(label);
      if (name === "token" && log.role === issuerRole) notes.push(`quota ${await token.issuerQuota(log.account)}`);
      if (log.role === "0x" + "00".repeat(32)) notes.push(`hand-over delay ${await contract.defaultAdminDelay()} s`);
      holders.push({ contract: name, role: roleName(log.role), account: log.account, note: notes.join(", ") });
    }
  }
  return holders;
}
