/**
 * The ledger's errors: each a short message, a hint that says what to do, and the cause. They
 * extend the SDK's PointsError, so the CLI prints them like every other error.
 */
import { PointsError } from "../sdk/errors.js";

/** The database could not be opened, migrated or written. */
export class DatabaseError extends PointsError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, hint, options);
    this.name = "DatabaseError";
  }
}

/** Another process holds the database (PGlite is one process's; one indexer writes PostgreSQL). */
export class DatabaseLockedError extends DatabaseError {
  constructor(what: string, holder: string, hint = "stop that process first, or use PostgreSQL (DATABASE_URL) to share one database") {
    super(`${what} is in use by ${holder}`, hint);
    this.name = "DatabaseLockedError";
  }
}

/** The database holds another deployment's or another chain's index. */
export class DeploymentMismatchError extends PointsError {
  constructor(message: string) {
    super(message, "point the indexer at its own database (--database), or empty this one");
    this.name = "DeploymentMismatchError";
  }
}

/** The chain's node refused or failed in a way retrying does not fix. */
export class RpcError extends PointsError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, hint ?? "check the RPC URL and the node's logs", options);
    this.name = "RpcError";
  }
}

/** The indexer's configuration is wrong: `field` names what. */
export class IndexerConfigError extends PointsError {
  readonly field: string;
  constructor(field: string, message: string, hint?: string) {
    super(`${field}: ${message}`, hint);
    this.name = "IndexerConfigError";
    this.field = field;
  }
}
