/**
 * The parameters of ignition/modules/PointsSystem.ts, read from an Ignition parameter file and
 * checked before anything is sent: every field present, every address valid and checksummed,
 * amounts and the admin delay in range. Pure: no chain, no files but the one given.
 */
import { getAddress, toUtf8Bytes, ZeroAddress } from "ethers";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import { MAX_POINTS } from "../sdk/index.js";

/** The two systems of ignition/modules/PointsSystem.ts; the parameter file's key says which. */
export const SYSTEM_MODULES = ["PointsSystem", "ExpiringPointsSystem"] as const;
export type SystemModule = (typeof SYSTEM_MODULES)[number];
/** ExpiringPointsToken's limits: points stay valid 1 to 4 epochs. */
const MAX_VALIDITY_EPOCHS = 4;
/** A shorter epoch on a real chain is a typo (seconds for days, most likely). */
export const MIN_EPOCH_SECONDS = 86_400;
const MAX_SYMBOL_BYTES = 11; // PointsToken's limit (MetaMask's wallet_watchAsset takes 11)
const MAX_NAME_CHARACTERS = 64;
const MAX_UINT48 = 2n ** 48n - 1n;
/** Below an hour a stolen admin key hands the role over before anyone notices. */
export const MIN_ADMIN_DELAY = 3600;
/** Above 30 days replacing a lost or compromised admin takes longer than any incident should. */
export const MAX_ADMIN_DELAY = 30 * 86_400;

export interface IssuerGrant {
  account: string;
  quota: bigint;
}

/** Every parameter of the module, checked and normalized (addresses checksummed, amounts bigint). */
export interface SystemParameters {
  name: string;
  symbol: string;
  supplyCap: bigint;
  admin: string;
  adminDelay: number;
  issuers: IssuerGrant[];
  pausers: string[];
  merchantName: string;
  merchantAdmin: string;
  catalogManagers: string[];
  fulfillers: string[];
  /** ExpiringPointsSystem only: the epoch's length and how many epochs points stay valid. */
  epochSeconds?: number;
  validityEpochs?: number;
}

/** Every parameter PointsSystem takes; each must be in the file. */
export const PARAMETER_NAMES: readonly (keyof SystemParameters)[] = [
  "name", "symbol", "supplyCap", "admin", "adminDelay", "issuers", "pausers",
  "merchantName", "merchantAdmin", "catalogManagers", "fulfillers",
];
const EXPIRY_PARAMETER_NAMES: readonly (keyof SystemParameters)[] = ["epochSeconds", "validityEpochs"];

/** The parameters a system module takes. */
export function parameterNames(module: SystemModule): readonly (keyof SystemParameters)[] {
  return module === "PointsSystem" ? PARAMETER_NAMES : [...PARAMETER_NAMES, ...EXPIRY_PARAMETER_NAMES];
}

/** One thing wrong with the file: the field (as a path, e.g. issuers[1].quota) and what to do. */
export interface Problem {
  field: string;
  message: string;
}

export interface CheckedParameters {
  module: SystemModule;
  parameters: SystemParameters | undefined;
  problems: Problem[];
  /** Addresses written in one case only: valid, but a typo in them would not be caught. */
  unchecksummed: { field: string; address: string }[];
}

interface Reader {
  problems: Problem[];
  unchecksummed: { field: string; address: string }[];
}

function fail(r: Reader, field: string, message: string): undefined {
  r.problems.push({ field, message });
  return undefined;
}

function readAddress(r: Reader, field: string, value: unknown): string | undefined {
  if (typeof value !== "string") return fail(r, field, "give an address as a string, e.g. \"0x1111…\"");
  const text = value.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return fail(r, field, `"${value}" is not an address: an address is 0x and 40 hex digits`);
  const digits = text.slice(2);
  const oneCase = digits === digits.toLowerCase() || digits === digits.toUpperCase();
  let address: string;
  try {
    address = getAddress(oneCase ? text.toLowerCase() : text);
  } catch {
    return fail(r, field, `${text} has a wrong checksum (mixed case that does not match EIP-55): a typo, most likely; copy the address again from its wallet`);
  }
  if (address === ZeroAddress) return fail(r, field, "the zero address cannot hold a role: name a real account");
  if (oneCase && /[a-fA-F]/.test(digits)) r.unchecksummed.push({ field, address });
  return address;
}

