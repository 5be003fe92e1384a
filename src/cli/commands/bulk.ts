/**
 * `points bulk issue <csv>` (also `points bulk-issue`) and `points bulk verify <csv>`: many
 * recipients from a file, resumable, each row traceable through its batch's Merkle root.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import {
  InvalidInputError,
  PointsError,
  bulkManifest,
  checkBulk,
  describeProblems,
  jsonWithBigints,
  parseBulkCsv,
  planBatches,
  sendBatches,
  shortAddress,
  verifyBatches,
  type BatchOutcome,
  type BulkRow,
  type PlannedBatch,
  type PointsClient,
} from "../../sdk/index.js";
import { argument, kinds, option } from "../args.js";
import type { Cli, CommandGroup } from "../context.js";
import { table } from "../output.js";

const DEFAULT_BATCH = 500;

interface BulkOptions {
  batchSize?: number;
  issuer?: string;
  manifest?: string;
}

/** The file, read and checked row by row; refuses with up to 20 bad rows listed. */
function readRows(cli: Cli, file: string): BulkRow[] {
  const full = path.resolve(cli.environment.cwd, file);
  if (!existsSync(full)) throw new InvalidInputError("csv", `no file ${file}`, "check the path");
  const { rows, problems } = parseBulkCsv(readFileSync(full, "utf8"));
  if (problems.length > 0) {
    const lines = describeProblems(problems).map((l) => `  ${l}`).join("\n");
    throw new InvalidInputError("csv", `${problems.length} bad row(s) in ${file}; nothing was sent:\n${lines}`, "fix them and run again (line numbers are rows as a spreadsheet shows them)");
  }
  return rows;
}

function plan(rows: BulkRow[], batchSize: number): { batches: PlannedBatch[]; rows: number; total: bigint } {
  return { batches: planBatches(rows, batchSize), rows: rows.length, total: rows.reduce((s, r) => s + r.amount, 0n) };
}

const manifestPath = (cli: Cli, file: string, o: BulkOptions) => path.resolve(cli.environment.cwd, o.manifest ?? `${file}.manifest.json`);

/** A path as the user reads it: relative to where they are, unless that climbs out. */
function shown(cli: Cli, file: string): string {
  const relative = path.relative(cli.environment.cwd, file);
  return relative.startsWith("..") ? file : relative;
}

/** What an earlier run's manifest says: who sent the file where, in batches of which size. */
function previousRun(file: string): { batchSize: number; issuer: string; token: string } | undefined {
  if (!existsSync(file)) return undefined;
  const m = JSON.parse(readFileSync(file, "utf8")) as { batchSize?: unknown; issuer?: unknown; token?: unknown };
  return typeof m.batchSize === "number" && typeof m.issuer === "string" && typeof m.token === "string" ? { batchSize: m.batchSize, issuer: m.issuer, token: m.token } : undefined;
}

/**
 * The batch size: --batch-size, else the one an earlier run of this file used (its manifest), else
 * 500. Batches are the unit of "issued before", so the same file sent again in batches of another
 * size would credit its rows twice: that is refused.
 */
async function batchSizeFor(cli: Cli, o: BulkOptions, manifest: string, who: { client: PointsClient; issuer: string } | undefined): Promise<number> {
  const previous = previousRun(manifest);
  if (previous === undefined || who === undefined) return o.batchSize ?? previous?.batchSize ?? DEFAULT_BATCH;
  const same = previous.issuer === who.issuer && previous.token === (await who.client.token.getAddress());
  if (same && o.batchSize !== undefined && o.batchSize !== previous.batchSize) {
    throw new InvalidInputError(
      "--batch-size",
      `${shown(cli, manifest)} says ${previous.issuer} sent this file in batches of ${previous.batchSize}; batches of ${o.batchSize} would credit its rows again`,
      `run with --batch-size ${previous.batchSize} (or without it) to finish that run; for a new campaign, give it a new file and references`,
    );
  }
  return same ? previous.batchSize : (o.batchSize ?? DEFAULT_BATCH);
}

/** The issuer to check for: --issuer, else the key's address where one is given, else none. */
async function issuerOf(cli: Cli, o: BulkOptions): Promise<{ client: PointsClient; issuer: string } | undefined> {
  const g = cli.globals();
  if (o.issuer !== undefined) return { client: await cli.reader(), issuer: o.issuer };
  if (g.account === undefined && g.keystore === undefined && g.privateKeyEnv === undefined) return undefined;
  const client = await cli.writer();
  return { client, issuer: await client.signer!.getAddress() };
}

