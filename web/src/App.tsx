import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Route, Routes, useLocation } from "react-router";
import { AccountPage } from "./account/AccountPage.js";
import { loadConfig, type SystemConfig } from "./config.js";
import { ConsolePage } from "./console/ConsolePage.js";
import { RefreshProvider } from "./data/refresh.js";
import { ExplorerPage } from "./explorer/ExplorerPage.js";
import { CartPage } from "./shop/CartPage.js";
import { CheckoutPage } from "./shop/CheckoutPage.js";
import { HistoryPage } from "./shop/HistoryPage.js";
import { ItemPage } from "./shop/ItemPage.js";
import { OrdersPage } from "./shop/OrdersPage.js";
import { ReceiptPage } from "./shop/ReceiptPage.js";
import { SendPage } from "./shop/SendPage.js";
import { ShopPage } from "./shop/ShopPage.js";
import { ErrorBoundary } from "./ui/ErrorBoundary.js";
import { Header } from "./ui/Header.js";
import { NotFound } from "./ui/NotFound.js";
import { WalletBanner } from "./ui/WalletBanner.js";
import { useWallet, WalletProvider } from "./wallet/WalletContext.js";

/** Each page in its own error boundary: a crash says so and offers a reload; the header stays. */
function Guarded({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <ErrorBoundary resetKey={pathname}>{children}</ErrorBoundary>;
}

const page = (element: ReactNode) => <Guarded>{element}</Guarded>;

function Layout() {
  const { provider } = useWallet();
  return (
    <RefreshProvider provider={provider}>
      <div className="page">
        <Header />
        <WalletBanner />
        <Routes>
          <Route path="/" element={page(<ShopPage />)} />
          <Route path="/item/:id" element={page(<ItemPage />)} />
          <Route path="/cart" element={page(<CartPage />)} />
          <Route path="/checkout" element={page(<CheckoutPage />)} />
          <Route path="/orders" element={page(<OrdersPage />)} />
          <Route path="/orders/:id" element={page(<ReceiptPage />)} />
          <Route path="/history" element={page(<HistoryPage />)} />
          <Route path="/send" element={page(<SendPage />)} />
          <Route path="/account" element={page(<AccountPage />)} />
          <Route path="/account/:section" element={page(<AccountPage />)} />
          <Route path="/explorer" element={page(<ExplorerPage />)} />
          <Route path="/console" element={page(<ConsolePage />)} />
          <Route path="/console/:section" element={page(<ConsolePage />)} />
          <Route path="*" element={page(<NotFound />)} />
        </Routes>
      </div>
    </RefreshProvider>
  );
}

/** Reads /config.json (which chain, which contracts), asking again while the server is away. */
export function App() {
  const { t } = useTranslation();
  const [config, setConfig] = useState<SystemConfig>();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    loadConfig().then(
      (c) => current && setConfig(c),
      () => {
        if (!current) return;
        setFailed(true);
        setTimeout(() => current && setAttempt((n) => n + 1), 4_000);
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  if (config === undefined) {
    return (
      <p className={failed ? "state error" : "state loading"} role={failed ? "alert" : "status"}>
        {failed ? t("state.noConfig") : t("state.loadingMall")}
      </p>
    );
  }
  return (
    <WalletProvider config={config}>
      <BrowserRouter>
        <Layout />
      </BrowserRouter>
    </WalletProvider>
  );
}
