/** Expiring points (ERC-7818, migration 0004_expiry): the policy, each account's lots, each epoch's books. */
import type { Amount } from "./schema.js";

/** The token's expiry policy (ERC-7818), one row; none when its points never expire. */
export interface TokenExpiryTable {
  id: number;
  epoch_seconds: number;
  validity_epochs: number;
  /** When epoch 0 began (unix seconds). */
  origin: number;
}

/** What an account holds of one epoch's points (kept after the epoch expires: what expired there). */
export interface LotsTable {
  /** account:epoch */
  id: string;
  account: string;
  epoch: number;
  points: Amount;
  /** A points.expiring notification went out for this lot. */
  warned: boolean;
}

/** One epoch's books: points minted in it (issued, refunded), burned from it, and held (the lots' sum). */
export interface EpochsTable {
  epoch: number;
  issued: Amount;
  refunded: Amount;
  burned: Amount;
  held: Amount;
}

export interface ExpiryTables {
  token_expiry: TokenExpiryTable;
  lots: LotsTable;
  epochs: EpochsTable;
}
