/**
 * From whatever a call threw (ethers, Hardhat, an EIP-1193 wallet) to one of errors.ts's classes:
 * a contract's custom error becomes a ContractRevertError with its arguments by name and a sentence
 * from the table below, typed by the ABIs (abi.ts) so that a misspelt error or argument fails tsc.
 */
import { Interface, type ErrorDescription, type JsonFragment } from "ethers";
import type { ContractErrorName, ErrorArgs } from "./abi.js";
import {
  EarningRules__factory,
  ExpiringPointsToken__factory,
  PointsDeployer__factory,
  PointsForwarder__factory,
  PointsMall__factory,
  PointsToken__factory,
  StatusPoints__factory,
} from "./contracts.js";
import { ContractRevertError, NetworkError, NoGasMoneyError, PointsError, UserRejectedError } from "./errors.js";
import { roleName } from "./roles.js";
import { orderStatusName } from "./status.js";
import { readableRef } from "./validate.js";

// The errors of every contract the SDK talks to, each once (several share OpenZeppelin's).
const errorFragments = new Map<string, JsonFragment>();
const abis = [PointsToken__factory, ExpiringPointsToken__factory, PointsMall__factory, PointsDeployer__factory, EarningRules__factory, PointsForwarder__factory, StatusPoints__factory];
for (const f of abis.flatMap((factory): readonly JsonFragment[] => factory.abi)) {
  if (f.type === "error") errorFragments.set(`${f.name}(${(f.inputs ?? []).map((i) => i.type).join(",")})`, f);
}
const contractsInterface = new Interface([...errorFragments.values()]);

const when = (t: bigint) => new Date(Number(t) * 1000).toISOString();
const AGAIN = "scan or copy the code again";

/** A sentence (what happened) and a hint (what to do) for a custom error, from its named arguments. */
export type Sentences = { readonly [E in ContractErrorName]?: (a: ErrorArgs<E>) => readonly [string, string?] };

