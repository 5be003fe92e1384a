import type { TFunction } from "i18next";
import {
  ContractRevertError,
  IndexerError,
  DeliveryError,
  InvalidInputError,
  MetadataError,
  NetworkError,
  NoGasMoneyError,
  RelayError,
  UserRejectedError,
  WrongNetworkError,
  toPointsError,
} from "../../src/sdk/index.js";
import { AccountExistsError, BadSecretError, WrongPasswordError } from "./wallet/keystore.js";

// The class lives with every other error in the SDK (src/sdk/errors.ts); the web's sentences are here.
export { WrongNetworkError };

const n = (v: unknown) => String(v);

/** A revert the shop's customers and staff meet, as a sentence in their language. */
function revertMessage(e: ContractRevertError, t: TFunction): string {
  const a = e.args;
  switch (e.errorName) {
    case "PriceAboveMax":
      return t("errors.priceChanged", { price: n(a.price) });
    case "InsufficientStock":
      return Number(a.available) === 0 ? t("errors.soldOut") : t("errors.onlyLeft", { count: Number(a.available) });
    case "ERC20InsufficientBalance":
      return t("errors.notEnoughPoints", { balance: n(a.balance), needed: n(a.needed) });
    case "EnforcedPause":
      return t("errors.paused");
    case "WalletLimitExceeded":
      return t("errors.walletLimit", { limit: n(a.limit), bought: n(a.bought) });
    case "SaleNotStarted":
      return t("errors.saleNotStarted");
    case "SaleEnded":
      return t("errors.saleEnded");
    case "SkuNotActive":
      return t("errors.notOnSale");
    case "UnknownSku":
      return t("errors.unknownSku", { sku: n(a.skuId) });
    case "UnknownOrder":
      return t("errors.unknownOrder", { order: n(a.orderId) });
    case "OrderNotPlaced":
      return t("errors.orderNotPlaced", { order: n(a.orderId) });
    case "AccessControlUnauthorizedAccount":
      return t("errors.missingRole");
    case "IssuerQuotaExceeded":
      return t("errors.quota", { remaining: n(a.remaining), wanted: n(a.wanted) });
    case "DuplicateCartLine":
      return t("errors.duplicateLine", { sku: n(a.skuId) });
    case "EmptyCart":
      return t("errors.emptyCart");
    case "CartMixesMerchants":
      return t("errors.mixedMerchants", { sku: n(a.skuId) });
    case "CartTooLong":
      return t("errors.cartTooLong", { max: n(a.max), lines: n(a.lines) });
    default:
      return t("errors.refused", { reason: e.message });
  }
}

/** The delivery-details API's refusals (src/api/delivery.ts) in the page's language. */
function deliveryMessage(e: DeliveryError, t: TFunction): string {
  if (e.status === 0) return t("errors.deliveryUnreachable");
  if (e.status === 401) return t("errors.deliverySignIn");
  if (e.status === 403) return t("errors.deliveryNotAllowed");
  if (e.status === 429) return t("errors.deliveryBusy");
  return t("errors.deliveryRefused", { reason: e.message });
}

/** What went wrong, as a sentence a shopper understands, in their language; never raw JSON-RPC. */
export function shopperMessage(error: unknown, t: TFunction): string {
  if (error instanceof WrongNetworkError) return t("errors.wrongNetwork", { wallet: error.walletChainId, shop: error.shopChainId });
  const e = toPointsError(error);
  if (e instanceof UserRejectedError) return t("errors.rejected");
  if (e instanceof NetworkError) return t("errors.unreachable");
  if (e instanceof IndexerError) return e.unavailable ? t("ledger.unreachable") : t("ledger.refused", { reason: e.message });
  if (e instanceof NoGasMoneyError) return t("errors.noGas");
  if (e instanceof DeliveryError) return deliveryMessage(e, t);
  if (e instanceof RelayError) return e.status === 429 ? t("errors.relayBusy", { seconds: e.retryAfter ?? 60 }) : t("errors.relay", { reason: e.message });
  if (e instanceof WrongPasswordError) return t("errors.wrongPassword");
  if (e instanceof AccountExistsError) return t("errors.accountExists");
  if (e instanceof BadSecretError) return t("errors.badSecret");
  if (e instanceof InvalidInputError) return t("errors.input", { field: e.field, problem: e.message.replace(`${e.field}: `, ""), hint: e.hint ?? "" }).trim();
  if (e instanceof ContractRevertError) return revertMessage(e, t);
  if (e instanceof MetadataError) return t("errors.metadata");
  if (/chain|network/i.test(e.message) && /mismatch|wrong|unsupported|4901|4902/i.test(e.message)) return t("errors.wrongNetworkUnknown");
  return e.hint === undefined ? t("errors.generic", { reason: e.message }) : t("errors.genericHint", { reason: e.message, hint: e.hint });
}
