import { useTranslation } from "react-i18next";
import { useWallet } from "../wallet/WalletContext.js";
import { shortAddress } from "./format.js";

/** An address as people read it: "you", "the mall", or 0x1234…abcd with the whole of it on hover. */
export function Address({ address }: { address: string }) {
  const { t } = useTranslation();
  const { account, config } = useWallet();
  const a = address.toLowerCase();
  const label =
    a === account?.toLowerCase() ? t("address.you") : a === config.mall.toLowerCase() ? t("address.mall") : a === config.token.toLowerCase() ? t("address.token") : shortAddress(address);
  return (
    <span className="address" title={address}>
      {label}
    </span>
  );
}
