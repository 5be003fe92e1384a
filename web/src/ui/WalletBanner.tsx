import { useTranslation } from "react-i18next";
import { switchChain } from "../wallet/extension.js";
import { useWallet } from "../wallet/WalletContext.js";
import { Feedback } from "./Feedback.js";
import { shortAddress } from "./format.js";
import { useAction } from "./useAction.js";

/** What the wallet did by itself (another account, another chain, locked), said under the header. */
export function WalletBanner() {
  const { t } = useTranslation();
  const { wrongChain, connection, config, notice, clearNotice } = useWallet();
  const action = useAction();
  return (
    <>
      {wrongChain && connection.kind === "extension" && (
        <div className="banner error" role="alert" data-testid="wrong-chain">
          <p>{t("errors.wrongNetwork", { wallet: connection.chainId, shop: config.chainId })}</p>
          <button type="button" disabled={action.pending}
            onClick={() => void action.run(() => switchChain(connection.wallet.provider, config), () => t("banner.switched"), { checkChain: false })}>
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
