import { useTranslation } from "react-i18next";
import type { IndexerClient } from "../../../src/sdk/index.js";
import { useIndexer, useLiveIndex } from "../data/explorer.js";
import { useFormat } from "../ui/format.js";
import { BooksState } from "./BooksState.js";
import { HoldersPanel } from "./HoldersPanel.js";
import { IssuersPanel } from "./IssuersPanel.js";
import { MovementsPanel } from "./MovementsPanel.js";
import { PointAssets } from "./PointAssets.js";
import { SearchPanel } from "./SearchPanel.js";

/** How far the ledger has indexed, or that it does not answer (panels keep what they read). */
function LiveLine({ ix }: { ix: IndexerClient }) {
  const { t } = useTranslation();
  const f = useFormat();
  const live = useLiveIndex(ix);
  if (live.down) return <p className="state error" role="alert" data-testid="explorer-down">{t("explorer.down")}</p>;
  if (live.block === undefined) return null;
  const behind = live.head !== undefined && live.head > live.block;
  return (
    <p className="meta" data-testid="explorer-live">
      {behind ? t("explorer.liveBehind", { block: f.number(live.block), head: f.number(live.head ?? 0) }) : t("explorer.live", { block: f.number(live.block) })}
    </p>
  );
}

/** The platform-wide view of the ledger, for anyone: search, books, liabilities, holders, movements. */
export function ExplorerPage() {
  const { t } = useTranslation();
  const ix = useIndexer();
  return (
    <main className="explorer">
      <h1>{t("explorer.title")}</h1>
      <p className="meta">{t("explorer.intro")}</p>
      {ix === undefined ? (
        <p className="state empty" data-testid="explorer-no-api">{t("explorer.noApi")}</p>
      ) : (
        <>
          <LiveLine ix={ix} />
          <SearchPanel ix={ix} />
          <BooksState ix={ix} />
          <IssuersPanel ix={ix} />
          <HoldersPanel ix={ix} />
          <MovementsPanel ix={ix} />
        </>
      )}
      {/* Read from the chain: shown with or without a ledger service. */}
      <PointAssets />
    </main>
  );
}
