import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

export const PAGE_SIZE = 10;

/** The page shown (?page=n, from 1) and the rows on it. */
export function usePage<T>(rows: T[], size = PAGE_SIZE): { page: number; pages: number; shown: T[] } {
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const asked = Number(params.get("page") ?? "1");
  const page = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
  return { page, pages, shown: rows.slice((page - 1) * size, page * size) };
}

/** Newer and older pages of a list, kept in the URL so that a page can be linked and reloaded. */
export function Pager({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  if (pages <= 1) return null;
  const go = (n: number) =>
    setParams((p) => {
      p.set("page", String(n));
      return p;
    });
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      <button type="button" disabled={page <= 1} onClick={() => go(page - 1)}>{t("pager.newer")}</button>
      <span>{t("pager.position", { page, pages })}</span>
      <button type="button" disabled={page >= pages} onClick={() => go(page + 1)}>{t("pager.older")}</button>
    </nav>
  );
}
