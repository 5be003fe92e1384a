import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { FetchRequest, HDNodeWallet, JsonRpcProvider, Network, Wallet, type Signer } from "ethers";
import {
  addressesFromIgnition,
  checkConnection,
  connectPoints,
  deploymentBlockFromJournal,
  NetworkError,
  PointsError,
  type PointsClient,
} from "../sdk/index.js";
import { promptHidden } from "./prompt.js";

/** Hardhat's and anvil's public test mnemonic: --account works only on a local chain. */
const TEST_MNEMONIC = "test test test test test test test test test test test junk";
const LOCAL_CHAIN_IDS = new Set([31337n, 1337n]);

export interface ConnectionOptions {
  rpc?: string;
  deployment?: string;
  keystore?: string;
  account?: string;
  privateKeyEnv?: string;
  /** Send customers' calls (transfer, claim, redeem) through this relay (`points relay`). */
  relay?: string;
}

interface Deployment {
  token: string;
  mall: string;
  forwarder?: string;
  rpcUrl?: string;
  /** The chain it was deployed on, where the file says (points deploy and npm start write it). */
  chainId?: number;
  fromBlock?: number;
  /** The web app that serves the catalog's metadata documents (npm start's), where known. */
  webUrl?: string;
  /** Merchants' EarningRules contracts, where the file lists them (`"rules": [address, ...]`). */
  rules?: string[];
}

/**
 * Finds a deployment: a .json file (the one `npm start` writes, or Ignition's deployed_addresses),
 * or an id looked up as .points/<id>.json, then ignition/deployments/<id>/. Default: "local".
 */
export function findDeployment(ref: string | undefined, cwd = process.cwd()): Deployment {
  const id = ref ?? process.env.POINTS_DEPLOYMENT ?? "local";
  const candidates = id.endsWith(".json")
    ? [path.resolve(cwd, id)]
    : [path.join(cwd, ".points", `${id}.json`), path.join(cwd, "ignition", "deployments", id, "deployed_addresses.json")];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    if (typeof data.token === "string" && typeof data.mall === "string") {
      return {
        token: data.token,
        mall: data.mall,
        forwarder: typeof data.forwarder === "string" ? data.forwarder : undefined,
        rpcUrl: typeof data.rpcUrl === "string" ? data.rpcUrl : undefined,
        chainId: typeof data.chainId === "number" ? data.chainId : undefined,
        fromBlock: typeof data.fromBlock === "number" ? data.fromBlock : undefined,
        webUrl: typeof data.webUrl === "string" ? data.webUrl : undefined,
        rules: Array.isArray(data.rules) ? data.rules.map(String) : undefined,
      };
    }
    // An Ignition deployment: its journal says the deployment block, where history starts.
    const journal = path.join(path.dirname(file), "journal.jsonl");
    const fromBlock = existsSync(journal) ? deploymentBlockFromJournal(readFileSync(journal, "utf8")) : 0;
    return addressesFromIgnition(data as Record<string, string>, fromBlock);
  }
  throw new PointsError(
    `no deployment "${id}" (looked for ${candidates.map((c) => path.relative(cwd, c)).join(", ")})`,
    id === "local" ? "start the local system with npm start, or pass --deployment" : "check --deployment",
  );
}

