import { useTranslation } from "react-i18next";
import type { CursorPages } from "../data/explorer.js";

/** Previous and next pages of a cursor-paged list (hidden when it fits on one page). */
export function CursorPager({ pages, next, list }: { pages: CursorPages; next: string | null | undefined; list: string }) {
  const { t } = useTranslation();
  if (pages.page === 1 && (next === null || next === undefined)) return null;
  return (
    <nav className="pager" aria-label={t("explorer.pagesLabel", { list })}>
      <button type="button" disabled={pages.page <= 1} onClick={pages.previous}>{t("explorer.previous")}</button>
      <span>{t("explorer.pageOf", { page: pages.page })}</span>
      <button type="button" disabled={next === null || next === undefined} onClick={() => next !== null && next !== undefined && pages.next(next)}>{t("explorer.next")}</button>
    </nav>
  );
}
