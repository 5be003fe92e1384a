import type { ContractRunner, ContractTransactionResponse, Provider, Signer, TransactionReceipt } from "ethers";
import { PointsMall__factory, PointsToken__factory, type PointsMall, type PointsToken } from "./contracts.js";
import { NetworkError, PointsError } from "./errors.js";
import { firstLine, toPointsError } from "./reverts.js";
import { isRelayable, maxPricePerGas, sendRelayed, type RelayOptions } from "./relay.js";
import { indexerOption, type IndexerOption } from "./indexed.js";
import type { IndexerClient } from "./indexer.js";

/** Where a deployment lives. `fromBlock`: the deployment block, where history starts. */
export interface PointsAddresses {
  token: string;
  mall: string;
  /** The ERC-2771 forwarder the token and mall trust (PointsForwarder), where known. */
  forwarder?: string;
  fromBlock?: number;
}

/** The deployed contracts bound to a signer (to send) or a provider (to read). */
export interface PointsClient {
  token: PointsToken;
  mall: PointsMall;
  provider: Provider;
  signer: Signer | undefined;
  fromBlock: number;
  /** Where customers' calls go when the signer has no native coin (see relay.ts). */
  relay: RelayOptions | undefined;
  /** The ledger API that history, orders, books, settlement and activity read from first (indexed.ts). */
  indexer: IndexerOption | undefined;
  /** The latest block a transaction sent through this client landed in (see latestBlock). */
  seen: { block: number };
}

function isSigner(runner: ContractRunner): runner is Signer {
  return typeof (runner as Signer).getAddress === "function" && typeof (runner as Signer).signTransaction === "function";
}

/**
 * Binds the contracts at `addresses` to an ethers v6 Signer or Provider. With `relay`, transfers,
 * approvals, voucher claims and redemptions go through that relay (`points relay`) when the signer
 * cannot pay their gas ("auto", the default) or always ("always"). With `indexer` (a ledger API
 * URL, `points serve`), history, orders, books, settlement and activity are read from it, and
 * from the chain when it does not answer.
 */
export function connectPoints(
  runner: Signer | Provider,
  addresses: PointsAddresses,
  options: { relay?: RelayOptions; indexer?: string | IndexerClient | IndexerOption } = {},
): PointsClient {
  const signer = isSigner(runner) ? runner : undefined;
  const provider = signer !== undefined ? signer.provider : (runner as Provider);
  if (provider === null || provider === undefined) {
    throw new PointsError("the signer has no provider", "connect the signer to a provider first");
  }
  return {
    token: PointsToken__factory.connect(addresses.token, runner),
    mall: PointsMall__factory.connect(addresses.mall, runner),
    provider,
    signer,
    fromBlock: addresses.fromBlock ?? 0,
    relay: options.relay,
    indexer: options.indexer === undefined ? undefined : indexerOption(options.indexer),
    seen: { block: 0 },
  };
}

/**
 * The latest block, and never one before a transaction this client has seen land: ethers'
 * providers cache reads for a moment (250 ms by default), so right after a send the provider may
 * still report the block before it, and a history read then would miss the client's own move.
 */
export async function latestBlock(client: PointsClient): Promise<number> {
  return Math.max(await client.provider.getBlockNumber(), client.seen.block);
}

/** The signer, or an error that says a read-only client cannot send. */
export function requireSigner(client: PointsClient): Signer {
  if (client.signer === undefined) {
    throw new PointsError("this client can only read", "connect it with a Signer to send transactions");
  }
  return client.signer;
}

/** Checks that the chain answers and the contracts are there. */
export async function checkConnection(client: PointsClient): Promise<void> {
  let code: string;
  try {
    code = await client.provider.getCode(await client.token.getAddress());
  } catch (error) {
    throw new NetworkError(`the chain did not answer: ${firstLine(error)}`, { cause: error });
  }
  if (code === "0x") {
    throw new PointsError(
      `no points token at ${await client.token.getAddress()} on this chain`,
      "check the deployment and the RPC URL (is the local system running? npm start)",
    );
  }
}

function seenIn(client: PointsClient, receipt: TransactionReceipt): TransactionReceipt {
  client.seen.block = Math.max(client.seen.block, receipt.blockNumber);
  return receipt;
}

/** A sendable contract method, as typechain types it. */
interface Method<A extends unknown[]> {
  staticCall(...args: A): Promise<unknown>;
  estimateGas(...args: A): Promise<bigint>;
  populateTransaction(...args: A): Promise<{ to: string; data: string }>;
  (...args: A): Promise<ContractTransactionResponse>;
}

/** Whether the signer's native coin falls short of the call's gas at the current fee. */
async function cannotPay<A extends unknown[]>(client: PointsClient, signer: Signer, method: Method<A>, args: A): Promise<boolean> {
  const [balance, price] = await Promise.all([client.provider.getBalance(await signer.getAddress()), maxPricePerGas(client.provider)]);
  if (balance === 0n) return true;
  const gas = await method.estimateGas(...args);
  return balance < gas * price;
}

/**
 * Sends a call with the client's signer: refuses a read-only client first, then simulates the call
 * (a call that would revert is refused as a typed error and never sent), then sends it and waits
 * for its receipt; an error after sending comes back typed too. A customer's call goes through the
 * client's relay where its options say so (see connectPoints).
 */
export async function send<A extends unknown[]>(
  client: PointsClient,
  method: Method<A>,
  ...args: A
): Promise<TransactionReceipt> {
  const signer = requireSigner(client);
  try {
    await method.staticCall(...args);
    const relay = client.relay;
    if (relay !== undefined) {
      const call = await method.populateTransaction(...args);
      if (isRelayable(call.data) && (relay.mode === "always" || (await cannotPay(client, signer, method, args)))) {
        return seenIn(client, await sendRelayed(signer, relay.url, call));
      }
    }
    const tx = await method(...args);
    const receipt = await tx.wait();
    if (receipt === null) throw new PointsError("the transaction was dropped", "send it again");
    return seenIn(client, receipt);
  } catch (error) {
    throw toPointsError(error);
  }
}
