import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { IndexerError } from "../../../src/sdk/index.js";
import type { Query } from "../data/useQuery.js";
import { shopperMessage } from "../messages.js";

/** Why a panel has nothing to show, with a way to ask again. */
function Problem({ query }: { query: Extract<Query<unknown>, { status: "error" }> }) {
  const { t } = useTranslation();
  return (
    <div className="state error" role="alert" data-testid="panel-error">
      <p>{query.unreachable && !(query.error instanceof IndexerError) ? t("state.unreachable") : shopperMessage(query.error, t)}</p>
      <button type="button" onClick={query.retry}>
        {t("state.retry")}
      </button>
    </div>
  );
}

/**
 * Every panel's four states: loading, an error (the chain unreachable: it retries by itself; the
 * last data stays under the warning), empty, and the data.
 */
export function QueryView<T>({
  query,
  children,
  isEmpty,
  empty,
  idle,
  loading,
}: {
  query: Query<T>;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  idle?: ReactNode;
  loading?: string;
}) {
  const { t } = useTranslation();
  switch (query.status) {
    case "idle":
      return <>{idle ?? null}</>;
    case "loading":
      return (
        <p className="state loading" role="status" data-testid="panel-loading">
          {loading ?? t("state.loading")}
        </p>
      );
    case "error":
      return (
        <>
          <Problem query={query} />
          {query.data !== undefined && children(query.data)}
        </>
      );
    case "ok":
      if (isEmpty?.(query.data) === true) {
        return (
          <p className="state empty" data-testid="panel-empty">
            {empty ?? t("state.empty")}
          </p>
        );
      }
      return <>{children(query.data)}</>;
  }
}
