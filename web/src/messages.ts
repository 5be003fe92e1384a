import { ContractRevertError, InvalidInputError, NetworkError, UserRejectedError, WrongNetworkError, toPointsError } from "../../src/sdk/index.js";

/** What went wrong, as a sentence a shopper understands; never raw JSON-RPC. */
export function shopperMessage(error: unknown): string {
  if (error instanceof WrongNetworkError) {
    return `Your wallet is on another network (chain ${error.walletChainId}). Switch it to the Points Mall network (chain ${error.shopChainId}) and try again.`;
  }
  const e = toPointsError(error);
  if (e instanceof UserRejectedError) return "You cancelled this in your wallet. Nothing was sent.";
  if (e instanceof NetworkError) return "The shop cannot reach its network right now. Please try again in a moment.";
  if (e instanceof InvalidInputError) return `Please check the ${e.field}: ${e.message.replace(`${e.field}: `, "")}.`;
  if (e instanceof ContractRevertError) {
    const a = e.args as Record<string, bigint | string>;
    switch (e.errorName) {
      case "PriceAboveMax":
        return `The price changed to ${a.price} points while you were looking. Nothing was charged; check the new price and try again.`;
      case "InsufficientStock":
        return Number(a.available) === 0 ? "Sorry, this is out of stock." : `Sorry, only ${a.available} left.`;
      case "ERC20InsufficientBalance":
        return `You don't have enough points: you have ${a.balance}, this needs ${a.needed}.`;
      case "EnforcedPause":
        return "The shop is paused for maintenance. Please try again later; your points are safe.";
      case "WalletLimitExceeded":
        return `This item is limited to ${a.limit} per customer, and you already have ${a.bought}.`;
      case "SaleNotStarted":
        return "This item is not on sale yet.";
      case "SaleEnded":
        return "The sale of this item has ended.";
      case "SkuNotActive":
        return "This item is not on sale.";
      default:
        return e.message;
    }
  }
  if (/chain|network/i.test(e.message) && /mismatch|wrong|unsupported|4901|4902/i.test(e.message)) {
    return "Your wallet is on another network. Switch it to the Points Mall network and try again.";
  }
  return e.message;
}
