/**
 * A bulk issuance file read through csv-parse (quoted fields, a BOM, CRLF), as a spreadsheet would
 * show it: row numbers count from 1 with the header, a quoted cell over several lines is one row.
 * Columns are found by name where there is a header (address, amount, reference; others ignored),
 * else by position. Every row is checked and every problem returned at once. Browser-safe: the
 * browser build of csv-parse runs in Node too.
 */
import { ZeroAddress } from "ethers";
import { parse } from "csv-parse/browser/esm/sync";
import { parseAddress, parseAmount } from "./validate.js";

/** One row to credit. `line` is its row number as a spreadsheet shows it (the header is 1). */
export interface BulkRow {
  line: number;
  address: string;
  amount: bigint;
  reference: string;
}

export interface RowProblem {
  /** The row number (0: the file as a whole). */
  line: number;
  problem: string;
}

export interface ParsedBulk {
  rows: BulkRow[];
  problems: RowProblem[];
  /** Whether the first row named the columns. */
  header: boolean;
}

const COLUMNS = {
  address: ["address", "recipient", "wallet"],
  amount: ["amount", "points"],
  reference: ["reference", "ref"],
} as const;
type Column = keyof typeof COLUMNS;

/** "1,000" and "1000" are 1000; a comma anywhere else ("1,5") is not a thousands separator. */
function amountText(cell: string): string {
  return /^\d{1,3}(,\d{3})+$/.test(cell) ? cell.replaceAll(",", "") : cell;
}

function headerColumns(cells: string[]): Record<Column, number> | undefined {
  const names = cells.map((c) => c.trim().toLowerCase());
  if (!names.some((n) => (COLUMNS.address as readonly string[]).includes(n))) return undefined;
  const find = (column: Column) => names.findIndex((n) => (COLUMNS[column] as readonly string[]).includes(n));
  return { address: find("address"), amount: find("amount"), reference: find("reference") };
}

/**
 * Parses and checks every row: a checksummed address that is not the zero address, a whole
 * positive amount ("1,000" allowed), a reference, and no row twice (same address and reference).
 * Empty rows and rows whose first cell starts with # are skipped.
 */
export function parseBulkCsv(text: string): ParsedBulk {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    const message = error instanceof Error ? error.message.replace(/ at line \d+.*$/, "") : String(error);
    return { rows: [], problems: [{ line: typeof line === "number" ? line : 0, problem: `not readable as CSV: ${message}` }], header: false };
  }
  const rows: BulkRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const first = records.findIndex((r) => r.some((c) => c !== ""));
  const named = first === -1 ? undefined : headerColumns(records[first]!);
  let columns: Record<Column, number> = { address: 0, amount: 1, reference: 2 };
  if (named !== undefined) {
    for (const column of ["amount", "reference"] as const) {
      if (named[column] === -1) problems.push({ line: first + 1, problem: `the header has no "${column}" column (it names ${records[first]!.filter((c) => c !== "").join(", ")})` });
    }
    columns = named;
  }
  records.forEach((cells, i) => {
    const line = i + 1;
    if ((named !== undefined && i === first) || cells.every((c) => c === "") || cells[0]!.startsWith("#")) return;
    const cell = (column: Column) => (columns[column] === -1 ? "" : (cells[columns[column]] ?? ""));
    const [addressText, amountCell, reference] = [cell("address"), cell("amount"), cell("reference")];
    let address: string | undefined;
    let amount: bigint | undefined;
    const problem = (text: string) => problems.push({ line, problem: text });
    if (addressText === "") problem("address: empty");
    else {
      try {
        address = parseAddress(addressText);
        if (address === ZeroAddress) {
          problem("address: the zero address (points sent there are lost)");
          address = undefined;
        }
      } catch (error) {
        problem((error as Error).message);
      }
    }
    if (amountCell === "") problem("amount: empty");
    else {
      try {
        amount = parseAmount(amountText(amountCell));
      } catch (error) {
        problem((error as Error).message);
      }
    }
    if (reference === "") problem("reference: empty");
    if (address === undefined || amount === undefined || reference === "") return;
    const key = `${address}|${reference}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(`duplicate of line ${earlier} (same address and reference)`);
      return;
    }
    seen.set(key, line);
    rows.push({ line, address, amount, reference });
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 0, problem: "the file has no rows" });
  return { rows, problems, header: named !== undefined };
}

/** The problems as lines for a person: at most `max` listed, then how many more. */
export function describeProblems(problems: readonly RowProblem[], max = 20): string[] {
  const listed = problems.slice(0, max).map((p) => (p.line === 0 ? p.problem : `line ${p.line}: ${p.problem}`));
  if (problems.length > max) listed.push(`and ${problems.length - max} more`);
  return listed;
}
