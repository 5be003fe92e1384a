import type { ContractRunner, ContractTransactionReceipt, ContractTransactionResponse, Provider, Signer } from "ethers";
import {
  PointsMall__factory,
  PointsToken__factory,
  type PointsMall,
  type PointsToken,
} from "../../types/ethers-contracts/index.js";
import { NetworkError, PointsError, toPointsError } from "./errors.js";

/** Where a deployment lives. `fromBlock`: the deployment block, where history starts. */
export interface PointsAddresses {
  token: string;
  mall: string;
  fromBlock?: number;
}

/** The deployed contracts bound to a signer (to send) or a provider (to read). */
export interface PointsClient {
  token: PointsToken;
  mall: PointsMall;
  provider: Provider;
  signer: Signer | undefined;
  fromBlock: number;
}

function isSigner(runner: ContractRunner): runner is Signer {
  return typeof (runner as Signer).getAddress === "function" && typeof (runner as Signer).signTransaction === "function";
}

/** Binds the contracts at `addresses` to an ethers v6 Signer or Provider. */
export function connectPoints(runner: Signer | Provider, addresses: PointsAddresses): PointsClient {
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
  };
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
    throw new NetworkError(`the chain did not answer: ${(error as Error).message.split("\n")[0]}`, { cause: error });
  }
  if (code === "0x") {
    throw new PointsError(
      `no points token at ${await client.token.getAddress()} on this chain`,
      "check the deployment and the RPC URL (is the local system running? npm start)",
    );
  }
}

/** A sendable contract method, as typechain types it. */
interface Method<A extends unknown[]> {
  staticCall(...args: A): Promise<unknown>;
  (...args: A): Promise<ContractTransactionResponse>;
}

/**
 * Sends a call with the client's signer: refuses a read-only client first, then simulates the call
 * (a call that would revert is refused as a typed error and never sent), then sends it and waits
 * for its receipt; an error after sending comes back typed too.
 */
export async function send<A extends unknown[]>(
  client: PointsClient,
  method: Method<A>,
  ...args: A
): Promise<ContractTransactionReceipt> {
  requireSigner(client);
  try {
    await method.staticCall(...args);
    const tx = await method(...args);
    const receipt = await tx.wait();
    if (receipt === null) throw new PointsError("the transaction was dropped", "send it again");
    return receipt;
  } catch (error) {
    throw toPointsError(error);
  }
}
