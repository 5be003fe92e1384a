import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useCursorPages } from "../data/explorer.js";
import { useQuery } from "../data/useQuery.js";
import { QueryView } from "../ui/QueryView.js";
import { CursorPager } from "./CursorPager.js";
import { SearchHitView } from "./SearchHits.js";

const MAX = 100; // the API's limit

/** The search box; what was asked lives in the URL (?q=), so a result can be linked and reloaded. */
function SearchBox() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get("q") ?? "";
  const [text, setText] = useState(asked);
  // A link to another search (an address in a list) changes the URL: the box follows.
  useEffect(() => setText(asked), [asked]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    if (q === "" || q.length > MAX) return;
    setParams((p) => {
      p.set("q", q);
      return p;
    });
  };
  const clear = () => {
    setText("");
    setParams((p) => {
      p.delete("q");
      return p;
    });
  };
  return (
    <form className="filters" role="search" onSubmit={submit}>
      <input type="search" aria-label={t("explorer.search.label")} placeholder={t("explorer.search.placeholder")} value={text} maxLength={MAX} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="primary" disabled={text.trim() === ""}>{t("explorer.search.submit")}</button>
      {asked !== "" && <button type="button" onClick={clear}>{t("explorer.search.clear")}</button>}
    </form>
  );
}

function Results({ ix, q }: { ix: IndexerClient; q: string }) {
  const { t } = useTranslation();
  const pages = useCursorPages(q);
  const found = useQuery(() => ix.search(q, { limit: 20, cursor: pages.cursor }), [ix, q, pages.cursor]);
  const title = t("explorer.search.results", { q });
  return (
    <div data-testid="search-results" aria-live="polite">
      <h3>{title}</h3>
      <QueryView query={found} loading={t("explorer.search.searching")} isEmpty={(p) => p.items.length === 0} empty={t("explorer.search.none", { q })}>
        {(p) => (
          <>
            <ul className="hits">
              {p.items.map((hit, i) => <li key={`${hit.type}-${i}`} data-testid={`hit-${hit.type}`}><SearchHitView hit={hit} ix={ix} /></li>)}
            </ul>
            <CursorPager pages={pages} next={p.next} list={title} />
          </>
        )}
      </QueryView>
    </div>
  );
}

/** Search by address, transaction hash, order id or reference text (the API's /search). */
export function SearchPanel({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  return (
    <section data-testid="explorer-search">
      <h2>{t("explorer.search.title")}</h2>
      <SearchBox />
      {q !== "" && q.length <= MAX && <Results ix={ix} q={q} />}
    </section>
  );
}
