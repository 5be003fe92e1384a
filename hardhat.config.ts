import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

// Hardhat cannot download compilers on our machines (no network but the npm registry), so it
// uses solc's JavaScript build from the npm package `solc`. The path must be absolute.
const require = createRequire(import.meta.url);
const SOLC_VERSION = "0.8.30";
const solcPath = require.resolve("solc/soljson.js");

// An operator's chain may predate Prague (e.g. a Besu or Geth network on London or Shanghai):
// POINTS_EVM_VERSION=shanghai (or paris, ...) compiles for it.
const evmVersion = process.env.POINTS_EVM_VERSION ?? "prague";

const privateChainId =
  process.env.PRIVATE_CHAIN_ID !== undefined && process.env.PRIVATE_CHAIN_ID !== ""
    ? Number(process.env.PRIVATE_CHAIN_ID)
    : undefined;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  // bench/contracts: the OpenZeppelin and Solady references that `npm run bench:gas` measures.
  paths: { sources: { solidity: ["contracts", "bench/contracts"] } },
  solidity: {
    version: SOLC_VERSION,
    path: solcPath,
    settings: {
      evmVersion,
      optimizer: { enabled: true, runs: 1_000 },
    },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 32, failOnRevert: false },
    },
    mocha: { timeout: 120_000 },
  },
  ignition: {
    // Ignition polls for receipts every second by default; a local or private chain with fast
    // blocks answers sooner.
    blockPollingInterval: 200,
    // Blocks to wait after each deployment transaction. Ignition's default (5) suits a public
    // chain; a private chain with instant finality (QBFT, IBFT, Clique) needs POINTS_CONFIRMATIONS=1.
    ...(process.env.POINTS_CONFIRMATIONS !== undefined && process.env.POINTS_CONFIRMATIONS !== ""
      ? { requiredConfirmations: Number(process.env.POINTS_CONFIRMATIONS) }
      : {}),
  },
  networks: {
    // The in-process chain that tests use.
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // The chain that `npm start` runs (scripts/start.ts); POINTS_PORT moves it off 8545.
    localhost: { type: "http", chainType: "l1", url: `http://127.0.0.1:${process.env.POINTS_PORT ?? "8545"}` },
    // Any EVM JSON-RPC endpoint. Set the variables with `npx hardhat keystore set NAME`
    // or as environment variables of the same name (see README, "Deploy to a private chain").
    private: {
      type: "http",
      chainType: "l1",
      url: configVariable("PRIVATE_RPC_URL"),
      accounts: [configVariable("PRIVATE_DEPLOYER_KEY")],
      ...(privateChainId !== undefined ? { chainId: privateChainId } : {}),
    },
  },
});
