/**
 * `points webhooks add|list|remove|deliveries`: webhook subscribers of the ledger. On PostgreSQL
 * (or a PGlite folder no process holds) they work on the database directly; while `points serve`
 * holds a PGlite folder they go through its local admin routes, with the token it wrote to
 * .points/<deployment>.admin-token.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { Cli } from "../context.js";
import type { LedgerDatabase } from "../../indexer/database.js";
import { DatabaseLockedError } from "../../indexer/errors.js";
import { WEBHOOK_EVENTS } from "../../indexer/context.js";
import { PointsError } from "../../sdk/errors.js";
import { table } from "../output.js";
import { deploymentKey } from "../remember.js";
import { databaseOption, wholeOption } from "./ledger-options.js";

type Admin = (method: string, route: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Runs `direct` on the database, or `viaServer` through the running server's admin routes when it holds the database. */
async function withLedger<T>(cli: Cli, database: string | undefined, direct: (db: LedgerDatabase) => Promise<T>, viaServer: (admin: Admin) => Promise<T>): Promise<T> {
  const globals = cli.globals();
  // Loaded here, not at the top: every other command starts faster without the database's modules.
  const { openDatabase } = await import("../../indexer/database.js");
  let db: LedgerDatabase;
  try {
    db = await openDatabase(databaseOption(database, globals.deployment));
  } catch (error) {
    if (!(error instanceof DatabaseLockedError)) throw error;
    const file = path.join(cli.environment.cwd, ".points", `${deploymentKey(globals.deployment)}.admin-token`);
    if (!existsSync(file)) throw error;
    const { url, token } = JSON.parse(readFileSync(file, "utf8")) as { url: string; token: string };
    return viaServer(async (method, route, body) => {
      let response: Response;
      try {
        response = await fetch(`${url}${route}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch {
        throw new PointsError(`the server holding the database (${url}) did not answer`, "is points serve still running? If not, run the command again");
      }
      const answer = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new PointsError(String(answer.error), typeof answer.hint === "string" ? answer.hint : undefined);
      return answer;
    });
  }
  try {
    return await direct(db);
  } finally {
    await db.close();
  }
}

function print(cli: Cli, json: unknown, human: () => string): void {
  cli.print(json, human);
}

const subscriptions = () => import("../../indexer/subscriptions.js");

export function registerWebhooksCommand(program: Command, cli: Cli): void {
  const webhooks = program.command("webhooks").description("webhook subscribers: signed POSTs for orders, issuance, books out of balance, over-issuance");
  const dbOption = ["--database <url|dir>", "the ledger database (default: DATABASE_URL, else .points/db/<deployment>)"] as const;

  webhooks
    .command("add")
    .description("subscribe a URL to HMAC-signed POSTs of the ledger's events")
    .argument("<url>", "where to POST")
    .option("--events <list>", `comma-separated, of ${WEBHOOK_EVENTS.join(", ")} (default: all)`)
    .option("--secret <secret>", "the HMAC-SHA256 secret (default: one is made and shown once)")
    .option(...dbOption)
    .action(async (url: string, o: { events?: string; secret?: string; database?: string }) => {
      const input = { url, events: o.events === undefined ? [] : o.events.split(",").map((e) => e.trim()).filter((e) => e !== ""), secret: o.secret };
      const sub: Record<string, unknown> = await withLedger<Record<string, unknown>>(cli, o.database, async (db) => ({ ...(await (await subscriptions()).addSubscription(db.db, input)) }), (admin) => admin("POST", "/admin/webhooks", input));
      print(cli, sub, () => `added webhook ${String(sub.id)} -> ${String(sub.url)} (${(sub.events as string[]).join(", ")})\nsecret ${String(sub.secret)}\n  keep it: receivers check x-points-signature with it; it is not shown again`);
    });

  webhooks
    .command("list")
    .description("the subscribers, their events and the block each starts from")
    .option(...dbOption)
    .action(async (o: { database?: string }) => {
      const subs = (await withLedger(cli, o.database, async (db) => (await subscriptions()).listSubscriptions(db.db), async (admin) => (await admin("GET", "/admin/webhooks")).items)) as Record<string, unknown>[];
      print(cli, subs, () => (subs.length === 0 ? "no webhook subscribers" : table(["id", "url", "events", "from block"], subs.map((s) => [String(s.id), String(s.url), (s.events as string[]).join(","), String(s.fromBlock)]))));
    });

  webhooks
    .command("remove")
    .description("unsubscribe; its delivery log stays")
    .argument("<id>")
    .option(...dbOption)
    .action(async (id: string, o: { database?: string }) => {
      const gone = await withLedger(cli, o.database, async (db) => (await subscriptions()).removeSubscription(db.db, id), async (admin) => (await admin("DELETE", `/admin/webhooks/${encodeURIComponent(id)}`)).ok === true);
      if (!gone) throw new PointsError(`no webhook subscription ${id}`, "list them with points webhooks list");
      print(cli, { ok: true, id }, () => `removed webhook ${id}; what it had not received yet is dropped, its delivery log stays`);
    });

  webhooks
    .command("deliveries")
    .description("the delivery log, newest first: event, attempt, the receiver's answer")
    .option("--subscription <id>", "only this subscriber's")
    .option("--limit <n>", "how many, newest first", "20")
    .option(...dbOption)
    .action(async (o: { subscription?: string; limit: string; database?: string }) => {
      const limit = wholeOption(o.limit, "--limit");
      const rows = (await withLedger(
        cli,
        o.database,
        async (db) => (await subscriptions()).listDeliveries(db.db, { subscription: o.subscription, limit }),
        async (admin) => (await admin("GET", `/admin/webhooks/deliveries?limit=${limit}${o.subscription === undefined ? "" : `&subscription=${encodeURIComponent(o.subscription)}`}`)).items,
      )) as unknown as Record<string, unknown>[];
      print(cli, rows, () =>
        rows.length === 0 ? "no deliveries yet" : table(["at", "subscription", "event", "attempt", "status", "answer"], rows.map((d) => [new Date(String(d.at)).toISOString(), String(d.subscriptionId), String(d.event), String(d.attempt), String(d.status), d.error === null ? String(d.statusCode) : String(d.error)])),
      );
    });
}
