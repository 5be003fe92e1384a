/**
 * A Merkle tree as OpenZeppelin builds it (@openzeppelin/merkle-tree's StandardMerkleTree): leaves
 * are double-hashed ABI encodings, sorted; inner nodes hash their two children in sorted order
 * (commutative), in a complete binary tree stored as an array. Proofs verify with OpenZeppelin's
 * MerkleProof.verify, so a contract can check a row one day. Small enough to keep here (no library).
 */
import { AbiCoder, concat, keccak256 } from "ethers";

/** keccak256(keccak256(abi.encode(types, values))): a leaf, as StandardMerkleTree hashes it. */
export function standardLeaf(types: readonly string[], values: readonly unknown[]): string {
  return keccak256(keccak256(AbiCoder.defaultAbiCoder().encode(types, values)));
}

/** The hash of two nodes, smaller first (OpenZeppelin's Hashes.commutativeKeccak256). */
export function hashPair(a: string, b: string): string {
  // Same-length lowercase hex compares as its numbers do.
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? keccak256(concat([x, y])) : keccak256(concat([y, x]));
}

export interface MerkleTree {
  root: string;
  /** The proof of each leaf, in the order the leaves were given. */
  proofs: string[][];
}

/** Builds the tree of `leaves` (32-byte hashes, at least one). */
export function merkleTree(leaves: readonly string[]): MerkleTree {
  if (leaves.length === 0) throw new Error("a Merkle tree needs at least one leaf");
  // Sorted leaves make the root independent of the order of the rows.
  const order = leaves.map((leaf, i) => ({ leaf: leaf.toLowerCase(), i })).sort((x, y) => (x.leaf < y.leaf ? -1 : x.leaf > y.leaf ? 1 : 0));
  const size = 2 * leaves.length - 1;
  const tree = new Array<string>(size);
  const position = new Array<number>(leaves.length);
  order.forEach(({ leaf, i }, k) => {
    tree[size - 1 - k] = leaf;
    position[i] = size - 1 - k;
  });
  for (let n = size - 1 - leaves.length; n >= 0; n--) tree[n] = hashPair(tree[2 * n + 1]!, tree[2 * n + 2]!);
  const proofOf = (index: number) => {
    const proof: string[] = [];
    for (let n = index; n > 0; n = Math.floor((n - 1) / 2)) proof.push(tree[n % 2 === 0 ? n - 1 : n + 1]!);
    return proof;
  };
  return { root: tree[0]!, proofs: position.map(proofOf) };
}

/** Whether `proof` leads from `leaf` to `root` (OpenZeppelin's MerkleProof.verify). */
export function verifyProof(root: string, leaf: string, proof: readonly string[]): boolean {
  return proof.reduce((node, sibling) => hashPair(node, sibling), leaf) === root;
}
