/** An order's status as the mall numbers it (IPointsMall.OrderStatus): 0 None, 1 Placed, ... */
export const ORDER_STATUSES = ["None", "Placed", "Fulfilled", "Cancelled"] as const;

export type OrderStatus = "Placed" | "Fulfilled" | "Cancelled";

/** The name of the mall's status number `status`. */
export function orderStatusName(status: bigint | number): string {
  return ORDER_STATUSES[Number(status)] ?? String(status);
}