function readAddresses(r: Reader, field: string, value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return fail(r, field, "give a list of addresses, e.g. [\"0x1111…\"] ([] for none)");
  const out: string[] = [];
  value.forEach((v, i) => {
    const a = readAddress(r, `${field}[${i}]`, v);
    if (a === undefined) return;
    if (out.includes(a)) fail(r, `${field}[${i}]`, `${a} is listed twice; list each account once`);
    else out.push(a);
  });
  return out;
}

/** A whole number of points: a JSON number, "123" or Ignition's bigint form "123n". */
function readPoints(r: Reader, field: string, value: unknown): bigint | undefined {
  let amount: bigint | undefined;
  if (typeof value === "number" && Number.isSafeInteger(value)) amount = BigInt(value);
  else if (typeof value === "string" && /^\d+n?$/.test(value.trim())) amount = BigInt(value.trim().replace(/n$/, ""));
  if (amount === undefined || amount < 0n) {
    return fail(r, field, `${JSON.stringify(value)} is not a whole number of points: write it as "1000000n" (digits, then n)`);
  }
  if (amount > MAX_POINTS) return fail(r, field, `${amount} is above the most points the token can hold (2^248 - 1)`);
  return amount;
}

function readText(r: Reader, field: string, value: unknown, what: string): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return fail(r, field, `give ${what} as non-empty text`);
  if (value !== value.trim()) return fail(r, field, `"${value}" starts or ends with spaces; remove them`);
  if (/\p{Cc}/u.test(value)) return fail(r, field, "contains a control character (a tab or line break); remove it");
  if ([...value].length > MAX_NAME_CHARACTERS) return fail(r, field, `is ${[...value].length} characters long; keep it to ${MAX_NAME_CHARACTERS}`);
  return value;
}

function readSymbol(r: Reader, value: unknown): string | undefined {
  const symbol = readText(r, "symbol", value, "the token's symbol (e.g. ACME)");
  if (symbol === undefined) return undefined;
  if (/\s/.test(symbol)) return fail(r, "symbol", `"${symbol}" contains a space; wallets show symbols as one word`);
  const bytes = toUtf8Bytes(symbol).length;
  if (bytes > MAX_SYMBOL_BYTES) return fail(r, "symbol", `"${symbol}" is ${bytes} bytes; the token takes 1 to ${MAX_SYMBOL_BYTES} (MetaMask shows at most 11)`);
  return symbol;
}

function readAdminDelay(r: Reader, value: unknown, localChain: boolean): number | undefined {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || BigInt(value) > MAX_UINT48) {
    return fail(r, "adminDelay", `${JSON.stringify(value)} is not a number of seconds: give a whole number, e.g. 259200 (3 days)`);
  }
  if (!localChain && value < MIN_ADMIN_DELAY) {
    return fail(r, "adminDelay", `${value} seconds is too short: a stolen admin key could hand the role over before anyone notices; give at least ${MIN_ADMIN_DELAY} (1 hour), e.g. 259200 (3 days)`);
  }
  if (value > MAX_ADMIN_DELAY) {
    return fail(r, "adminDelay", `${value} seconds is more than 30 days: replacing a lost admin would take that long; give at most ${MAX_ADMIN_DELAY}`);
  }
  return value;
}

function readIssuers(r: Reader, value: unknown, supplyCap: bigint | undefined): IssuerGrant[] | undefined {
  if (!Array.isArray(value)) return fail(r, "issuers", "give a list of { \"account\": \"0x…\", \"quota\": \"5000000n\" } ([] for none)");
  const out: IssuerGrant[] = [];
  value.forEach((v, i) => {
    const field = `issuers[${i}]`;
    if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(r, field, "give { \"account\": \"0x…\", \"quota\": \"5000000n\" }");
    const entry = v as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (key !== "account" && key !== "quota") fail(r, `${field}.${key}`, "is not a field of an issuer (account, quota)");
    const account = readAddress(r, `${field}.account`, entry.account);
    const quota = readPoints(r, `${field}.quota`, entry.quota);
    if (quota === 0n) fail(r, `${field}.quota`, "a quota of 0 issues nothing: give the points it may issue, or leave the issuer out and grant it later");
    else if (quota !== undefined && supplyCap !== undefined && supplyCap > 0n && quota > supplyCap) {
      fail(r, `${field}.quota`, `${quota} is above the supply cap (${supplyCap}); it could never be used: lower it to at most the cap`);
    }
    if (account === undefined || quota === undefined) return;
    if (out.some((g) => g.account === account)) return fail(r, `${field}.account`, `${account} is listed twice; give each issuer one quota`);
    out.push({ account, quota });
  });
  return out;
}

