/**
 * The EVM floor of an operation: the gas of exactly the storage accesses, logs, calls and calldata
 * it performs, with nothing for computation. Prices from EIP-2028 (calldata), EIP-2929 (cold
 * access), EIP-2200/3529 (SSTORE) as in Prague.
 */

export const INTRINSIC = 21_000;
export const COLD_SLOAD = 2_100;
/** A slot written from zero to non-zero, first touched in this transaction (cold). */
export const NEW_SLOT = 22_100;
/** A slot written from non-zero to non-zero, first touched in this transaction (cold). */
export const UPDATE_SLOT = 5_000;
export const COLD_CALL = 2_600;
export const ECRECOVER = 3_000;

export function logCost(topics: number, dataBytes: number): number {
  return 375 + 375 * topics + 8 * dataBytes;
}

/** EIP-2028: 4 gas a zero byte, 16 a non-zero byte. */
export function calldataCost(data: string): number {
  const hex = data.startsWith("0x") ? data.slice(2) : data;
  let gas = 0;
  for (let i = 0; i < hex.length; i += 2) gas += hex.slice(i, i + 2) === "00" ? 4 : 16;
  return gas;
}

export interface FloorItem {
  what: string;
  gas: number;
  /** How many times (per recipient in a batch, say). */
  times?: number;
}

export interface Floor {
  items: FloorItem[];
  total: number;
}

export function floor(items: FloorItem[]): Floor {
  return { items, total: items.reduce((sum, i) => sum + i.gas * (i.times ?? 1), 0) };
}

/** "21000 intrinsic + 584 calldata + 2x5000 balances + ... = 33,340" */
export function describe(f: Floor): string {
  const parts = f.items.map((i) =>
    i.times !== undefined && i.times !== 1 ? `${i.times}x${i.gas} ${i.what}` : `${i.gas} ${i.what}`,
  );
  return `${parts.join(" + ")} = ${f.total.toLocaleString("en-US")}`;
}

export const transferLog = { what: "Transfer log", gas: logCost(3, 32) };
