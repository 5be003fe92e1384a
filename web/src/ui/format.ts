import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useWallet } from "../wallet/WalletContext.js";

/** Numbers, points and dates in the page's language (Intl). */
export function useFormat() {
  const { i18n } = useTranslation();
  const { config } = useWallet();
  const language = i18n.language;
  return useMemo(() => {
    const number = new Intl.NumberFormat(language);
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
    const day = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
    return {
      number: (v: bigint | number) => number.format(v),
      points: (v: bigint | number) => `${number.format(v)} ${config.symbol}`,
      /** A block time or a sale window bound (unix seconds). */
      dateTime: (seconds: number | bigint) => dateTime.format(new Date(Number(seconds) * 1000)),
      /** A row's date, or … while its block's time is being read. */
      dateTimeOrPending: (seconds: number | undefined) => (seconds === undefined ? "…" : dateTime.format(new Date(seconds * 1000))),
      day: (seconds: number | bigint) => day.format(new Date(Number(seconds) * 1000)),
      symbol: config.symbol,
    };
  }, [language, config.symbol]);
}

/** 0x1234…abcd: enough to recognise an address, short enough for a phone (the SDK's one shortAddress). */
export { shortAddress } from "../../../src/sdk/index.js";
