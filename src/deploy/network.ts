/**
 * Where `points deploy` sends the deployment and with which key: a network of hardhat.config.ts
 * (its URL, chain id and key, from Hardhat's keystore or environment variables) or `--rpc`, and
 * the CLI's own key options. Everything is resolved and checked before Ignition starts.
 */
import { HDNodeWallet, JsonRpcProvider, Network, Wallet } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ResolvedConfigurationVariable } from "hardhat/types/config";
import { PointsError } from "../sdk/index.js";
import { loadSigner, probeChainId, type ConnectionOptions } from "../cli/connect.js";

/** Chain ids of the local test chains (Hardhat's and anvil's default, and Ganache's). */
export const LOCAL_CHAIN_IDS = new Set([31337, 1337]);

export interface TargetOptions extends ConnectionOptions {
  network?: string;
  chainId?: number;
}

export interface Target {
  networkName: string;
  url: string;
  chainId: number;
  local: boolean;
  /** The deploying key, connected to `provider`. */
  wallet: Wallet | HDNodeWallet;
  provider: JsonRpcProvider;
  /** Where the key came from, for the plan ("--keystore deployer.json", "PRIVATE_DEPLOYER_KEY"). */
  keySource: string;
}

function variableName(v: ResolvedConfigurationVariable): string {
  return "name" in v && typeof v.name === "string" ? v.name : "a configuration variable";
}

/** A configuration variable's value, or a sentence that says how to set it. */
async function readVariable(v: ResolvedConfigurationVariable, networkName: string, what: string): Promise<string> {
  const name = variableName(v);
  let value: string;
  try {
    value = await v.get();
  } catch (error) {
    throw new PointsError(
      `the network "${networkName}" needs ${name} (${what}), which is not set`,
      `store it with \`npm run hardhat -- keystore set ${name}\`, or export ${name}=…`,
      { cause: error },
    );
  }
  if (value.trim() === "") throw new PointsError(`${name} (${what} of network "${networkName}") is empty`, `set it to ${what}`);
  return value.trim();
}

/** The key named by the CLI's options, else the network's first configured account. */
async function loadKey(
  options: TargetOptions,
  accounts: "remote" | ResolvedConfigurationVariable[] | object,
  networkName: string,
  provider: JsonRpcProvider,
): Promise<{ wallet: Wallet | HDNodeWallet; keySource: string }> {
  const explicit = options.account !== undefined || options.privateKeyEnv !== undefined || options.keystore !== undefined;
  if (!explicit && Array.isArray(accounts) && accounts.length > 0) {
    const variable = accounts[0]!;
    const key = await readVariable(variable, networkName, "the deploying account's private key");
    try {
      return { wallet: new Wallet(key, provider), keySource: variableName(variable) };
    } catch (error) {
      throw new PointsError(`${variableName(variable)} does not hold a private key`, "a private key is 0x and 64 hex digits; set it again", { cause: error });
    }
  }
  if (!explicit && process.env.POINTS_KEYSTORE === undefined) {
    throw new PointsError(
      `which key deploys? The network "${networkName}" names none`,
      "pass --keystore <file> (see points wallet new), --private-key-env <VAR>, or --account <n> on a local chain",
    );
  }
  const signer = await loadSigner(options, provider);
  if (!(signer instanceof Wallet || signer instanceof HDNodeWallet)) throw new PointsError("the deploying key must be a local key", "pass --keystore <file>");
  const keySource =
    options.account !== undefined ? `--account ${options.account}` : options.privateKeyEnv !== undefined ? options.privateKeyEnv : `keystore ${options.keystore ?? process.env.POINTS_KEYSTORE}`;
  return { wallet: signer, keySource };
}

/**
 * Resolves the network (`--network`, default localhost; `--rpc` replaces its URL), connects, and
 * checks the node's chain id against `--chain-id`, else the network's `chainId`, else 31337 for
 * localhost. A node on another chain, or no expected chain at all for a remote URL, is refused.
 */
export async function resolveTarget(hre: HardhatRuntimeEnvironment, options: TargetOptions): Promise<Target> {
  const networkName = options.network ?? "localhost";
  const config = hre.config.networks[networkName];
  if (config === undefined) {
    const names = Object.entries(hre.config.networks).filter(([, c]) => c.type === "http").map(([n]) => n);
    throw new PointsError(`there is no network "${networkName}" in hardhat.config.ts`, `use one of ${names.join(", ")}, or pass --rpc <url>`);
  }
  if (config.type !== "http") {
    throw new PointsError(`the network "${networkName}" is an in-process chain that ends with this command`, "deploy to a node: --network localhost (npm start) or private, or --rpc <url>");
  }
  const url = options.rpc ?? (await readVariable(config.url, networkName, "the node's JSON-RPC URL"));
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new PointsError(`"${url}" is not an http(s) URL`, "give the node's JSON-RPC URL, e.g. http://10.0.0.5:8545");
  const chainId = Number(await probeChainId(url));
  const expected = options.chainId ?? config.chainId ?? (networkName === "localhost" && options.rpc === undefined ? 31337 : undefined);
  if (expected === undefined) {
    throw new PointsError(
      `which chain do you mean? The node at ${url} is chain ${chainId}, and nothing says which chain to expect`,
      `pass --chain-id ${chainId} if that is the chain you mean (or set the network's chainId, e.g. PRIVATE_CHAIN_ID)`,
    );
  }
  if (chainId !== expected) {
    throw new PointsError(
      `the node at ${url} is chain ${chainId}, not chain ${expected} as expected`,
      "check the URL (a different node?) and --chain-id or the network's chainId (PRIVATE_CHAIN_ID)",
    );
  }
  const network = Network.from(chainId);
  const provider = new JsonRpcProvider(url, network, { staticNetwork: network, batchMaxCount: 1, cacheTimeout: -1 });
  const { wallet, keySource } = await loadKey(options, config.accounts, networkName, provider);
  return { networkName, url, chainId, local: LOCAL_CHAIN_IDS.has(chainId), wallet, provider, keySource };
}