/** Sentences for the custom errors a user meets; the others read as Name(arg, …). */
export const SENTENCES: Sentences = {
  InsufficientStock: (a) => [`SKU ${a.skuId} has ${a.available} left, you asked for ${a.wanted}`, "ask for fewer"],
  PriceAboveMax: (a) => [
    `SKU ${a.skuId} costs ${a.price} points a unit now, above your limit of ${a.maxPrice}`,
    "check the new price and redeem again with a higher limit if it suits you",
  ],
  WalletLimitExceeded: (a) => [`SKU ${a.skuId} allows ${a.limit} per wallet; this wallet has ${a.bought} and asked for ${a.wanted}`, "ask for fewer"],
  SkuNotActive: (a) => [`SKU ${a.skuId} is not on sale`, "list the catalog to see what is on sale"],
  SaleNotStarted: (a) => [`SKU ${a.skuId} goes on sale at ${when(a.saleStart)}`, "try again then"],
  SaleEnded: (a) => [`the sale of SKU ${a.skuId} ended at ${when(a.saleEnd)}`, "list the catalog to see what is on sale"],
  UnknownSku: (a) => [`there is no SKU ${a.skuId}`, "list the catalog to see the SKUs"],
  UnknownCategory: (a) => [`there is no category ${a.categoryId}`, "list the catalog to see the categories"],
  CategoryOfOtherMerchant: (a) => [
    `category ${a.categoryId} belongs to merchant ${a.categoryMerchant}, not to merchant ${a.skuMerchant}`,
    "use a category of the SKU's merchant",
  ],
  UnknownOrder: (a) => [`there is no order ${a.orderId}`, "list the orders to see their ids"],
  UnknownMerchant: (a) => [`there is no merchant ${a.merchantId}`, "register it first (points add-merchant)"],
  OrderNotPlaced: (a) => [
    `order ${a.orderId} is ${orderStatusName(a.status)}; only a Placed order can be fulfilled or cancelled`,
    "list the Placed orders (points orders --status Placed)",
  ],
  OrderTooLarge: (a) => [`the order would cost ${a.points} points, more than one order can carry (${a.max})`, "split it"],
  StockOverflow: (a) => [`SKU ${a.skuId} has ${a.stock} in stock and ${a.sold} in standing orders; adding ${a.added} would pass the most it can hold, ${a.max}`, "add fewer units"],
  EmptyCart: () => ["the cart is empty", "add an item first"],
  CartTooLong: (a) => [`the cart has ${a.lines} lines; at most ${a.max} fit one order`, "check out in two orders"],
  DuplicateCartLine: (a) => [`SKU ${a.skuId} is in the cart twice`, "put it once, with the total quantity"],
  CartMixesMerchants: (a) => [`SKU ${a.skuId} is merchant ${a.merchantId}'s and the cart is merchant ${a.cartMerchant}'s; an order is one merchant's`, "check out each merchant's items separately"],
  InvalidSaleWindow: (a) => [`the sale window ends (${a.saleEnd}) before it starts (${a.saleStart})`, "give an end after the start"],
  EmptyName: () => ["the name is empty", "give a name"],
  ZeroPrice: () => ["the price is 0", "give a price of at least 1 point"],
  ZeroQuantity: () => ["the quantity is 0", "give at least 1"],
  ERC20InsufficientBalance: (a) => [`${a.sender} holds ${a.balance} points; ${a.needed} are needed`, "earn or receive more points first"],
  ERC20InsufficientAllowance: (a) => [`${a.spender} may spend ${a.allowance} points of this owner; ${a.needed} are needed`, "ask the owner to approve more"],
  ERC20InvalidReceiver: (a) => [
    BigInt(a.receiver) === 0n ? "points cannot be sent to the zero address" : `points cannot be sent to ${a.receiver}, the points token itself: they would be lost`,
    "send them to a person's address",
  ],
  IssuerQuotaExceeded: (a) => [
    `issuer ${a.issuer} may issue ${a.remaining} more points; it asked for ${a.wanted}`,
    "ask the admin to raise the quota (points quota <issuer> --set <points>)",
  ],
  SupplyCapExceeded: (a) => [
    `the supply cap is ${a.cap} points: ${a.supply} exist and ${a.reserved} are in open orders (a cancel gives them back); ${a.wanted} more do not fit`,
    "issue fewer, or wait until orders are fulfilled or points are redeemed",
  ],
  CapTooLarge: (a) => [`a supply cap of ${a.cap} is above the most the ledger holds, ${a.max}`, "give a smaller cap, or 0 for none"],
  QuotaTooLarge: (a) => [`a quota of ${a.quota} is above the most allowed, ${a.max}`, "give a smaller quota"],
  ZeroAmount: () => ["the amount is 0", "give at least 1 point"],
  ZeroReference: () => ["the reference is empty", "give a receipt, order or campaign reference"],
  EnforcedPause: () => ["the points system is paused: transfers, issuance and redemption wait until a pauser unpauses it", "try again later"],
  ExpectedPause: () => ["the points system is not paused", "nothing to do"],
  AccessControlUnauthorizedAccount: (a) => [
    `${a.account} does not hold ${roleName(a.neededRole)}`,
    "use an account that holds it, or ask an admin to grant it",
  ],
  BatchAlreadyIssued: (a) => [`issuer ${a.issuer} issued batch ${a.batchRef} already; no one is credited twice`, "nothing to do: points bulk verify shows it"],
  BatchInvalidRecipient: (a) => [`the batch's recipient #${a.index} (${a.recipient}) cannot receive points: it is the zero address or the token itself`, "fix that row"],
  BatchZeroAmount: (a) => [`the batch's amount #${a.index} is zero`, "fix that row"],
  BatchEmpty: () => ["the batch has no recipients", "give at least one"],
  BatchLengthMismatch: (a) => [`${a.recipients} recipients but ${a.amounts} amounts`, "give one amount per recipient"],
  RefundExceedsBurned: (a) => [`${a.burner} may refund or finalize ${a.refundable} points; ${a.wanted} asked`, "refund less"],
  VoucherRevoked: (a) => [`this voucher was signed before ${a.issuer} lost the issuer role (generation ${a.generation}, now ${a.current})`, "ask the merchant for a new voucher"],
  RoleForForwarder: (a) => [`${a.account} is the trusted forwarder; it may hold no role (through it anyone could use ${roleName(a.role)})`, "grant the role to another account"],
  CategoryIsRetired: (a) => [`category ${a.categoryId} is retired`, "use another category"],
  ReceiptAlreadyReported: (a) => [`receipt ${readableRef(a.receipt)} was reported already; a purchase earns once`, "check the receipt number"],
  ZeroSpendUnit: () => ["the rule needs a spend unit above 0", "give the spend that earns the points, e.g. 100"],
  ZeroMultiplier: () => ["the rule needs a multiplier above 0 (10000 is 1x)", "give 1 for 1x"],
  InvalidRuleWindow: (a) => [`the rule's window ends (${when(a.end)}) before it starts (${when(a.start)})`, "give an end after the start"],
  TierMultiplierTooLarge: (a) => [`tier ${a.tier}'s multiplier of ${a.percent}% is above the most allowed, ${a.max}%`, "give a smaller multiplier"],
  RuleIsRetired: (a) => [`rule ${a.ruleId} was retired at ${when(a.retiredAt)}; a retired rule stays retired`, "add a new rule instead"],
  TooManyLiveRules: (a) => [`at most ${a.max} rules may be live at once`, "retire one first"],
  UnknownReceipt: (a) => [`receipt ${readableRef(a.receipt)} was never reported`, "check the receipt number"],
  SpendTooLarge: (a) => [`a spend of ${a.spend} is above the most one purchase may report, ${a.max}`, "check the amount and its unit"],
  VoucherSignedInTheFuture: (a) => [`the purchase voucher says it was signed at ${when(a.signedAt)}, after now (${when(a.now_)})`, "check the till's clock and sign it again"],
  VoucherLifetimeTooLong: (a) => [`the purchase voucher is valid from ${when(a.signedAt)} to ${when(a.expiry)}, longer than ${Number(a.max) / 86_400} days`, "sign it with a shorter validity"],
  InvalidTier: (a) => [`tier ${a.tier} does not exist (the highest is ${a.max})`, "give a tier from 0"],
  NotTheCustomer: (a) => [`this voucher is ${a.customer}'s; ${a.caller} cannot claim it`, "only the customer it names may claim it"],
  NotYetReleasable: (a) => [`the points of receipt ${readableRef(a.receipt)} are pending until ${when(a.releaseAt)}`, "claim them after that date"],
  NothingPending: (a) => [`receipt ${readableRef(a.receipt)} has no pending points`, "check the receipt (points rules pending <customer>)"],
  ReturnExceedsSpend: (a) => [`receipt ${readableRef(a.receipt)} spent ${a.spend} and ${a.returnedBefore} came back already; ${a.returned} more is more than was bought`, "check the amount returned"],
  ZeroReturn: () => ["a return of nothing was reported", "give the spend that came back"],
  ForwarderNotTrustedByToken: (a) => [`${a.forwarder} is not the forwarder the points token trusts`, "deploy with the token's forwarder"],
  StatusPointsNotTransferable: () => ["status points cannot be sent: they are your own record of what you earned", "nothing to do"],
  TiersNotAscending: (a) => [`tier threshold #${a.index} (${a.threshold}) is not above the one before it (${a.previous})`, "give thresholds in rising order"],
  TooManyTiers: (a) => [`${a.count} thresholds were given; at most ${a.max}`, "give fewer tiers"],
  TierNamesMismatch: (a) => [`${a.thresholds} thresholds need ${a.thresholds + 1n} names (tier 0 first); ${a.names} were given`, "give one name per tier"],
  UnknownRule: (a) => [`there is no rule ${a.ruleId}`, "list the rules (points rules list)"],
  PurchaseVoucherExpired: (a) => [`this purchase voucher expired at ${when(a.expiry)}`, "ask the merchant for a new one"],
  VoucherExpired: (a) => [`this voucher expired at ${when(a.expiry)}`, "ask the merchant for a new one"],
  VoucherAlreadyClaimed: (a) => [`voucher ${a.id} of ${a.issuer} was claimed already`, "each voucher works once"],
  ECDSAInvalidSignature: () => ["this code is not valid", AGAIN],
  ECDSAInvalidSignatureLength: () => ["this code is not valid", AGAIN],
  ECDSAInvalidSignatureS: () => ["this code is not valid", AGAIN],
  ERC2612ExpiredSignature: (a) => [`the permit expired at ${when(a.deadline)}`, "sign a new one"],
  ERC2612InvalidSigner: (a) => [`the permit was signed by ${a.signer}, not by the owner ${a.owner}`, "sign it with the owner's key"],
  SkuIsUnlimited: (a) => [`SKU ${a.skuId} is unlimited; it has no stock to manage`, "nothing to do"],
  ERC2771ForwarderInvalidSigner: (a) => [
    `the request says it is from ${a.from} but was signed by ${a.signer} (or for a nonce already used)`,
    "sign the request again with the account it names",
  ],
  ERC2771ForwarderExpiredRequest: (a) => [`the signed request expired at ${when(a.deadline)}`, "sign it again"],
  ERC2771UntrustfulTarget: (a) => [`${a.target} does not trust the forwarder ${a.forwarder}`, "use the relay of this deployment"],
  FailedCall: () => ["the forwarded call failed", "try the call directly to see why"],
  ERC7818TransferredExpiredToken: (a) => [`${a.sender}'s points of epoch ${a.epoch} have expired and cannot be sent`, "send points that are still valid"],
  InvalidExpiryPolicy: (a) => [`an epoch of ${a.epochSeconds} s and ${a.validityEpochs} epochs of validity is not allowed (at most ${a.max})`, "give a shorter validity"],
  MallAddressMismatch: (a) => [`the mall was deployed at ${a.actual}, not at ${a.predicted} as the token expects`, "deploy again from a fresh deployer"],
  TokenCreationFailed: () => ["the deployer could not create the token", "check the token's parameters (name, symbol, cap, roles)"],
};

