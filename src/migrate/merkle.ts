/**
 * The reference each migration batch carries on the new token: the Merkle root of its rows, each
 * row a leaf committing to (old chain, old token, snapshot block, holder, amount). The same books
 * give the same references (a rerun finds its batches issued), and anyone holding the rows file
 * recomputes them and finds each batch on chain. Leaves are hashed twice and pairs sorted, as
 * OpenZeppelin's StandardMerkleTree and MerkleProof do, so on-chain proofs work if ever needed.
 */
import { concat, id, keccak256, toBeHex } from "ethers";

/** Separates migration leaves from any other hash of the same fields. */
export const MIGRATION_LEAF_TAG = id("points-mall/migrate/v1");

export interface LeafOrigin {
  chainId: bigint;
  token: string;
  block: number;
}

const word = (value: bigint | number): string => toBeHex(value, 32).slice(2);
const addressWord = (address: string): string => address.slice(2).toLowerCase().padStart(64, "0");

/** keccak256(keccak256(abi.encode(tag, chainId, token, block, holder, amount))). */
export function migrationLeaf(origin: LeafOrigin, holder: string, amount: bigint): string {
  const encoded = `0x${MIGRATION_LEAF_TAG.slice(2)}${word(origin.chainId)}${addressWord(origin.token)}${word(origin.block)}${addressWord(holder)}${word(amount)}`;
  return keccak256(keccak256(encoded));
}

function hashPair(a: string, b: string): string {
  return keccak256(a < b ? concat([a, b]) : concat([b, a]));
}

/** The root over `leaves` (lowercase 0x hex), pairing neighbours and carrying an odd one up. */
export function merkleRoot(leaves: string[]): string {
  if (leaves.length === 0) throw new RangeError("a Merkle root needs at least one leaf");
  let level = leaves;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? hashPair(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}
