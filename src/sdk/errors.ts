import { Interface, id, type ErrorDescription, type Result } from "ethers";
import { MERCHANT_ROLES, merchantRoleId } from "./roles.js";
import { orderStatusName } from "./status.js";
import { readableRef } from "./validate.js";
import {
  EarningRules__factory,
  PointsForwarder__factory,
  PointsMall__factory,
  PointsToken__factory,
  StatusPoints__factory,
} from "../../types/ethers-contracts/index.js";

/** Base class: a short message that says what is wrong, and a hint that says what to do. */
export class PointsError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PointsError";
    this.hint = hint;
  }
}

/** Input rejected before anything was sent: `field` names what is wrong. */
export class InvalidInputError extends PointsError {
  readonly field: string;
  constructor(field: string, message: string, hint?: string) {
    super(`${field}: ${message}`, hint);
    this.name = "InvalidInputError";
    this.field = field;
  }
}

/** The contracts refused: the custom error's name, its decoded arguments, and a sentence. */
export class ContractRevertError extends PointsError {
  readonly errorName: string;
  readonly args: Record<string, unknown>;
  constructor(errorName: string, args: Record<string, unknown>, message: string, hint?: string) {
    super(message, hint);
    this.name = "ContractRevertError";
    this.errorName = errorName;
    this.args = args;
  }
}

/** The wallet's owner declined (EIP-1193 error 4001). */
export class UserRejectedError extends PointsError {
  constructor() {
    super("you rejected the request in your wallet", "approve it in the wallet to go on");
    this.name = "UserRejectedError";
  }
}

/** The chain could not be reached or did not answer. */
export class NetworkError extends PointsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "check the RPC URL and that the node is running", options);
    this.name = "NetworkError";
  }
}

// The errors of every contract the SDK talks to, each once (several share OpenZeppelin's).
const errorFragments = new Map<string, (typeof PointsToken__factory.abi)[number]>();
for (const f of [...PointsToken__factory.abi, ...PointsMall__factory.abi, ...EarningRules__factory.abi, ...PointsForwarder__factory.abi, ...StatusPoints__factory.abi]) {
  if (f.type !== "error") continue;
  errorFragments.set(`${f.name}(${f.inputs.map((i) => i.type).join(",")})`, f as (typeof PointsToken__factory.abi)[number]);
}
const contractsInterface = new Interface([...errorFragments.values()]);

const roleNames = new Map<string, string>(["ISSUER_ROLE", "BURNER_ROLE", "PAUSER_ROLE", "RULES_MANAGER", "REPORTER"].map((r) => [id(r), r] as const));
roleNames.set("0x" + "00".repeat(32), "DEFAULT_ADMIN_ROLE (admin)");

/** The name of a role id: token roles by name, mall roles as "<BASE> of merchant <n>" for n < 256. */
export function roleName(role: string): string {
  const known = roleNames.get(role.toLowerCase());
  if (known !== undefined) return known;
  for (const base of MERCHANT_ROLES) {
    for (let merchant = 1; merchant < 256; merchant++) {
      if (merchantRoleId(base, merchant) === role.toLowerCase()) return `${base} of merchant ${merchant}`;
    }
  }
  return role;
}

const when = (t: bigint) => new Date(Number(t) * 1000).toISOString();

