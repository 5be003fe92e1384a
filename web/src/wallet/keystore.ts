/**
 * Accounts kept in this browser: each an ethers (scrypt) keystore JSON, encrypted with the password
 * the customer chose, in localStorage. The key and the recovery phrase never leave this module
 * unencrypted except into memory (an unlocked wallet) or onto the customer's screen.
 */
import { HDNodeWallet, Mnemonic, Wallet, getAddress, type ProgressCallback } from "ethers";
import { InvalidInputError, PointsError } from "../../../src/sdk/index.js";

export interface StoredAccount {
  address: string;
  name: string;
  /** The encrypted keystore JSON (ethers' scrypt keystore; it holds the phrase too, encrypted). */
  keystore: string;
  created: number;
  /** Whether a recovery phrase was kept (an imported private key has none). */
  hasPhrase: boolean;
}

export type UnlockedWallet = Wallet | HDNodeWallet;

const STORAGE_KEY = "points.accounts.v1";
export const MIN_PASSWORD = 8;

/** The password does not open this account's keystore. */
export class WrongPasswordError extends PointsError {
  constructor(options?: { cause?: unknown }) {
    super("wrong password", "try again; the password cannot be recovered, but the recovery phrase restores the account", options);
    this.name = "WrongPasswordError";
  }
}

/** What was typed is neither a recovery phrase nor a private key (the message never repeats it). */
export class BadSecretError extends InvalidInputError {
  constructor() {
    super(
      "recovery phrase or key",
      "is neither a recovery phrase nor a private key",
      "give the 12 to 24 words in order, separated by spaces, or the key of 64 hex digits",
    );
    this.name = "BadSecretError";
  }
}

/** This browser already keeps the account being added. */
export class AccountExistsError extends PointsError {
  constructor(readonly address: string) {
    super(`account ${address} is on this device already`, "log in to it instead");
    this.name = "AccountExistsError";
  }
}

function isStored(v: unknown): v is StoredAccount {
  const a = v as Partial<StoredAccount> | null;
  return typeof a?.address === "string" && typeof a.name === "string" && typeof a.keystore === "string" && typeof a.created === "number";
}

/** The accounts of this browser, oldest first. A damaged store reads as none (and is left as is). */
export function listAccounts(): StoredAccount[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isStored) : [];
  } catch {
    return [];
  }
}

function save(accounts: StoredAccount[]): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(accounts));
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) {
    throw new InvalidInputError("password", `shorter than ${MIN_PASSWORD} characters`, "choose a longer one you can remember");
  }
}

/**
 * A wallet from a recovery phrase (12 to 24 words) or a private key (64 hex digits). The error
 * never repeats what was typed: it is a secret.
 */
export function walletFromSecret(secret: string): UnlockedWallet {
  const text = secret.trim();
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(text)) {
    try {
      return new Wallet(text.startsWith("0x") ? text : `0x${text}`);
    } catch {
      throw new BadSecretError(); // 0 or above the curve's order
    }
  }
  const phrase = text.toLowerCase().split(/\s+/).join(" ");
  if (!Mnemonic.isValidMnemonic(phrase)) throw new BadSecretError();
  return HDNodeWallet.fromPhrase(phrase);
}

async function add(wallet: UnlockedWallet, name: string, password: string, progress?: ProgressCallback): Promise<StoredAccount> {
  checkPassword(password);
  const address = getAddress(wallet.address);
  if (listAccounts().some((a) => a.address === address)) throw new AccountExistsError(address);
  const keystore = await wallet.encrypt(password, progress);
  const account: StoredAccount = {
    address,
    name: name.trim() === "" ? `Account ${listAccounts().length + 1}` : name.trim(),
    keystore,
    created: Date.now(),
    hasPhrase: wallet instanceof HDNodeWallet && wallet.mnemonic !== null,
  };
  save([...listAccounts(), account]);
  return account;
}

/** A new random wallet (with a recovery phrase), encrypted and kept. */
export async function createAccount(name: string, password: string, progress?: ProgressCallback): Promise<{ account: StoredAccount; wallet: HDNodeWallet }> {
  const wallet = Wallet.createRandom();
  return { account: await add(wallet, name, password, progress), wallet };
}

/** An existing phrase or key, encrypted and kept. */
export async function importAccount(secret: string, name: string, password: string, progress?: ProgressCallback): Promise<{ account: StoredAccount; wallet: UnlockedWallet }> {
  const wallet = walletFromSecret(secret);
  return { account: await add(wallet, name, password, progress), wallet };
}

/** Decrypts a kept account with its password. */
export async function unlockAccount(address: string, password: string, progress?: ProgressCallback): Promise<UnlockedWallet> {
  const account = listAccounts().find((a) => a.address === address);
  if (account === undefined) throw new InvalidInputError("account", `${address} is not on this device`, "import it with its recovery phrase or key");
  try {
    return await Wallet.fromEncryptedJson(account.keystore, password, progress);
  } catch (error) {
    if (/password/i.test(String((error as Error).message))) throw new WrongPasswordError({ cause: error });
    throw new PointsError("the account kept on this device is damaged", "import it again with its recovery phrase or key", { cause: error });
  }
}

/** Forgets an account on this device (its points stay on the chain, reachable with its phrase or key). */
export function removeAccount(address: string): void {
  save(listAccounts().filter((a) => a.address !== address));
}

/** What the customer must keep: the private key, and the phrase where there is one. */
export function secretsOf(wallet: UnlockedWallet): { privateKey: string; phrase: string | undefined } {
  return { privateKey: wallet.privateKey, phrase: wallet instanceof HDNodeWallet ? wallet.mnemonic?.phrase : undefined };
}
