/**
 * `points migrate --from <deployment> --to <deployment>`: moves every balance (and the points of
 * open orders) of a live program to a new deployment, in resumable batches, and prints the
 * reconciliation of the two books. See docs/migrate.md.
 */
import path from "node:path";
import type { Command } from "commander";
import { formatEther } from "ethers";
import { count, kinds, option } from "../args.js";
import type { ConnectionOptions } from "../connect.js";
import { table, toJson } from "../output.js";
import { DEFAULT_BATCH_SIZE, runMigrate, type MigrateOptions, type MigrateResult } from "../../migrate/migrate.js";

/** A path relative to here when it is below here, else absolute. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}

export function describeMigration(r: MigrateResult): string {
  const lines = [
    `old books: token ${r.from.token} on chain ${r.from.chainId} at block ${r.snapshotBlock} (${r.snapshotNote})`,
    `  ${r.rows} holders, ${r.points} points to carry over in ${r.batches} batch(es) of up to ${r.batchSize}`,
  ];
  const inOrders = r.openOrders.reduce((s, o) => s + o.points, 0n);
  if (r.openOrders.length > 0) {
    lines.push(
      r.orders === "refund"
        ? `  ${r.openOrders.length} open order(s) hold ${inOrders} points: refunded to their buyers on the new deployment`
        : `  ${r.openOrders.length} open order(s) hold ${inOrders} points: carried over for you to settle (not refunded); recreating orders on the new mall is not possible without its catalog, so fulfil them from the list (on the old mall, or by hand)`,
    );
    if (r.orders === "carry") lines.push(table(["order", "buyer", "points"], r.openOrders.slice(0, 20).map((o) => [o.orderId, o.buyer, o.points])), r.openOrders.length > 20 ? `  and ${r.openOrders.length - 20} more (open-orders.csv)` : "");
  }
  for (const e of r.excluded) lines.push(`  not carried over: ${e.holder} holds ${e.amount} points: ${e.why}`);
  lines.push(`new token ${r.to.token} on chain ${r.to.chainId}, issued by ${r.issuer}`);
  lines.push(`  ${r.issuedBefore} batch(es) issued before, ${r.batches - r.issuedBefore} to send (about ${r.gas.gasPerBatch} gas each: about ${formatEther(r.gas.cost)} of the key's ${formatEther(r.gas.balance)})`);
  if (r.dryRun) {
    lines.push("", "every check passed; nothing was sent and nothing paused (--dry-run)");
    return lines.join("\n");
  }
  const b = r.books!;
  lines.push(
    `  sent ${r.sent} batch(es) now, ${r.gasUsed} gas`,
    "",
    "reconciliation:",
    table(
      ["", `old books at block ${b.snapshotBlock}`, "new books"],
      [
        ["points held", `${b.oldTotalSupply} (= totalSupply)`, ""],
        ["+ in open orders", r.orders === "refund" ? `${b.inOpenOrders} (refunded)` : "0 (carried, not refunded)", ""],
        ["- not carried over", String(b.notMigrated), ""],
        ["= carried over", String(b.planned), `${b.credited} credited (totalSupply ${b.newTotalSupply})`],
        ["holders", String(b.holders), `${b.holdersEqual} credited exactly their row`],
        ["batches", String(b.batches), `${b.batchesIssued} issued, each once`],
        ["sample (balanceOf)", `${b.sample.holders} read ${b.sample.oldRead}`, `${b.sample.equal} of ${b.sample.holders} equal`],
      ],
    ),
    "",
    b.differences.length === 0 ? "the books balance: the new books equal the old ones at the snapshot block" : `DIFFERENCES:\n${b.differences.map((d) => `  ${d}`).join("\n")}`,
    `record (keep it): ${r.files.map(shown).join(", ")}`,
  );
  return lines.join("\n");
}

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("move a live program's points to a new deployment: pause, snapshot, issue in resumable batches, reconcile")
    .requiredOption("--from <deployment>", "the old deployment (id or file)")
    .requiredOption("--to <deployment>", "the new deployment (id or file); your key must be an issuer there")
    .addOption(option("--at-block <n>", "snapshot block (default: where the old token was paused; the old token must be paused at it)", kinds.block))
    .option("--carry-orders", "do not refund open orders: list them for you to settle")
    .addOption(option("--batch-size <n>", `holders per transaction (default ${DEFAULT_BATCH_SIZE})`, count(1, 1_000, "holders")))
    .option("--state <dir>", "where the migration keeps its state and record (default .points/migrate/<old>-to-<new>)")
    .addOption(option("--sample <n>", "holders to read back with balanceOf on both tokens", count(0, 100_000, "holders"), { value: 100, shown: "100" }))
    .option("--allow-other-batches", "go on although your key issued batches on the new token that this migration did not plan")
    .option("--dry-run", "take the snapshot and check everything; pause nothing, send nothing")
    .action(async (o: Omit<MigrateOptions, "stateDir"> & { state?: string }, command: Command) => {
      const globals = command.optsWithGlobals<ConnectionOptions & { json?: boolean }>();
      const { state, ...rest } = o;
      const result = await runMigrate(globals, { ...rest, stateDir: state }, (line) => process.stderr.write(`${line}\n`));
      console.log(globals.json === true ? toJson({ ok: result.books === undefined || result.books.differences.length === 0, ...result }) : describeMigration(result));
      if (result.books !== undefined && result.books.differences.length > 0) process.exitCode = 3;
    });
}
