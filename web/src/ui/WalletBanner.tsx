import { useContext } from "react";
import { useTranslation } from "react-i18next";
import { RefreshContext } from "../data/refresh.js";
import { switchChain } from "../wallet/extension.js";
import { useWallet } from "../wallet/WalletContext.js";
import { Feedback } from "./Feedback.js";
import { shortAddress } from "./format.js";
import { useAction } from "./useAction.js";

/**
 * What happened by itself, said under the header: the chain stopped answering, or the wallet did
 * something (another account, another chain, locked).
 */
export function WalletBanner() {
  const { t } = useTranslation();
  const { wrongChain, connection, config, notice, clearNotice, refreshChain } = useWallet();
  const { reachable } = useContext(RefreshContext);
  const action = useAction();
  return (
    <>
      {!reachable && (
        <div className="banner error" role="alert" data-testid="chain-down">
          <p>{t("banner.chainDown")}</p>
        </div>
      )}
      {wrongChain && connection.kind === "extension" && (
        <div className="banner error" role="alert" data-testid="wrong-chain">
          <p>{t("errors.wrongNetwork", { wallet: connection.chainId, shop: config.chainId })}</p>
          <button type="button" disabled={action.pending}
            onClick={() => void action.run(async () => { await switchChain(connection.wallet.provider, config); await refreshChain(); }, () => t("banner.switched"), { checkChain: false })}>
            {t("banner.switch")}
          </button>
          <Feedback state={action.state} />
        </div>
      )}
      {notice !== undefined && (
        <div className="banner" role="status" data-testid="wallet-notice">
          <p>
            {notice.kind === "locked"
              ? t("banner.locked", { count: notice.minutes })
              : notice.kind === "accountChanged"
                ? t("banner.accountChanged", { address: shortAddress(notice.address) })
                : t("banner.disconnected")}
          </p>
          <button type="button" onClick={clearNotice}>{t("banner.dismiss")}</button>
        </div>
      )}
    </>
  );
}