async function issueAction(cli: Cli, file: string, o: BulkOptions & { dryRun?: boolean }): Promise<void> {
  const manifest = manifestPath(cli, file, o);
  if (o.dryRun !== true && o.issuer !== undefined) throw new InvalidInputError("--issuer", "only checks a --dry-run", "to send, sign with the issuer's key (--keystore)");
  const parsed = readRows(cli, file); // the file's problems first, before any connection
  const who = await issuerOf(cli, o);
  const batchSize = await batchSizeFor(cli, o, manifest, who);
  const { batches, rows, total } = plan(parsed, batchSize);
  const summary = { rows, points: total, batches: batches.map((b) => ({ batchRef: b.batchRef, rows: b.rows.length, total: b.total })) };
  if (o.dryRun === true) {
    if (who !== undefined) {
      const states = await checkBulk(who.client, who.issuer, batches);
      const done = states.filter((s) => s.state === "by-issuer").length;
      const quota = await who.client.token.issuerQuota(who.issuer);
      cli.print({ ...summary, issuer: who.issuer, quota, issuedBefore: done }, () =>
        `${rows} rows, ${total} points, ${batches.length} batch(es): the file is valid, ${who.issuer} may issue ${quota} points` +
        `${done > 0 ? `, ${done} batch(es) issued before` : ""}; nothing sent`,
      );
    } else {
      cli.print(summary, () => `${rows} rows, ${total} points, ${batches.length} batch(es): the file is valid; nothing sent\n(give a key or --issuer <address> to check the quota too)`);
    }
    return;
  }
  if (who === undefined) throw new PointsError("this command sends transactions and needs a key", "pass --keystore <file>, or --account <n> on the local chain");
  const { client, issuer } = who;
  const { chainId } = await client.provider.getNetwork();
  const token = await client.token.getAddress();
  const write = (outcomes: BatchOutcome[]) =>
    writeFileSync(manifest, jsonWithBigints(bulkManifest({ chainId, token, issuer, file: path.basename(file), batchSize, batches, outcomes }), 2));
  // Written before the first batch, so that a run stopped midway leaves its batch size behind.
  write([]);
  const result = await sendBatches(client, batches, (done, count, batch, skipped) => {
    const bar = "#".repeat(Math.round((done / count) * 30)).padEnd(30, "-");
    cli.progress(`[${bar}] ${done}/${count} batches${skipped ? ` (batch ${batch.index + 1} was issued before by you: skipped)` : ""}`, done === count);
  });
  write(result.outcomes);
  const skippedAt = result.outcomes.filter((x) => x.skipped).map((x) => `${x.index + 1} (block ${x.block})`);
  cli.print({ ...result, manifest }, () =>
    [
      `${result.recipients} recipients credited with ${result.points} points in ${result.sent} transaction(s)`,
      result.skipped > 0 ? `${result.skipped} batch(es) had been issued before and were skipped: no one was credited twice` : "",
      result.skipped > 0 ? `  issued before by ${issuer} with the same recipients and total: batch ${skippedAt.join(", ")}` : "",
      result.sent > 0 ? `gas ${result.gasUsed} (${result.gasUsed / BigInt(Math.max(result.recipients, 1))} per recipient)` : "",
      `manifest (every row's reference and proof): ${shown(cli, manifest)}`,
    ]
      .filter((l) => l !== "")
      .join("\n"),
  );
}

async function verifyAction(cli: Cli, file: string, o: BulkOptions): Promise<void> {
  const manifest = manifestPath(cli, file, o);
  let batchSize = o.batchSize;
  if (batchSize === undefined && existsSync(manifest)) {
    const size = (JSON.parse(readFileSync(manifest, "utf8")) as { batchSize?: unknown }).batchSize;
    if (typeof size === "number") batchSize = size;
  }
  const { batches } = plan(readRows(cli, file), batchSize ?? DEFAULT_BATCH);
  const who = await issuerOf(cli, o);
  const client = who?.client ?? (await cli.reader());
  const verdict = await verifyBatches(client, batches, who?.issuer);
  const counts = { issued: 0, "not issued": 0, mismatch: 0 };
  for (const r of verdict.rows) counts[r.status] += 1;
  if (counts.mismatch > 0) cli.exitCode = 3;
  cli.print({ issuer: who?.issuer, counts, ...verdict }, () =>
    [
      table(
        ["line", "address", "amount", "reference", "batch", "status", "block"],
        verdict.rows.map((r) => [r.line, shortAddress(r.address), r.amount, r.reference, r.batch + 1, r.status, r.block ?? "-"]),
      ),
      "",
      ...verdict.batches.map((b) => `batch ${b.index + 1} (${b.batchRef}): ${b.detail}`),
      `${counts.issued} row(s) issued, ${counts["not issued"]} not issued, ${counts.mismatch} differ from the file`,
    ].join("\n"),
  );
}

function issueCommand(cli: Cli, command: Command): void {
  command
    .description("issue to many addresses from a CSV file (address,amount,reference); run it again after an interruption to finish")
    .addArgument(argument("csv", "the file: a header naming address, amount, reference (other columns ignored), or those three columns", kinds.text))
    .addOption(option("--batch-size <n>", "recipients per transaction (default: the earlier run's, or 500: about 12.4M gas)", kinds.batchSize))
    .option("--dry-run", "check the file (and, with a key or --issuer, the quota and what was issued before); send nothing")
    .addOption(option("--issuer <address>", "with --dry-run: whose quota and batches to check, without its key", kinds.address))
    .addOption(option("--manifest <file>", "where to write the manifest of batches, rows and proofs (default: <csv>.manifest.json)", kinds.text))
    .action(async (file: string, o: BulkOptions & { dryRun?: boolean }) => issueAction(cli, file, o));
}

export const bulk: CommandGroup = (program, cli) => {
  const group = program.command("bulk").description("many recipients from a CSV file: issue them, verify each row on chain");
  issueCommand(cli, group.command("issue"));
  group
    .command("verify")
    .description("recompute each batch's root from the file and check it, and each row, against the chain")
    .addArgument(argument("csv", "the file that was sent", kinds.text))
    .addOption(option("--issuer <address>", "who issued it (default: the key's address; without either, anyone)", kinds.address))
    .addOption(option("--batch-size <n>", "the batch size it was sent with (default: the manifest's, or 500)", kinds.batchSize))
    .addOption(option("--manifest <file>", "the manifest written when sending (default: <csv>.manifest.json)", kinds.text))
    .action(async (file: string, o: BulkOptions) => verifyAction(cli, file, o));
  // The name it had before `bulk` became a group; scripts use it.
  issueCommand(cli, program.command("bulk-issue"));
};
