/**
 * The relayer's key: it prices, signs and broadcasts the relay's transactions one at a time (each
 * gets the next nonce), and follows each to its receipt. It signs before broadcasting, so it knows
 * a transaction's hash even when the broadcast fails, and asks the node whether the transaction got
 * out anyway (a node may answer an error for a transaction it mined: Hardhat's node does so for one
 * that reverts). Whatever went out is paid for, and the relay charges it.
 */
import { Transaction, type Provider, type Signer, type TransactionReceipt, type TransactionRequest } from "ethers";
import { NoGasMoneyError, PointsError, RelayRefusal, toPointsError } from "../sdk/index.js";

/** The fee fields a transaction is sent with, and the most a unit of its gas can cost under them. */
export interface Price {
  fields: Pick<TransactionRequest, "maxFeePerGas" | "maxPriorityFeePerGas" | "gasPrice">;
  maxPerGas: bigint;
}

/** A transaction the node has (or may have): its hash and the relayer's nonce it uses. */
export interface Broadcast {
  hash: string;
  nonce: number;
}

export type Settled =
  | { kind: "receipt"; receipt: TransactionReceipt; fee: bigint }
  /** The relayer's nonce went to another transaction: this one will never run, and cost nothing. */
  | { kind: "replaced" }
  /** No receipt yet, when the caller stopped waiting. */
  | { kind: "waiting" };

export interface Sender {
  readonly address: string;
  price(): Promise<Price>;
  /** Signs and broadcasts a call; a RelayRefusal (nothing was sent) if the node does not have it. */
  broadcast(call: { to: string; data: string; gasLimit: bigint }, price: Price): Promise<Broadcast>;
  /** Follows a broadcast until its receipt, its nonce's reuse, or the moment `until` (ms). */
  settle(sent: Broadcast, until: number): Promise<Settled>;
}

/** Serializes work: each runs after the one before it has finished. */
function mutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The sender for `signer`, which must sign transactions itself (a key, as `points relay` loads
 * one), so that each hash is known before the broadcast. `pollMs`: how often receipts are asked for.
 */
export async function createSender(signer: Signer, pollMs: number): Promise<Sender> {
  const provider: Provider | null = signer.provider;
  if (provider === null) throw new PointsError("the relayer's key has no provider", "connect it to the chain");
  const address = await signer.getAddress();
  const { chainId } = await provider.getNetwork();
  try {
    await signer.signTransaction({ to: address, nonce: 0, gasLimit: 21_000n, chainId, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n, type: 2 });
  } catch (error) {
    throw new PointsError(
      "the relayer's signer cannot sign a transaction itself",
      "give the relay a key (a keystore or a private key), not an account the node holds",
      { cause: error },
    );
  }
  const exclusive = mutex();

  async function price(): Promise<Price> {
    const fees = await provider!.getFeeData();
    if (fees.maxFeePerGas !== null && fees.maxPriorityFeePerGas !== null) {
      return { fields: { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas }, maxPerGas: fees.maxFeePerGas };
    }
    const gasPrice = fees.gasPrice ?? 0n;
    return { fields: { gasPrice }, maxPerGas: gasPrice };
  }

  function broadcast(call: { to: string; data: string; gasLimit: bigint }, fees: Price): Promise<Broadcast> {
    return exclusive(async () => {
      const nonce = await provider!.getTransactionCount(address, "pending");
      const signed = await signer.signTransaction(await signer.populateTransaction({ ...call, ...fees.fields, nonce, chainId }));
      const hash = Transaction.from(signed).hash!;
      try {
        await provider!.broadcastTransaction(signed);
      } catch (error) {
        // Out or not? Only the node knows; if it cannot say, count it as out (the cap keeps it).
        const known = await provider!.getTransaction(hash).then((tx) => tx !== null, () => true);
        if (!known) throw refusedByNode(error);
      }
      return { hash, nonce };
    });
  }

  async function settle(sent: Broadcast, until: number): Promise<Settled> {
    for (;;) {
      try {
        const receipt = await provider!.getTransactionReceipt(sent.hash);
        if (receipt !== null) return { kind: "receipt", receipt, fee: receipt.gasUsed * receipt.gasPrice };
        if ((await provider!.getTransactionCount(address, "latest")) > sent.nonce) {
          // Mined between the two questions, or replaced: the receipt decides.
          const late = await provider!.getTransactionReceipt(sent.hash);
          return late === null ? { kind: "replaced" } : { kind: "receipt", receipt: late, fee: late.gasUsed * late.gasPrice };
        }
      } catch {
        // The node did not answer: ask again until `until`.
      }
      if (Date.now() >= until) return { kind: "waiting" };
      await sleep(Math.min(pollMs, Math.max(0, until - Date.now())));
    }
  }

  return { address, price, broadcast, settle };
}

/** The node refused a transaction, which therefore cost nothing. */
function refusedByNode(error: unknown): RelayRefusal {
  const e = toPointsError(error);
  if (e instanceof NoGasMoneyError) {
    return new RelayRefusal(503, "the relayer has too little native coin to pay for this call", "the operator must fund the relayer", { cause: e });
  }
  return new RelayRefusal(502, `the relayer could not send: ${e.message}`, e.hint ?? "try again later", { cause: e });
}
