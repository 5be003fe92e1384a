/**
 * Sends the batches left, one transaction each through the SDK's send (simulated first, so a
 * refusal comes back as the contract's error and costs nothing), recording each in the state as
 * it is mined. A batch the token says was issued already is skipped: the contract never credits a
 * reference twice, so a rerun after a kill is safe whatever the state file missed.
 */
import type { Provider } from "ethers";
import { ContractRevertError, PointsError, send, type PointsClient } from "../sdk/index.js";
import { rowsOf, type Batch, type MigrationPlan } from "./plan.js";
import { saveState, type MigrationState } from "./state.js";

/** Waits until no transaction of `address` is pending (one sent before a kill, say). */
export async function waitForPending(provider: Provider, address: string, say: (line: string) => void, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const [pending, mined] = await Promise.all([provider.getTransactionCount(address, "pending"), provider.getTransactionCount(address, "latest")]);
    if (pending <= mined) return;
    if (!told) say(`waiting for ${pending - mined} transaction(s) of ${address} still pending (sent before an interruption?)`);
    told = true;
    if (Date.now() > deadline) {
      throw new PointsError(`${pending - mined} transaction(s) of ${address} stayed pending for ${timeoutMs / 1000} s`, "check the node (is it mining?), then run the same command again");
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

export interface SendProgress {
  batch: Batch;
  done: number;
  of: number;
  tx: string | undefined;
  skipped: boolean;
}

export async function sendBatches(
  client: PointsClient,
  plan: MigrationPlan,
  remaining: Batch[],
  state: { dir: string; state: MigrationState },
  progress: (p: SendProgress) => void,
): Promise<{ sent: number; skipped: number; gasUsed: bigint }> {
  let sent = 0;
  let skipped = 0;
  let gasUsed = 0n;
  for (const [i, batch] of remaining.entries()) {
    const rows = rowsOf(plan, batch);
    try {
      const receipt = await send(client, client.token.issueBatch, rows.map((r) => r.holder), rows.map((r) => r.amount), batch.ref);
      state.state.batches[batch.index] = { ...state.state.batches[batch.index]!, tx: receipt.hash, block: receipt.blockNumber };
      await saveState(state.dir, state.state);
      sent++;
      gasUsed += receipt.gasUsed;
      progress({ batch, done: i + 1, of: remaining.length, tx: receipt.hash, skipped: false });
    } catch (error) {
      if (!(error instanceof ContractRevertError && error.errorName === "BatchAlreadyIssued")) throw error;
      skipped++;
      progress({ batch, done: i + 1, of: remaining.length, tx: undefined, skipped: true });
    }
  }
  return { sent, skipped, gasUsed };
}