/** Sentences for the custom errors a user meets; others fall back to Name(args). */
const sentences: Record<string, (a: Result) => [string, string?]> = {
  InsufficientStock: (a) => [`SKU ${a[0]} has ${a[1]} left, you asked for ${a[2]}`, "ask for fewer"],
  PriceAboveMax: (a) => [
    `SKU ${a[0]} costs ${a[1]} points a unit now, above your limit of ${a[2]}`,
    "check the new price and redeem again with a higher limit if it suits you",
  ],
  WalletLimitExceeded: (a) => [`SKU ${a[0]} allows ${a[1]} per wallet; this wallet has ${a[2]} and asked for ${a[3]}`],
  SkuNotActive: (a) => [`SKU ${a[0]} is not on sale`],
  SaleNotStarted: (a) => [`SKU ${a[0]} goes on sale at ${when(a[1])}`, "try again then"],
  SaleEnded: (a) => [`the sale of SKU ${a[0]} ended at ${when(a[1])}`],
  UnknownSku: (a) => [`there is no SKU ${a[0]}`, "list the catalog to see the SKUs"],
  UnknownCategory: (a) => [`there is no category ${a[0]}`],
  UnknownOrder: (a) => [`there is no order ${a[0]}`],
  UnknownMerchant: (a) => [`there is no merchant ${a[0]}`],
  OrderNotPlaced: (a) => [
    `order ${a[0]} is ${orderStatusName(a[1] as bigint)}; only a Placed order can be fulfilled or cancelled`,
  ],
  OrderTooLarge: (a) => [`the order would cost ${a[0]} points, more than one order can carry (${a[1]})`, "split it"],
  ERC20InsufficientBalance: (a) => [`${a[0]} holds ${a[1]} points; ${a[2]} are needed`],
  ERC20InsufficientAllowance: (a) => [`${a[0]} may spend ${a[1]} points of this owner; ${a[2]} are needed`],
  ERC20InvalidReceiver: (a) => [
    BigInt(String(a[0])) === 0n
      ? "points cannot be sent to the zero address"
      : `points cannot be sent to ${a[0]}, the points token itself: they would be lost`,
    "send them to a person's address",
  ],
  IssuerQuotaExceeded: (a) => [
    `issuer ${a[0]} may issue ${a[1]} more points; it asked for ${a[2]}`,
    "ask the admin to raise the quota (points quota set)",
  ],
  SupplyCapExceeded: (a) => [
    `the supply cap is ${a[0]} points: ${a[1]} exist and ${a[2]} are in open orders (a cancel gives them back); ${a[3]} more do not fit`,
    "issue fewer, or wait until orders are fulfilled or points are redeemed",
  ],
  CapTooLarge: (a) => [`a supply cap of ${a[0]} is above the most the ledger holds, ${a[1]}`],
  EnforcedPause: () => [
    "the points system is paused: transfers, issuance and redemption wait until a pauser unpauses it",
  ],
  ExpectedPause: () => ["the points system is not paused"],
  AccessControlUnauthorizedAccount: (a) => [
    `${a[0]} does not hold ${roleName(String(a[1]))}`,
    "use an account that holds it, or ask an admin to grant it",
  ],
  BatchAlreadyIssued: (a) => [`issuer ${a[0]} issued batch ${a[1]} already; no one is credited twice`],
  BatchInvalidRecipient: (a) => [`the batch's recipient #${a[0]} (${a[1]}) cannot receive points: it is the zero address or the token itself`],
  BatchZeroAmount: (a) => [`the batch's amount #${a[0]} is zero`],
  RefundExceedsBurned: (a) => [`${a[0]} may refund or finalize ${a[1]} points; ${a[2]} asked`],
  VoucherRevoked: (a) => [
    `this voucher was signed before ${a[0]} lost the issuer role (generation ${a[1]}, now ${a[2]})`,
    "ask the merchant for a new voucher",
  ],
  RoleForForwarder: (a) => [`${a[1]} is the trusted forwarder; it may hold no role (through it anyone could use ${roleName(String(a[0]))})`, "grant the role to another account"],
  StockOverflow: (a) => [`SKU ${a[0]} has ${a[1]} in stock and ${a[2]} in standing orders; adding ${a[3]} would pass the most it can hold, ${a[4]}`, "add fewer"],
  EmptyCart: () => ["the cart is empty", "add an item first"],
  CartTooLong: (a) => [`the cart has ${a[0]} lines; at most ${a[1]} fit one order`, "check out in two orders"],
  DuplicateCartLine: (a) => [`SKU ${a[0]} is in the cart twice`, "put it once, with the total quantity"],
  CartMixesMerchants: (a) => [`SKU ${a[0]} is merchant ${a[1]}'s and the cart is merchant ${a[2]}'s; an order is one merchant's`, "check out each merchant's items separately"],
  CategoryIsRetired: (a) => [`category ${a[0]} is retired`],
  ReceiptAlreadyReported: (a) => [`receipt ${readableRef(String(a[0]))} was reported already; a purchase earns once`],
  TooManyActiveRules: (a) => [`at most ${a[0]} rules may be active at once`, "retire one first"],
  ZeroSpendUnit: () => ["the rule needs a spend unit above 0", "give the spend that earns the points, e.g. 100"],
  ZeroMultiplier: () => ["the rule needs a multiplier above 0 (10000 is 1x)"],
  InvalidRuleWindow: (a) => [`the rule's window ends (${when(a[1])}) before it starts (${when(a[0])})`, "give an end after the start"],
  TierMultiplierTooLarge: (a) => [`tier ${a[0]}'s multiplier of ${a[1]}% is above the most allowed, ${a[2]}%`],
  RuleIsRetired: (a) => [`rule ${a[0]} was retired at ${when(a[1])}; a retired rule stays retired`, "add a new rule instead"],
  TooManyLiveRules: (a) => [`at most ${a[0]} rules may be live at once`, "retire one first"],
  UnknownReceipt: (a) => [`receipt ${readableRef(String(a[0]))} was never reported`, "check the receipt number"],
  SpendTooLarge: (a) => [`a spend of ${a[0]} is above the most one purchase may report, ${a[1]}`],
  VoucherSignedInTheFuture: (a) => [`the purchase voucher says it was signed at ${when(a[0])}, after now`, "check the till's clock and sign it again"],
  VoucherLifetimeTooLong: (a) => [`the purchase voucher is valid from ${when(a[0])} to ${when(a[1])}, longer than ${Number(a[2]) / 86_400} days`],
  InvalidTier: (a) => [`tier ${a[0]} does not exist (the highest is ${a[1]})`],
  NotTheCustomer: (a) => [`this voucher is ${a[1]}'s; ${a[0]} cannot claim it`, "only the customer it names may claim it"],
  NotYetReleasable: (a) => [`the points of receipt ${readableRef(String(a[0]))} are pending until ${when(a[1])}`, "claim them after that date"],
  NothingPending: (a) => [`receipt ${readableRef(String(a[0]))} has no pending points`],
  ReturnExceedsSpend: (a) => [`receipt ${readableRef(String(a[0]))} spent ${a[1]} and ${a[2]} came back already; ${a[3]} more is more than was bought`],
  ZeroReturn: () => ["a return of nothing was reported", "give the spend that came back"],
  ForwarderNotTrustedByToken: (a) => [`${a[0]} is not the forwarder the points token trusts`],
  StatusPointsNotTransferable: () => ["status points cannot be sent: they are your own record of what you earned"],
  TiersNotAscending: (a) => [`tier threshold #${a[0]} (${a[1]}) is not above the one before it (${a[2]})`],
  TooManyTiers: (a) => [`${a[0]} thresholds were given; at most ${a[1]}`],
  TierNamesMismatch: (a) => [`${a[0]} thresholds need ${BigInt(String(a[0])) + 1n} names (tier 0 first); ${a[1]} were given`],
  UnknownRule: (a) => [`there is no rule ${a[0]}`],
  PurchaseVoucherExpired: (a) => [`this purchase voucher expired at ${when(a[0])}`],
  VoucherExpired: (a) => [`this voucher expired at ${when(a[0])}`, "ask the merchant for a new one"],
  VoucherAlreadyClaimed: (a) => [`voucher ${a[1]} of ${a[0]} was claimed already`],
  ECDSAInvalidSignature: () => ["the voucher's signature is not valid", "scan or copy the voucher again"],
  ECDSAInvalidSignatureLength: (a) => [`the voucher's signature has ${a[0]} bytes, not 65`, "scan or copy the voucher again"],
  ECDSAInvalidSignatureS: () => ["the voucher's signature is malformed", "scan or copy the voucher again"],
  SkuIsUnlimited: (a) => [`SKU ${a[0]} is unlimited; it has no stock to manage`],
  ERC2771ForwarderInvalidSigner: (a) => [
    `the request says it is from ${a[1]} but was signed by ${a[0]} (or for a nonce already used)`,
    "sign the request again with the account it names",
  ],
  ERC2771ForwarderExpiredRequest: (a) => [`the signed request expired at ${when(a[0])}`, "sign it again"],
  ERC2771UntrustfulTarget: (a) => [`${a[0]} does not trust the forwarder ${a[1]}`, "use the relay of this deployment"],
  FailedCall: () => ["the forwarded call failed", "try the call directly to see why"],
};

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

