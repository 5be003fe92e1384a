import { useTranslation } from "react-i18next";
import { NavLink, useParams, useSearchParams } from "react-router";
import { RequireAccount } from "../account/RequireAccount.js";
import { seesBooks, useAccess, type Access } from "../data/roles.js";
import { QueryView } from "../ui/QueryView.js";
import { BooksPanel } from "./BooksPanel.js";
import { CatalogPanel } from "./CatalogPanel.js";
import { IssuePanel } from "./IssuePanel.js";
import { OrderQueue } from "./OrderQueue.js";
import { RoleSummary } from "./RoleSummary.js";
import { StaffPanel } from "./StaffPanel.js";
import { SystemPanel } from "./SystemPanel.js";
import { TokenRolesPanel } from "./TokenRolesPanel.js";

type Section = "orders" | "catalog" | "staff" | "issue" | "roles" | "system" | "books";

/** The sections the connected address may open, for the chosen merchant. */
function sectionsFor(a: Access, merchantId: number | undefined): Section[] {
  const m = a.merchants.find((x) => x.id === merchantId);
  const out: Section[] = [];
  if (m?.roles.includes("FULFILLER")) out.push("orders");
  if (m?.roles.includes("CATALOG_MANAGER")) out.push("catalog");
  if (m !== undefined && (m.roles.includes("MERCHANT_ADMIN") || a.mallAdmin)) out.push("staff");
  if (a.token.includes("ISSUER_ROLE")) out.push("issue");
  if (a.token.includes("DEFAULT_ADMIN_ROLE") || a.mallAdmin) out.push("roles");
  if (a.token.includes("PAUSER_ROLE") || a.mallAdmin) out.push("system");
  if (seesBooks(a)) out.push("books");
  return out;
}

function ConsoleBody({ access }: { access: Access }) {
  const { t } = useTranslation();
  const { section } = useParams();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("merchant"));
  const merchant = access.merchants.find((m) => m.id === asked) ?? access.merchants.find((m) => m.roles.length > 0) ?? access.merchants[0];
  const sections = sectionsFor(access, merchant?.id);
  const current = sections.find((s) => s === section) ?? sections[0];
  const query = merchant === undefined ? "" : `?merchant=${merchant.id}`;

  if (sections.length === 0) return <p className="state empty" data-testid="no-role">{t("console.noRole")}</p>;
  return (
    <>
      <RoleSummary access={access} />
      {access.merchants.length > 1 && (
        <label className="inline-label">
          {t("console.merchant")}
          <select value={merchant?.id ?? ""} onChange={(e) => setParams({ merchant: e.target.value })}>
            {access.merchants.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </label>
      )}
      <nav className="tabs" aria-label={t("console.sections")}>
        {sections.map((s) => (
          <NavLink key={s} to={`/console/${s}${query}`} className={s === current ? "active" : ""}>{t(`console.section.${s}`)}</NavLink>
        ))}
      </nav>
      {current === "orders" && merchant !== undefined && <OrderQueue merchantId={merchant.id} />}
      {current === "catalog" && merchant !== undefined && <CatalogPanel merchantId={merchant.id} />}
      {current === "staff" && merchant !== undefined && <StaffPanel merchant={merchant} mallAdmin={access.mallAdmin} />}
      {current === "issue" && <IssuePanel />}
      {current === "roles" && <TokenRolesPanel access={access} />}
      {current === "system" && <SystemPanel access={access} />}
      {current === "books" && <BooksPanel />}
    </>
  );
}

export function ConsolePage() {
  const { t } = useTranslation();
  const access = useAccess();
  return (
    <main className="console">
      <h1>{t("console.title")}</h1>
      <RequireAccount>
        <QueryView query={access}>{(a) => <ConsoleBody access={a} />}</QueryView>
      </RequireAccount>
    </main>
  );
}
