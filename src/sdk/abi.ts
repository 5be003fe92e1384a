/**
 * Types derived from the contracts' ABIs (typechain's factories keep them `as const`): the name of
 * every custom error the SDK may meet, and its arguments by name and TypeScript type. A sentence
 * table typed with these fails `tsc` when an error or an argument is misspelt or renamed.
 */
import type {
  EarningRules__factory,
  ExpiringPointsToken__factory,
  PointsDeployer__factory,
  PointsForwarder__factory,
  PointsMall__factory,
  PointsToken__factory,
  StatusPoints__factory,
} from "./contracts.js";

type Abis =
  | (typeof PointsToken__factory)["abi"]
  | (typeof PointsMall__factory)["abi"]
  | (typeof EarningRules__factory)["abi"]
  | (typeof PointsForwarder__factory)["abi"]
  | (typeof StatusPoints__factory)["abi"]
  | (typeof ExpiringPointsToken__factory)["abi"]
  | (typeof PointsDeployer__factory)["abi"];

type ErrorFragment = Extract<Abis[number], { type: "error" }>;

/** The name of a custom error of a contract of the system (token, expiring token, mall, deployer, EarningRules, StatusPoints, forwarder). */
export type ContractErrorName = ErrorFragment["name"];

/** A Solidity type as ethers decodes it. */
type Decoded<T extends string> = T extends `uint${string}` | `int${string}`
  ? bigint
  : T extends "bool"
    ? boolean
    : T extends `${string}[]`
      ? readonly unknown[]
      : T extends "tuple"
        ? Readonly<Record<string, unknown>>
        : string; // address, bytes, bytesN, string

type Named<I extends readonly { name: string; type: string }[]> = { readonly [P in I[number] as P["name"]]: Decoded<P["type"]> };

/** The arguments of custom error `E`, by their names in the ABI. */
export type ErrorArgs<E extends ContractErrorName> = Named<Extract<ErrorFragment, { name: E }>["inputs"]>;
