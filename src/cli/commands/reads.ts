/**
 * `--indexer <url>`: read history, orders, books, settlement and activity through a ledger API
 * (`points serve`), remembered per deployment; `--indexer off` forgets it. Without one, or when
 * it does not answer, reads go to the chain with a one-line note (src/sdk/indexed.ts).
 */
import type { Command } from "commander";

export function registerIndexerOption(program: Command): void {
  program.option("--indexer <url>", "read history, orders, books and activity from this ledger API (points serve); remembered per deployment; \"off\" forgets it");
}