function isUserRejection(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== "object") return false;
  const e = error as Record<string, unknown>;
  if (e.code === 4001 || e.code === "ACTION_REJECTED") return true;
  return ["error", "info", "cause"].some((k) => isUserRejection(e[k], depth + 1));
}

function isNetworkFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const text = `${e?.code ?? ""} ${e?.message ?? ""}`;
  return /NETWORK_ERROR|SERVER_ERROR|TIMEOUT|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|fetch failed|failed to detect network/i.test(text);
}

/** A contract revert's data as a typed error; undefined where the data is not one of ours. */
export function decodeRevert(data: string): ContractRevertError | undefined {
  let parsed: ErrorDescription | null = null;
  try {
    parsed = contractsInterface.parseError(data);
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, i) => (args[input.name || String(i)] = parsed!.args[i]));
  const sentence = sentences[parsed.name]?.(parsed.args);
  const message = sentence?.[0] ?? `${parsed.name}(${parsed.args.map(String).join(", ")})`;
  return new ContractRevertError(parsed.name, args, message, sentence?.[1]);
}

/** The account has too little native coin for the gas (ethers' code, geth's, Hardhat's, anvil's words). */
function isOutOfGasMoney(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== "object") return false;
  const e = error as Record<string, unknown>;
  if (e.code === "INSUFFICIENT_FUNDS") return true;
  if (typeof e.message === "string" && /insufficient funds|doesn't have enough funds|lack of funds/i.test(e.message)) return true;
  return ["error", "info", "cause"].some((k) => isOutOfGasMoney(e[k], depth + 1));
}

