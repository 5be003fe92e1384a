/**
 * Every error the SDK, the CLI, the relay and the web app raise: one class per kind of failure,
 * each with a short message (what is wrong), a hint (what to do) and the error it came from
 * (`cause`). Turning a raw failure into one of these is reverts.ts's job.
 */

export interface ErrorOptions {
  cause?: unknown;
}

/** Base class: a short message that says what is wrong, and a hint that says what to do. */
export class PointsError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PointsError";
    this.hint = hint;
  }
}

/** Input refused before anything was sent: `field` names what is wrong, in the user's words. */
export class InvalidInputError extends PointsError {
  readonly field: string;
  constructor(field: string, message: string, hint?: string, options?: ErrorOptions) {
    super(`${field}: ${message}`, hint, options);
    this.name = "InvalidInputError";
    this.field = field;
  }
}

/** The contracts refused: the custom error's name, its decoded arguments by name, and a sentence. */
export class ContractRevertError extends PointsError {
  readonly errorName: string;
  readonly args: Record<string, unknown>;
  constructor(errorName: string, args: Record<string, unknown>, message: string, hint?: string, options?: ErrorOptions) {
    super(message, hint, options);
    this.name = "ContractRevertError";
    this.errorName = errorName;
    this.args = args;
  }
}

/** The wallet's owner declined (EIP-1193 error 4001). */
export class UserRejectedError extends PointsError {
  constructor(options?: ErrorOptions) {
    super("you rejected the request in your wallet", "approve it in the wallet to go on", options);
    this.name = "UserRejectedError";
  }
}

/** The chain could not be reached or did not answer. */
export class NetworkError extends PointsError {
  constructor(message: string, options?: ErrorOptions & { hint?: string }) {
    super(message, options?.hint ?? "check the RPC URL and that the node is running", options);
    this.name = "NetworkError";
  }
}

/** The account cannot pay for gas: a relay can (connectPoints' `relay`, the CLI's --relay). */
export class NoGasMoneyError extends PointsError {
  constructor(options?: ErrorOptions) {
    super(
      "this account has too little native coin to pay for the transaction's gas",
      "send it through the operator's relay (points --relay <url>; npm start runs one at http://127.0.0.1:8090), or fund the account",
      options,
    );
    this.name = "NoGasMoneyError";
  }
}

/** A relay refused or failed; `status` is its HTTP status (0: no answer), `retryAfter` seconds where it said. */
export class RelayError extends PointsError {
  readonly status: number;
  readonly retryAfter: number | undefined;
  constructor(status: number, message: string, hint?: string, options?: ErrorOptions & { retryAfter?: number }) {
    super(message, hint, options);
    this.name = "RelayError";
    this.status = status;
    this.retryAfter = options?.retryAfter;
  }
}

/**
 * A relay server's refusal (src/relay): the HTTP status it answers, a sentence, what to do, the
 * seconds after which trying again can help, and as `cause` what refused where something did (a
 * contract's custom error, the node). The SDK's side of the wire is RelayError.
 */
export class RelayRefusal extends PointsError {
  readonly status: number;
  readonly retryAfter: number | undefined;
  constructor(status: number, message: string, hint?: string, options?: ErrorOptions & { retryAfter?: number }) {
    super(message, hint, options);
    this.name = "RelayRefusal";
    this.status = status;
    this.retryAfter = options?.retryAfter;
  }
}

/** A SKU's metadata document could not be read or is not one (metadata.ts). */
export class MetadataError extends PointsError {
  readonly uri: string;
  constructor(uri: string, message: string, hint?: string, options?: ErrorOptions) {
    super(`metadata ${uri.length > 60 ? `${uri.slice(0, 57)}...` : uri}: ${message}`, hint, options);
    this.name = "MetadataError";
    this.uri = uri;
  }
}

/** The wallet is on another chain than the deployment's. The web app words it for shoppers. */
export class WrongNetworkError extends PointsError {
  readonly walletChainId: number;
  readonly shopChainId: number;
  constructor(walletChainId: number, shopChainId: number, options?: ErrorOptions) {
    super(`the wallet is on chain ${walletChainId}, the shop on ${shopChainId}`, `switch the wallet to chain ${shopChainId}`, options);
    this.name = "WrongNetworkError";
    this.walletChainId = walletChainId;
    this.shopChainId = shopChainId;
  }
}

/**
 * The delivery-details API refused or did not answer (delivery.ts); `status` is its HTTP status (0:
 * no answer), `field` the request field it named. The message is the server's sentence.
 */
export class DeliveryError extends PointsError {
  readonly status: number;
  readonly field: string | undefined;
  constructor(status: number, message: string, hint?: string, options?: ErrorOptions & { field?: string }) {
    super(message, hint, options);
    this.name = "DeliveryError";
    this.status = status;
    this.field = options?.field;
  }
}
