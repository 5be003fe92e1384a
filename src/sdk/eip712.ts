/**
 * The EIP-712 domain of a contract, as the contract itself states it (ERC-5267 `eip712Domain()`):
 * permits and vouchers (the token) and forward requests (the forwarder) are signed for the domain
 * the contract verifies, never for one rebuilt here from its name and a guessed version.
 */
import type { TypedDataDomain } from "ethers";
import { toPointsError } from "./reverts.js";

/** A contract with ERC-5267's view (PointsToken, PointsForwarder, EarningRules). */
export interface Eip712Contract {
  eip712Domain(): Promise<{ fields: string; name: string; version: string; chainId: bigint; verifyingContract: string; salt: string }>;
}

// ERC-5267: bit i of `fields` says whether the i-th domain field is used.
const NAME = 0x01;
const VERSION = 0x02;
const CHAIN_ID = 0x04;
const VERIFYING_CONTRACT = 0x08;
const SALT = 0x10;

/** The contract's EIP-712 domain, with exactly the fields it declares. */
export async function eip712DomainOf(contract: Eip712Contract): Promise<TypedDataDomain> {
  let d: Awaited<ReturnType<Eip712Contract["eip712Domain"]>>;
  try {
    d = await contract.eip712Domain();
  } catch (error) {
    throw toPointsError(error);
  }
  const fields = Number(d.fields);
  const domain: TypedDataDomain = {};
  if (fields & NAME) domain.name = d.name;
  if (fields & VERSION) domain.version = d.version;
  if (fields & CHAIN_ID) domain.chainId = d.chainId;
  if (fields & VERIFYING_CONTRACT) domain.verifyingContract = d.verifyingContract;
  if (fields & SALT) domain.salt = d.salt;
  return domain;
}
