import type { DependencyList, ReactNode } from "react";
import type { Page } from "../../../src/sdk/index.js";
import { useCursorPages } from "../data/explorer.js";
import { useQuery } from "../data/useQuery.js";
import { QueryView } from "../ui/QueryView.js";
import { CursorPager } from "./CursorPager.js";

/** Rows a page of the explorer's lists. */
export const PAGE = 10;

export interface Column<T> {
  label: string;
  /** `rank`: the row's place in the whole list, counting earlier pages. */
  cell: (row: T, rank: number) => ReactNode;
  className?: (row: T) => string | undefined;
}

/**
 * One cursor-paged list of the ledger API as a table that stacks on a phone: loading, empty and
 * error states, and previous/next pages. `resetKey` starts again from page 1 when it changes.
 */
export function PagedTable<T>({ title, load, deps, columns, rowKey, rowTestId, empty, resetKey }: {
  title: string;
  load: (paging: { limit: number; cursor?: string }) => Promise<Page<T>>;
  deps: DependencyList;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  empty: string;
  resetKey?: string;
}) {
  const pages = useCursorPages(resetKey);
  const query = useQuery(() => load({ limit: PAGE, cursor: pages.cursor }), [...deps, pages.cursor]);
  return (
    <QueryView query={query} isEmpty={(p) => p.items.length === 0} empty={empty}>
      {(p) => (
        <>
          <table className="stack">
            <thead><tr>{columns.map((c) => <th key={c.label}>{c.label}</th>)}</tr></thead>
            <tbody>
              {p.items.map((row, i) => (
                <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
                  {columns.map((c) => <td key={c.label} data-label={c.label} className={c.className?.(row)}>{c.cell(row, (pages.page - 1) * PAGE + i + 1)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
          <CursorPager pages={pages} next={p.next} list={title} />
        </>
      )}
    </QueryView>
  );
}
