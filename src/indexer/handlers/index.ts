/**
 * The handler table, keyed by contract kind and event name. Events with no entry (Approval,
 * EIP712DomainChanged, the forwarder's ExecutedForwardRequest, ...) are still stored in the events
 * table; the forwarder's events mark what they relayed (apply.ts).
 */
import type { ApplyContext } from "../context.js";
import type { AnyEvent } from "../decode.js";
import { mallHandlers } from "./mall.js";
import { rulesHandlers } from "./rules.js";
import { tokenHandlers } from "./token.js";
import type { HandlerEntry, HandlerTable, KeyContext, KeySink } from "./types.js";

export const handlers: HandlerTable = {
  token: tokenHandlers,
  mall: mallHandlers,
  forwarder: {},
  rules: rulesHandlers,
};

// The table is typed per kind and name; looking an event up by its own kind and name gives the
// entry of exactly its type, which TypeScript cannot follow through the union.
function entryOf(event: AnyEvent): HandlerEntry<AnyEvent> | undefined {
  return (handlers[event.kind] as Partial<Record<string, HandlerEntry<AnyEvent>>>)[event.name];
}

export function keysOf(event: AnyEvent, keys: KeySink, ctx: KeyContext): void {
  entryOf(event)?.keys?.(event, keys, ctx);
}

export function applyEvent(event: AnyEvent, ctx: ApplyContext): void {
  entryOf(event)?.apply(event, ctx);
}

export type { KeySink } from "./types.js";