/** The account cannot pay for gas: a relay can (connectPoints' `relay`, the CLI's --relay). */
export class NoGasMoneyError extends PointsError {
  constructor(options?: { cause?: unknown }) {
    super(
      "this account has too little native coin to pay for the transaction's gas",
      "send it through the operator's relay (points --relay <url>; npm start runs one at http://127.0.0.1:8090), or fund the account",
      options,
    );
    this.name = "NoGasMoneyError";
  }
}

/** Turns whatever a call threw into one of this module's errors. */
export function toPointsError(error: unknown): PointsError {
  if (error instanceof PointsError) return error;
  if (isUserRejection(error)) return new UserRejectedError();
  if (isOutOfGasMoney(error)) return new NoGasMoneyError({ cause: error });
  const data = findRevertData(error);
  if (data !== undefined) {
    const decoded = decodeRevert(data);
    if (decoded !== undefined) return decoded;
  }
  if (isNetworkFailure(error)) {
    const short = (error as { shortMessage?: unknown }).shortMessage;
    return new NetworkError(`the chain did not answer: ${typeof short === "string" ? short : (error as Error).message.split("\n")[0]}`, { cause: error });
  }
  // ethers puts the whole transaction in `message`; its `shortMessage` is the sentence.
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage;
  const message = typeof short === "string" ? short : error instanceof Error ? error.message.split("\n")[0]! : String(error);
  return new PointsError(message, undefined, { cause: error });
}

/**
 * A relay server's refusal (src/relay): the HTTP status it answers, a sentence, what to do, the
 * seconds after which trying again can help, and as `cause` what refused where something did (a
 * contract's custom error, the node). The SDK's side of the wire is RelayError.
 */
export class RelayRefusal extends PointsError {
  readonly status: number;
  readonly retryAfter: number | undefined;
  constructor(status: number, message: string, hint?: string, options?: { retryAfter?: number; cause?: unknown }) {
    super(message, hint, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RelayRefusal";
    this.status = status;
    this.retryAfter = options?.retryAfter;
  }
}
