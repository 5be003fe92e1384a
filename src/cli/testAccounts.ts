/**
 * The public test mnemonic of local chains (Hardhat's and anvil's): the one place it is written.
 * The CLI's --account, the demo data (scripts/lib/demo.ts) and the tests' wallets derive from it.
 * Never use it on a real chain: everyone knows these keys.
 */
import { HDNodeWallet } from "ethers";

export const TEST_MNEMONIC = "test test test test test test test test test test test junk";

/** Chain ids of local development chains, where the test keys may be used. */
export const LOCAL_CHAIN_IDS: ReadonlySet<bigint> = new Set([31337n, 1337n]);

/** The test account at derivation index `index` (m/44'/60'/0'/0/index). */
export function testAccount(index: number): HDNodeWallet {
  return HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
}
