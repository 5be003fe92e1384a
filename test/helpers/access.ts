import { expect } from "chai";
import type { BaseContract, ContractTransactionResponse } from "ethers";

/**
 * Asserts that `call` reverts with AccessControlUnauthorizedAccount(account, role): the caller
 * lacks the role. Every role-gated function is checked with it. `call` is a thunk so that the
 * transaction starts only once the expectation is attached to it.
 */
export async function expectUnauthorized(
  call: () => Promise<ContractTransactionResponse>,
  contract: BaseContract,
  account: { address: string },
  role: string,
): Promise<void> {
  await expect(call())
    .to.be.revertedWithCustomError(contract, "AccessControlUnauthorizedAccount")
    .withArgs(account.address, role);
}