function readWhole(r: Reader, field: string, value: unknown, min: number, max: number, what: string): number | undefined {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    return fail(r, field, `${JSON.stringify(value)} is not ${what} from ${min} to ${max}`);
  }
  return value;
}

/**
 * Checks the parameter file's content (parsed JSON): its one key names the module (PointsSystem,
 * or ExpiringPointsSystem for points that expire). `localChain` relaxes the admin delay and the
 * epoch length (a local test chain may hand over at once, and expire points in minutes).
 */
export function checkParameters(file: unknown, options: { localChain: boolean }): CheckedParameters {
  const r: Reader = { problems: [], unchecksummed: [] };
  const keys = typeof file === "object" && file !== null && !Array.isArray(file) ? Object.keys(file) : [];
  const module: SystemModule = keys.includes("ExpiringPointsSystem") ? "ExpiringPointsSystem" : "PointsSystem";
  if (typeof file !== "object" || file === null || Array.isArray(file)) {
    fail(r, "(file)", `give a JSON object { "PointsSystem": { … } }`);
    return { module, parameters: undefined, ...r };
  }
  for (const key of keys) {
    if (key !== module) fail(r, key, `is not a module of this deployment: put the parameters under "PointsSystem" (or "ExpiringPointsSystem" for points that expire), once`);
  }
  const raw = (file as Record<string, unknown>)[module];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail(r, module, `missing: give { "${module}": { "name": …, "symbol": …, … } } (see ignition/parameters/private.example.json)`);
    return { module, parameters: undefined, ...r };
  }
  const p = raw as Record<string, unknown>;
  const names = parameterNames(module);
  for (const key of Object.keys(p)) {
    if (!(names as readonly string[]).includes(key)) fail(r, key, `is not a parameter of ${module} (a typo?); the parameters are ${names.join(", ")}`);
  }
  const missing = names.filter((f) => !(f in p));
  // Every field explicit: a default that silently applies is a parameter nobody checked.
  for (const f of missing) fail(r, f, "missing: name it explicitly (see ignition/parameters/private.example.json)");
  if (missing.length > 0) return { module, parameters: undefined, ...r };

  const supplyCap = readPoints(r, "supplyCap", p.supplyCap);
  const parameters: Partial<SystemParameters> = {
    name: readText(r, "name", p.name, "the token's name (e.g. Acme Rewards)"),
    symbol: readSymbol(r, p.symbol),
    supplyCap,
    admin: readAddress(r, "admin", p.admin),
    adminDelay: readAdminDelay(r, p.adminDelay, options.localChain),
    issuers: readIssuers(r, p.issuers, supplyCap),
    pausers: readAddresses(r, "pausers", p.pausers),
    merchantName: readText(r, "merchantName", p.merchantName, "merchant 1's name"),
    merchantAdmin: readAddress(r, "merchantAdmin", p.merchantAdmin),
    catalogManagers: readAddresses(r, "catalogManagers", p.catalogManagers),
    fulfillers: readAddresses(r, "fulfillers", p.fulfillers),
  };
  if (module === "ExpiringPointsSystem") {
    const minEpoch = options.localChain ? 1 : MIN_EPOCH_SECONDS;
    parameters.epochSeconds = readWhole(r, "epochSeconds", p.epochSeconds, minEpoch, 2 ** 32 - 1, "a number of seconds (an epoch of a day or more, e.g. 7776000 for 90 days)");
    parameters.validityEpochs = readWhole(r, "validityEpochs", p.validityEpochs, 1, MAX_VALIDITY_EPOCHS, "a number of epochs");
  }
  if (parameters.pausers !== undefined && parameters.pausers.length === 0) {
    fail(r, "pausers", "no one could pause the system in an emergency: name at least one pauser");
  }
  const complete = names.every((n) => parameters[n] !== undefined);
  return { module, parameters: complete && r.problems.length === 0 ? (parameters as SystemParameters) : undefined, ...r };
}

/** The parameters as Ignition takes them (the module's `m.getParameter` names). */
export function toIgnitionParameters(module: SystemModule, p: SystemParameters): DeploymentParameters {
  return { [module]: { ...p, issuers: p.issuers.map((i) => ({ account: i.account, quota: i.quota })) } };
}
