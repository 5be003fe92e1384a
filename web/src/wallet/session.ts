/**
 * Keeps an unlocked account across reloads of one tab, without a key in readable storage: the
 * private key is encrypted (AES-GCM) with a WebCrypto key that cannot be exported, kept in
 * IndexedDB; the ciphertext is in sessionStorage, which dies with the tab. Logging out, locking
 * or closing the tab leaves nothing that decrypts. A session idle longer than the lock time is
 * dropped on resume.
 */
import { Wallet } from "ethers";

const SESSION_KEY = "points.session.v1";
const DB_NAME = "points-session";
const STORE = "keys";
const PRUNE_MS = 24 * 60 * 60 * 1000;

interface SessionRecord {
  id: string;
  address: string;
  iv: string;
  data: string;
  lastActive: number;
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await request(open);
  return db.transaction(STORE, mode).objectStore(STORE);
}

function readRecord(): SessionRecord | undefined {
  try {
    const r = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null") as SessionRecord | null;
    return r !== null && typeof r.id === "string" && typeof r.data === "string" ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers `wallet` for this tab until logout, lock or the tab closes. */
export async function saveSession(wallet: { address: string; privateKey: string }): Promise<void> {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(wallet.privateKey)));
  const id = crypto.randomUUID();
  const keys = await store("readwrite");
  // Keys of tabs that closed without logging out decrypt nothing (their ciphertext died with them).
  const now = Date.now();
  const [ids, entries] = await Promise.all([request(keys.getAllKeys()), request(keys.getAll())]);
  ids.forEach((k, i) => {
    const created = (entries[i] as { created?: number } | undefined)?.created;
    if (created === undefined || now - created > PRUNE_MS) keys.delete(k);
  });
  await request(keys.put({ key, created: now }, id));
  const record: SessionRecord = { id, address: wallet.address, iv: b64(iv), data: b64(data), lastActive: now };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(record));
}

/** The wallet of this tab's session, unless there is none or it sat idle longer than `lockMs`. */
export async function resumeSession(lockMs: number): Promise<Wallet | undefined> {
  const record = readRecord();
  if (record === undefined) return undefined;
  if (Date.now() - record.lastActive > lockMs) {
    await clearSession();
    return undefined;
  }
  try {
    const entry = (await request((await store("readonly")).get(record.id))) as { key: CryptoKey } | undefined;
    if (entry === undefined) throw new Error("no session key");
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: unb64(record.iv) }, entry.key, unb64(record.data));
    return new Wallet(new TextDecoder().decode(plain));
  } catch {
    await clearSession();
    return undefined;
  }
}

/** Notes activity, so that a reload within the lock time resumes. */
export function touchSession(): void {
  const record = readRecord();
  if (record !== undefined) sessionStorage.setItem(SESSION_KEY, JSON.stringify({ ...record, lastActive: Date.now() }));
}

/** Forgets this tab's session: its ciphertext and its key. */
export async function clearSession(): Promise<void> {
  const record = readRecord();
  sessionStorage.removeItem(SESSION_KEY);
  if (record !== undefined) {
    try {
      await request((await store("readwrite")).delete(record.id));
    } catch {
      // Without its ciphertext the key decrypts nothing.
    }
  }
}
