/** The books: an address's history, settlement between merchants, reconciliation. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Option } from "commander";
import { ZeroAddress } from "ethers";
import { blockAtTime, history, InvalidInputError, reconcile, settle, shortAddress, type BulkManifest } from "../../sdk/index.js";
import { argument, kinds, option } from "../args.js";
import type { Cli, CommandGroup } from "../context.js";
import { table } from "../output.js";

/** Each bulk row's reference by batch reference and address, from manifests `points bulk issue` wrote. */
function rowReferences(cli: Cli, files: readonly string[]): Map<string, string> {
  const refs = new Map<string, string>();
  for (const file of files) {
    let manifest: BulkManifest;
    try {
      manifest = JSON.parse(readFileSync(path.resolve(cli.environment.cwd, file), "utf8")) as BulkManifest;
    } catch (error) {
      throw new InvalidInputError("--manifest", `${file} is not a readable manifest`, "give the .manifest.json that points bulk issue wrote", { cause: error });
    }
    if (manifest.kind !== "points-mall/bulk-manifest") throw new InvalidInputError("--manifest", `${file} is not a bulk manifest`, "give the .manifest.json that points bulk issue wrote");
    for (const b of manifest.batches) for (const r of b.rows) refs.set(`${b.batchRef.toLowerCase()}|${r.address}`, r.reference);
  }
  return refs;
}

export const books: CommandGroup = (program, cli) => {
  const manifests = new Option("--manifest <file...>", "bulk manifests: show each batch row's own reference instead of its batch's");
  manifests.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), kinds.text(value, "--manifest")]);
  program
    .command("history")
    .description("every movement of an address's points, with the running balance")
    .addArgument(argument("address", "whose history", kinds.address))
    .addOption(manifests)
    .action(async (address: string, o: { manifest?: string[] }) => {
      const refs = rowReferences(cli, o.manifest ?? []);
      const found = await history(await cli.reader(), address);
      // A batch's reference is the root of its rows; a manifest names the row's own.
      const moves = found.map((m) => (m.batch === true ? { ...m, ref: refs.get(`${m.ref.toLowerCase()}|${address}`) ?? m.ref } : m));
      cli.print(moves, () =>
        table(
          ["block", "movement", "points", "balance", "with", "reference"],
          moves.map((m) => [m.block, m.kind + (m.batch === true ? " (batch)" : ""), (m.points > 0n ? "+" : "") + m.points, m.balance, m.counterparty === ZeroAddress ? "-" : shortAddress(m.counterparty), m.ref]),
        ),
      );
    });

  program
    .command("settle")
    .description("settlement between merchants: issued, redeemed at each catalog, who owes whom")
    .addOption(option("--from <time>", "start of the period: 2026-11-01 (UTC), an ISO time with zone, or unix seconds (default: the deployment)", kinds.time))
    .addOption(option("--to <time>", "end of the period, not included (same formats; default: now)", kinds.time))
    .action(async (o: { from?: bigint; to?: bigint }) => {
      const client = await cli.reader();
      const fromBlock = o.from === undefined ? undefined : await blockAtTime(client, Number(o.from));
      const toBlock = o.to === undefined ? undefined : (await blockAtTime(client, Number(o.to))) - 1;
      const s = await settle(client, { fromBlock, toBlock });
      const name = (id: number) => (id === 0 ? "(issuers of no merchant)" : `${id} ${s.merchants.find((m) => m.merchantId === id)?.name ?? ""}`);
      cli.print(s, () =>
        [
          `blocks ${s.fromBlock} to ${s.toBlock}`,
          table(["merchant", "issued", "redeemed here", "share of redemptions", "net"], s.merchants.map((m) => [name(m.merchantId), m.issued, m.redeemed, m.liability, (m.net > 0n ? "+" : "") + m.net])),
          "",
          s.obligations.length === 0 ? "no one owes anyone" : s.obligations.map((x) => `${name(x.from)} owes ${name(x.to)} ${x.points} points`).join("\n"),
        ].join("\n"),
      );
    });

  program
    .command("reconcile")
    .description("check the books: supply, balances, issuance, redemption, stock (exit 3 when they differ)")
    .action(async () => {
      const r = await reconcile(await cli.reader());
      cli.print(r, () =>
        [
          `at block ${r.block}: totalSupply ${r.totalSupply}; ${r.holders} holders' ${r.expired === undefined ? "" : "unexpired "}balances add up to ${r.sumOfBalances}`,
          // Expiring points: what expired by the block's time comes off, as on chain.
          r.expired === undefined
            ? `issued ${r.issued} - burned ${r.burned} + refunded ${r.refunded} = ${r.issued - r.burned + r.refunded}`
            : `issued ${r.issued} - burned ${r.burned} + refunded ${r.refunded} - expired ${r.expired} = ${r.issued - r.burned + r.refunded - r.expired}`,
          "",
          table(["issuer", "issued", "quota left", "redeemed by its customers"], r.issuers.map((i) => [i.issuer, i.issued, i.quotaLeft, i.redeemedByItsCustomers])),
          "",
          table(["sku", "supplied", "stock", "sold", "sold by orders"], r.skus.map((s) => [s.skuId, s.unlimited ? "unlimited" : s.supplied, s.unlimited ? "-" : s.stock, s.sold, s.soldByOrders])),
          "",
          r.differences.length === 0 ? "the books balance" : `DIFFERENCES:\n${r.differences.map((d) => `  ${d}`).join("\n")}`,
        ].join("\n"),
      );
      if (r.differences.length > 0) cli.exitCode = 3;
    });
};