/** Calls the sentence of `name` with its arguments; the table's type checks each entry against the ABI. */
function sentenceFor(name: string, args: Readonly<Record<string, unknown>>): readonly [string, string?] | undefined {
  const make = (SENTENCES as Record<string, ((a: Readonly<Record<string, unknown>>) => readonly [string, string?]) | undefined>)[name];
  return make?.(args);
}

/** A contract revert's data as a typed error; undefined where the data is not one of ours. */
export function decodeRevert(data: string, cause?: unknown): ContractRevertError | undefined {
  let parsed: ErrorDescription | null = null;
  try {
    parsed = contractsInterface.parseError(data);
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, i) => (args[input.name || String(i)] = parsed.args[i]));
  const sentence = sentenceFor(parsed.name, args);
  const message = sentence?.[0] ?? `${parsed.name}(${parsed.args.map(String).join(", ")})`;
  const hint = sentence?.[1] ?? "the contract refused the call and nothing changed; contracts/interfaces/ says when it raises this error";
  return new ContractRevertError(parsed.name, args, message, hint, { cause });
}

/** Revert data found anywhere in an error from ethers, Hardhat or an EIP-1193 wallet. */
function findRevertData(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || error === null || typeof error !== "object") return undefined;
  const e = error as Record<string, unknown>;
  for (const key of ["data", "revert"]) {
    const v = e[key];
    if (typeof v === "string" && /^0x[0-9a-fA-F]{8}/.test(v)) return v;
    if (typeof v === "object" && v !== null) {
      const inner = (v as Record<string, unknown>).data;
      if (typeof inner === "string" && /^0x[0-9a-fA-F]{8}/.test(inner)) return inner;
    }
  }
  for (const key of ["error", "info", "cause"]) {
    const found = findRevertData(e[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether `test` holds for the error or any error it wraps (ethers nests them in error, info, cause). */
function anyNested(error: unknown, test: (e: Record<string, unknown>) => boolean, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== "object") return false;
  const e = error as Record<string, unknown>;
  return test(e) || ["error", "info", "cause"].some((k) => anyNested(e[k], test, depth + 1));
}

const isUserRejection = (error: unknown) => anyNested(error, (e) => e.code === 4001 || e.code === "ACTION_REJECTED");

/** Too little native coin for the gas (ethers' code, geth's, Hardhat's, anvil's words). */
const isOutOfGasMoney = (error: unknown) =>
  anyNested(
    error,
    (e) => e.code === "INSUFFICIENT_FUNDS" || (typeof e.message === "string" && /insufficient funds|doesn't have enough funds|lack of funds/i.test(e.message)),
  );

/** Whether an error says the node was not reached or did not answer (not what it answered). */
export function isNetworkFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const text = `${e?.code ?? ""} ${e?.message ?? ""}`;
  // Node's fetch says "fetch failed"; Chromium "Failed to fetch", Safari "Load failed", Firefox "NetworkError…".
  return /NETWORK_ERROR|SERVER_ERROR|TIMEOUT|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|fetch failed|Failed to fetch|Load failed|NetworkError when attempting|failed to detect network/i.test(text);
}

/** The first line of what an error says: ethers puts the whole transaction in `message`, the sentence in `shortMessage`. */
export function firstLine(error: unknown): string {
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage;
  if (typeof short === "string") return short;
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

/** Turns whatever a call threw into one of errors.ts's classes, keeping the original as `cause`. */
export function toPointsError(error: unknown): PointsError {
  if (error instanceof PointsError) return error;
  if (isUserRejection(error)) return new UserRejectedError({ cause: error });
  if (isOutOfGasMoney(error)) return new NoGasMoneyError({ cause: error });
  const data = findRevertData(error);
  if (data !== undefined) {
    const decoded = decodeRevert(data, error);
    if (decoded !== undefined) return decoded;
  }
  if (isNetworkFailure(error)) return new NetworkError(`the chain did not answer: ${firstLine(error)}`, { cause: error });
  return new PointsError(firstLine(error), "an unexpected failure: if it happens again, report this message and the error's cause", { cause: error });
}
