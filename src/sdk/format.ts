/** How the SDK's users show things: one short form of an address for tables, lists and messages. */

/** 0x90F7…b906: the first 4 and last 4 hex digits, enough to tell addresses apart at a glance. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
