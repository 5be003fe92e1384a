import { getAddress } from "ethers";
import { PointsError } from "../../src/sdk/index.js";

/** What the server tells the page about its system (scripts/start.ts serves it as /config.json). */
export interface SystemConfig {
  rpcUrl: string;
  chainId: number;
  token: string;
  mall: string;
  symbol: string;
  /** The operator's relay: it pays the gas of customers with no native coin. */
  relayUrl?: string;
  /** The ledger API (`points serve`): history, orders, books and the explorer read from it, and
   *  delivery details go to it, when set; none: reads come from the chain and checkout collects none. */
  indexerUrl?: string;
  /** The deployment block, where history starts. */
  fromBlock?: number;
  /** Merchants' EarningRules contracts: the account page shows the points pending in each. */
  rules?: string[];
  /** The program's StatusPoints contract: status points and tiers, where the program has them. */
  status?: string;
  /** Minutes without activity after which an account of this browser locks (default 15). */
  lockMinutes?: number;
}

/** /config.json is missing or malformed: the page cannot know its chain. */
export class ConfigError extends PointsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "reload the page; if it persists, the operator must check the server's /config.json", options);
    this.name = "ConfigError";
  }
}

function field<T>(value: unknown, check: (v: unknown) => v is T, name: string): T {
  if (!check(value)) throw new ConfigError(`/config.json: ${name} is missing or malformed`);
  return value;
}
const isString = (v: unknown): v is string => typeof v === "string" && v !== "";
const isList = (v: unknown): v is unknown[] => Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const optional = <T,>(value: unknown, check: (v: unknown) => v is T, name: string): T | undefined =>
  value === undefined ? undefined : field(value, check, name);

/** Checks a parsed /config.json. */
export function parseConfig(json: unknown): SystemConfig {
  if (json === null || typeof json !== "object") throw new ConfigError("/config.json is not a JSON object");
  const c = json as Record<string, unknown>;
  const address = (v: unknown, name: string) => {
    try {
      return getAddress(field(v, isString, name));
    } catch (error) {
      throw new ConfigError(`/config.json: ${name} is not an address`, { cause: error });
    }
  };
  return {
    rpcUrl: field(c.rpcUrl, isString, "rpcUrl"),
    chainId: field(c.chainId, isNumber, "chainId"),
    token: address(c.token, "token"),
    mall: address(c.mall, "mall"),
    symbol: field(c.symbol, isString, "symbol"),
    relayUrl: optional(c.relayUrl, isString, "relayUrl"),
    indexerUrl: optional(c.indexerUrl, isString, "indexerUrl"),
    fromBlock: optional(c.fromBlock, isNumber, "fromBlock"),
    lockMinutes: optional(c.lockMinutes, isNumber, "lockMinutes"),
    rules: c.rules === undefined ? undefined : field(c.rules, isList, "rules").map((r, i) => address(r, `rules[${i}]`)),
    status: c.status === undefined ? undefined : address(c.status, "status"),
  };
}

/** Fetches and checks /config.json. */
export async function loadConfig(): Promise<SystemConfig> {
  let response: Response;
  try {
    response = await fetch("/config.json", { cache: "no-store" });
  } catch (error) {
    throw new ConfigError("the mall's server did not answer", { cause: error });
  }
  if (!response.ok) throw new ConfigError(`/config.json answered HTTP ${response.status}`);
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    throw new ConfigError("/config.json is not JSON", { cause: error });
  }
  return parseConfig(json);
}
