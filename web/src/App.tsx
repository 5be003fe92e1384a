import { BrowserProvider, JsonRpcProvider } from "ethers";
import { useCallback, useEffect, useMemo, useState } from "react";
import { WrongNetworkError, connectPoints, type PointsClient } from "../../src/sdk/index.js";
import { Console } from "./Console.js";
import { shopperMessage } from "./messages.js";
import { short } from "./shared.js";
import { Shop } from "./Shop.js";
import { connectWallet, discoverWallets, watchToken, type SystemConfig, type WalletInfo } from "./wallet.js";

type Notice = { kind: "ok" | "error"; text: string } | undefined;

export function App() {
  const [config, setConfig] = useState<SystemConfig>();
  const [wallets, setWallets] = useState<WalletInfo[]>([]);
  const [wallet, setWallet] = useState<WalletInfo>();
  const [account, setAccount] = useState<string>();
  const [client, setClient] = useState<PointsClient>();
  const [tab, setTab] = useState<"shop" | "console">("shop");
  const [notice, setNotice] = useState<Notice>();
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    void (async () => {
      setConfig((await (await fetch("/config.json")).json()) as SystemConfig);
      setWallets(await discoverWallets());
    })();
  }, []);

  const reader = useMemo(
    () => (config === undefined ? undefined : connectPoints(new JsonRpcProvider(config.rpcUrl, config.chainId, { staticNetwork: true }), config)),
    [config],
  );

  async function onConnect(w: WalletInfo) {
    if (config === undefined) return;
    try {
      const address = await connectWallet(w.provider, config);
      const signer = await new BrowserProvider(w.provider, config.chainId).getSigner(address);
      setWallet(w);
      setAccount(address);
      // With a relay, a wallet with no coin for gas still transfers, claims and redeems.
      setClient(connectPoints(signer, config, config.relayUrl === undefined ? {} : { relay: { url: config.relayUrl, mode: "auto" } }));
      setNotice({ kind: "ok", text: `Connected ${short(address)} with ${w.name}.` });
    } catch (error) {
      setNotice({ kind: "error", text: shopperMessage(error) });
    }
  }

  /** Runs a wallet action, then says how it went and reloads the data. */
  const act = useCallback(
    async (action: () => Promise<string>) => {
      setNotice({ kind: "ok", text: "Confirm in your wallet…" });
      try {
        // The shopper may have switched networks in the wallet since connecting.
        if (wallet !== undefined && config !== undefined) {
          const chainId = Number(await wallet.provider.request({ method: "eth_chainId" }));
          if (chainId !== config.chainId) {
            throw new WrongNetworkError(chainId, config.chainId);
          }
        }
        setNotice({ kind: "ok", text: await action() });
      } catch (error) {
        setNotice({ kind: "error", text: shopperMessage(error) });
      }
      refresh();
    },
    [refresh, wallet, config],
  );

  if (config === undefined || reader === undefined) return <p className="loading">Loading the mall…</p>;
  return (
    <div className="page">
      <header>
        <h1>Points Mall</h1>
        <nav>
          <button className={tab === "shop" ? "tab on" : "tab"} onClick={() => setTab("shop")}>Shop</button>
          <button className={tab === "console" ? "tab on" : "tab"} onClick={() => setTab("console")}>Merchant console</button>
        </nav>
        <div className="wallet">
          {account === undefined ? (
            wallets.length === 0 ? (
              <span>No wallet found: install MetaMask to shop.</span>
            ) : (
              wallets.map((w) => (
                <button key={w.rdns} className="primary" onClick={() => void onConnect(w)}>
                  Connect {w.name}
                </button>
              ))
            )
          ) : (
            <>
              <span className="account" data-testid="account">{short(account)}</span>
              <button onClick={() => void act(async () => ((await watchToken(wallet!.provider, config)) ? `${config.symbol} is in your wallet.` : "The wallet did not add the token."))}>
                Add {config.symbol} to wallet
              </button>
            </>
          )}
        </div>
      </header>
      {notice !== undefined && (
        <p role="alert" className={`notice ${notice.kind}`} data-testid="notice">
          {notice.text}
        </p>
      )}
      {tab === "shop" ? (
        <Shop reader={reader} client={client} account={account} symbol={config.symbol} act={act} version={version} />
      ) : (
        <Console reader={reader} client={client} account={account} act={act} version={version} />
      )}
    </div>
  );
}