/** Connects to the chain and the deployment; with a signer only when `needSigner`. */
export async function connect(options: ConnectionOptions, needSigner: boolean): Promise<PointsClient> {
  const deployment = findDeployment(options.deployment);
  const rpcUrl = options.rpc ?? process.env.POINTS_RPC_URL ?? deployment.rpcUrl ?? "http://127.0.0.1:8545";
  // Asked once, with a time limit: ethers would otherwise retry an unreachable URL forever.
  const chainId = await probeChainId(rpcUrl);
  // A remembered deployment on another chain: the wrong --rpc (or a reset chain) would otherwise
  // read an unrelated contract, or none.
  if (deployment.chainId !== undefined && BigInt(deployment.chainId) !== chainId) {
    throw new PointsError(
      `the deployment "${options.deployment ?? process.env.POINTS_DEPLOYMENT ?? "local"}" is on chain ${deployment.chainId}, but the node at ${rpcUrl} is chain ${chainId}`,
      "check --rpc (or POINTS_RPC_URL) and --deployment",
    );
  }
  const network = Network.from(chainId);
  // No cache: a nonce or a batch read again after a failure must be fresh.
  const provider = new JsonRpcProvider(rpcUrl, network, { staticNetwork: network, batchMaxCount: 1, cacheTimeout: -1 });
  const addresses = { token: deployment.token, mall: deployment.mall, fromBlock: deployment.fromBlock };
  const readOnly = connectPoints(provider, addresses);
  await checkConnection(readOnly);
  if (!needSigner) return readOnly;
  const relay = options.relay ?? process.env.POINTS_RELAY_URL;
  return connectPoints(await loadSigner(options, provider), addresses, relay === undefined ? {} : { relay: { url: relay, mode: "always" } });
}

/** The chain id a JSON-RPC URL reports, asked once with a time limit. */
export async function probeChainId(url: string): Promise<bigint> {
  const request = new FetchRequest(url);
  request.timeout = 10_000;
  request.setHeader("content-type", "application/json");
  request.body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
  try {
    const response = await request.send();
    response.assertOk();
    const result = (response.bodyJson as { result?: unknown }).result;
    if (typeof result !== "string") throw new Error("no chain id in the answer");
    return BigInt(result);
  } catch (error) {
    throw new NetworkError(`no chain answers at ${url} (${(error as Error).message.split("\n")[0]})`, { cause: error });
  }
}

/** The key the options name (--account, --private-key-env, --keystore or POINTS_KEYSTORE). */
export async function loadSigner(options: ConnectionOptions, provider: JsonRpcProvider): Promise<Signer> {
  const keystore = options.keystore ?? process.env.POINTS_KEYSTORE;
  if (options.account !== undefined) {
    const { chainId } = await provider.getNetwork();
    if (!LOCAL_CHAIN_IDS.has(chainId)) {
      throw new PointsError(`--account uses public test keys and works only on a local chain (this is chain ${chainId})`, "use --keystore");
    }
    const index = Number(options.account);
    if (!Number.isInteger(index) || index < 0 || index > 19) throw new PointsError(`--account ${options.account}: give 0 to 19`);
    return HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`).connect(provider);
  }
  if (options.privateKeyEnv !== undefined) {
    const key = process.env[options.privateKeyEnv];
    if (key === undefined || key === "") throw new PointsError(`the environment variable ${options.privateKeyEnv} is not set`);
    try {
      return new Wallet(key.trim(), provider);
    } catch {
      throw new PointsError(`${options.privateKeyEnv} does not hold a private key`, "a private key is 0x and 64 hex digits");
    }
  }
  if (keystore !== undefined) {
    return (await decryptKeystore(keystore)).connect(provider);
  }
  throw new PointsError("this command sends a transaction and needs a key", "pass --keystore <file> (see points wallet new), or --account <n> on the local chain");
}

/** Opens an encrypted JSON keystore; the password comes from POINTS_PASSWORD or a prompt. */
export async function decryptKeystore(file: string): Promise<Wallet | HDNodeWallet> {
  if (!existsSync(file)) throw new PointsError(`no keystore at ${file}`, "create one with points wallet new");
  const json = readFileSync(file, "utf8");
  const password = process.env.POINTS_PASSWORD ?? (await promptHidden(`password for ${path.basename(file)}: `));
  try {
    return await Wallet.fromEncryptedJson(json, password);
  } catch (error) {
    if (/password/i.test(String((error as Error).message))) {
      throw new PointsError(`wrong password for ${file}`, "try again; the password cannot be recovered");
    }
    throw new PointsError(`${file} is not a keystore: ${(error as Error).message}`);
  }
}
