/**
 * Who holds which role now, on any followed contract: AccessControl's RoleGranted and RoleRevoked
 * (the default admin's two-step hand-over ends in these too).
 */
import { id } from "ethers";
import type { ApplyContext } from "../context.js";
import type { LogPosition } from "../decode.js";

const ISSUER_ROLE = id("ISSUER_ROLE");
const BURNER_ROLE = id("BURNER_ROLE");

export function roleGranted(ctx: ApplyContext, args: { role: string; account: string; sender: string }, pos: LogPosition): void {
  const key = `${pos.address}:${args.role}:${args.account}`;
  ctx.store.edit("roles", key, () => ({
    id: key, contract: pos.address, role: args.role, account: args.account, block_number: pos.block, granted_by: args.sender,
  }));
  if (pos.address !== ctx.config.token) return;
  if (args.role === ISSUER_ROLE) {
    ctx.issuer(args.account, pos.block).role = true;
    ctx.touched.issuers.add(args.account);
  } else if (args.role === BURNER_ROLE) {
    ctx.burner(args.account);
  }
}

export function roleRevoked(ctx: ApplyContext, args: { role: string; account: string }, pos: LogPosition): void {
  ctx.store.remove("roles", `${pos.address}:${args.role}:${args.account}`);
  if (pos.address === ctx.config.token && args.role === ISSUER_ROLE) {
    ctx.issuer(args.account, pos.block).role = false;
    ctx.touched.issuers.add(args.account);
  }
}
