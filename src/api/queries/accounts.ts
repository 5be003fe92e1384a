/** One account: its summary, its history with the running balance, its orders. */
import { sql } from "kysely";
import { ZeroAddress } from "ethers";
import { cursorParam, limitParam, pageOf, type Page } from "../pagination.js";
import { addressParam, choiceParam, intParam, type Params } from "../params.js";
import { confirmedAt, iso, type QueryContext } from "./context.js";
import { expiryNow, unexpiredBalances } from "./expiry.js";
import { ordersOf, type OrderView } from "./orders.js";

export interface MovementView {
  block: number;
  logIndex: number;
  txHash: string;
  time: string;
  kind: string;
  points: bigint;
  balance: bigint;
  counterparty: string;
  ref: string;
  orderId?: bigint;
  batch?: boolean;
  relayed: boolean;
  confirmed: boolean;
}

export async function history(q: QueryContext, p: Params): Promise<Page<MovementView>> {
  const account = addressParam(p, "address");
  const order = choiceParam(p, "order", ["desc", "asc"] as const) ?? "desc";
  const limit = limitParam(p);
  const after = cursorParam(p, "nn");
  const fromBlock = intParam(p, "fromBlock");
  const toBlock = intParam(p, "toBlock");
  let query = q.db.selectFrom("movements").selectAll().where("account", "=", account);
  if (fromBlock !== undefined) query = query.where("block_number", ">=", fromBlock);
  if (toBlock !== undefined) query = query.where("block_number", "<=", toBlock);
  if (after !== undefined) {
    query = order === "desc"
      ? query.where(sql<boolean>`(block_number, log_index) < (${after[0]}, ${after[1]})`)
      : query.where(sql<boolean>`(block_number, log_index) > (${after[0]}, ${after[1]})`);
  }
  const rows = await query.orderBy("block_number", order).orderBy("log_index", order).limit(limit + 1).execute();
  const confirmed = confirmedAt(await q.cursor());
  return pageOf(rows, limit, (r) => [r.block_number, r.log_index], (r) => ({
    block: r.block_number,
    logIndex: r.log_index,
    txHash: r.tx_hash,
    time: iso(r.block_time),
    kind: r.kind,
    points: r.points,
    balance: r.balance,
    counterparty: r.counterparty,
    ref: r.ref_text,
    ...(r.order_id !== null ? { orderId: r.order_id } : {}),
    ...(r.batch ? { batch: true } : {}),
    relayed: r.relayed,
    confirmed: confirmed(r.block_number),
  }));
}

export async function account(q: QueryContext, p: Params) {
  const address = addressParam(p, "address");
  const [holder, issuer, roles, orders] = await Promise.all([
    q.db.selectFrom("holders").selectAll().where("address", "=", address).executeTakeFirst(),
    q.db.selectFrom("issuers").selectAll().where("address", "=", address).executeTakeFirst(),
    q.db.selectFrom("roles").select(["contract", "role"]).where("account", "=", address).execute(),
    q.db.selectFrom("orders").select((eb) => eb.fn.countAll<number>().as("n")).where("buyer", "=", address).executeTakeFirstOrThrow(),
  ]);
  // On an expiring token the balance is its unexpired points at the indexed block's time.
  const e = await expiryNow(q);
  const balance = e === undefined ? (holder?.balance ?? 0n) : ((await unexpiredBalances(q, e, [address])).get(address) ?? 0n);
  return {
    address,
    balance,
    movements: holder?.movements ?? 0,
    redeemed: holder?.redeemed ?? 0n,
    firstBlock: holder?.first_block ?? null,
    lastBlock: holder?.last_block ?? null,
    issuedBy: holder === undefined || holder.issuers === "" ? [] : holder.issuers.split(","),
    orders: Number(orders.n),
    issuer: issuer === undefined ? null : { issued: issuer.issued, quotaLeft: issuer.quota, isIssuer: issuer.role },
    roles: roles.map((r) => ({ contract: r.contract, role: r.role })),
    isZero: address === ZeroAddress,
  };
}

export async function accountOrders(q: QueryContext, p: Params): Promise<Page<OrderView>> {
  return ordersOf(q, p, addressParam(p, "address"));
}
