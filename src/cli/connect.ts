import { readFileSync } from "node:fs";
import path from "node:path";
import { FetchRequest, JsonRpcProvider, Network, Wallet, type HDNodeWallet, type Provider, type Signer } from "ethers";
import { checkConnection, connectIndexer, connectPoints, firstLine, NetworkError, PointsError, type IndexerOption, type PointsClient } from "../sdk/index.js";
import { findDeployment } from "../sdk/node.js";

export { findDeployment };
import { promptHidden } from "./prompt.js";
import { deploymentKey, rememberIndexer, rememberedIndexer } from "./remember.js";
import { LOCAL_CHAIN_IDS, testAccount } from "./testAccounts.js";

export interface ConnectionOptions {
  rpc?: string;
  deployment?: string;
  /** An encrypted keystore file (checked by args.ts's keystore parser). */
  keystore?: string;
  account?: number;
  privateKeyEnv?: string;
  /** Send customers' calls (transfer, claim, redeem) through this relay (`points relay`). */
  relay?: string;
  /** Read through this ledger API (`points serve`); "off" forgets the remembered one. */
  indexer?: string;
}

/** Where a connection comes from: the environment (for secrets) and, in tests, a provider to use. */
export interface ConnectionEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  provider?: () => Promise<Provider>;
}

const processEnvironment = (): ConnectionEnvironment => ({ env: process.env, cwd: process.cwd() });

/**
 * Connects to the chain and the deployment; with a signer only when `needSigner`. A remembered
 * deployment on another chain than the node's is refused: the wrong --rpc (or a reset chain) would
 * otherwise read an unrelated contract, or none.
 */
export async function connect(options: ConnectionOptions, needSigner: boolean, environment: ConnectionEnvironment = processEnvironment()): Promise<PointsClient> {
  const deployment = findDeployment(options.deployment, environment.cwd);
  let provider: Provider;
  if (environment.provider !== undefined) provider = await environment.provider();
  else {
    const rpcUrl = options.rpc ?? deployment.rpcUrl ?? "http://127.0.0.1:8545";
    // Asked once, with a time limit: ethers would otherwise retry an unreachable URL forever.
    const chainId = await probeChainId(rpcUrl);
    if (deployment.chainId !== undefined && BigInt(deployment.chainId) !== chainId) {
      throw new PointsError(
        `the deployment "${options.deployment ?? "local"}" is on chain ${deployment.chainId}, but the node at ${rpcUrl} is chain ${chainId}`,
        "check --rpc (or POINTS_RPC_URL) and --deployment",
      );
    }
    const network = Network.from(chainId);
    // No cache: a nonce or a batch read again after a failure must be fresh.
    provider = new JsonRpcProvider(rpcUrl, network, { staticNetwork: network, batchMaxCount: 1, cacheTimeout: -1 });
  }
  const addresses = { token: deployment.token, mall: deployment.mall, fromBlock: deployment.fromBlock };
  const indexer = indexerFor(options, deployment.indexerUrl, environment);
  const readOnly = connectPoints(provider, addresses, { indexer });
  await checkConnection(readOnly);
  if (!needSigner) return readOnly;
  const signer = await loadSigner(options, provider, environment.env);
  return connectPoints(signer, addresses, { indexer, ...(options.relay === undefined ? {} : { relay: { url: options.relay, mode: "always" } }) });
}

/**
 * The ledger API to read through: --indexer (remembered for the deployment; "off" forgets it),
 * else the one remembered, else the one the deployment file names. Notes go to stderr.
 */
function indexerFor(options: ConnectionOptions, fromFile: string | undefined, environment: ConnectionEnvironment): IndexerOption | undefined {
  const key = deploymentKey(options.deployment);
  let url = options.indexer;
  if (url === "off") {
    rememberIndexer(key, undefined, environment.cwd);
    return undefined;
  }
  if (url !== undefined) {
    try {
      new URL(url);
    } catch {
      throw new PointsError(`--indexer ${url}: not a URL`, "give the ledger API's URL, like http://127.0.0.1:8100, or off");
    }
    rememberIndexer(key, url, environment.cwd);
  } else url = rememberedIndexer(key, environment.cwd) ?? fromFile;
  return url === undefined ? undefined : { client: connectIndexer(url), note: (m) => process.stderr.write(`${m}\n`) };
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
    throw new NetworkError(`no chain answers at ${url} (${firstLine(error)})`, { cause: error, hint: "check --rpc (or POINTS_RPC_URL) and that the node runs; npm start runs one at http://127.0.0.1:8545" });
  }
}

/** The key the options name (--account, --private-key-env, --keystore). */
export async function loadSigner(options: ConnectionOptions, provider: Provider, env: ConnectionEnvironment["env"] = process.env): Promise<Signer> {
  if (options.account !== undefined) {
    const { chainId } = await provider.getNetwork();
    if (!LOCAL_CHAIN_IDS.has(chainId)) {
      throw new PointsError(`--account uses public test keys and works only on a local chain (this is chain ${chainId})`, "sign with --keystore <file> instead");
    }
    return testAccount(options.account).connect(provider);
  }
  if (options.privateKeyEnv !== undefined) {
    const key = env[options.privateKeyEnv];
    if (key === undefined || key === "") throw new PointsError(`the environment variable ${options.privateKeyEnv} is not set`, `set it to the private key, or sign with --keystore`);
    try {
      return new Wallet(key.trim(), provider);
    } catch (error) {
      throw new PointsError(`${options.privateKeyEnv} does not hold a private key`, "a private key is 0x and 64 hex digits", { cause: error });
    }
  }
  if (options.keystore !== undefined) return (await decryptKeystore(options.keystore, env)).connect(provider);
  throw new PointsError("this command sends a transaction and needs a key", "pass --keystore <file> (see points wallet new), or --account <n> on the local chain");
}

/** Opens an encrypted JSON keystore (already checked to be one); the password comes from POINTS_PASSWORD or a prompt. */
export async function decryptKeystore(file: string, env: ConnectionEnvironment["env"] = process.env): Promise<Wallet | HDNodeWallet> {
  const json = readFileSync(file, "utf8");
  const password = env.POINTS_PASSWORD ?? (await promptHidden(`password for ${path.basename(file)}: `));
  try {
    return await Wallet.fromEncryptedJson(json, password);
  } catch (error) {
    if (/password/i.test(firstLine(error))) throw new PointsError(`wrong password for ${file}`, "try again; the password cannot be recovered", { cause: error });
    throw new PointsError(`${file} is not a keystore ethers can open`, "give the file that points wallet new wrote", { cause: error });
  }
}
