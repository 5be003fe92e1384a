/**
 * Ignition's execution events as one line each: what was sent (with its hash, to look up if the
 * run is interrupted), what was confirmed, and anything that needs the operator's eye. Ignition's
 * own display redraws a terminal and repeats itself in a log; this one reads the same in both.
 */
import type {
  DeploymentExecutionStateCompleteEvent,
  DeploymentStartEvent,
  ExecutionEventListener,
  OnchainInteractionBumpFeesEvent,
  OnchainInteractionDroppedEvent,
  OnchainInteractionReplacedByUserEvent,
  OnchainInteractionTimeoutEvent,
  ReconciliationWarningsEvent,
  TransactionSendEvent,
} from "@nomicfoundation/ignition-core";

const quiet = async (): Promise<void> => undefined;

export class DeployProgress implements ExecutionEventListener {
  constructor(private readonly say: (line: string) => void) {}

  async deploymentStart(e: DeploymentStartEvent): Promise<void> {
    this.say(e.isResumed ? "resuming the deployment from Ignition's journal" : "deploying");
  }

  async transactionSend(e: TransactionSendEvent): Promise<void> {
    this.say(`  sent ${e.futureId.replace(/^\w+#/, "")} (tx ${e.hash})`);
  }

  async deploymentExecutionStateComplete(e: DeploymentExecutionStateCompleteEvent): Promise<void> {
    const r = e.result;
    const name = e.futureId.replace(/^\w+#/, "");
    if (r.type === "SUCCESS") this.say(`  deployed ${name}${r.result !== undefined ? ` at ${r.result}` : ""}`);
    else if (r.type === "ERROR") this.say(`  ${name} failed: ${r.error}`);
    else this.say(`  ${name} is held: ${r.reason}`);
  }

  async reconciliationWarnings(e: ReconciliationWarningsEvent): Promise<void> {
    for (const w of e.warnings) this.say(`  warning: ${w}`);
  }

  async onchainInteractionBumpFees(e: OnchainInteractionBumpFeesEvent): Promise<void> {
    this.say(`  ${e.futureId}: not mined yet; sending it again with higher fees`);
  }

  async onchainInteractionDropped(e: OnchainInteractionDroppedEvent): Promise<void> {
    this.say(`  ${e.futureId}: the node dropped the transaction; it will be sent again`);
  }

  async onchainInteractionReplacedByUser(e: OnchainInteractionReplacedByUserEvent): Promise<void> {
    this.say(`  ${e.futureId}: another transaction from the deploying key took its nonce; it will be sent again`);
  }

  async onchainInteractionTimeout(e: OnchainInteractionTimeoutEvent): Promise<void> {
    this.say(`  ${e.futureId}: timed out waiting to be mined; run the same command again to resume`);
  }

  wipeApply = quiet;
  deploymentExecutionStateInitialize = quiet;
  callExecutionStateInitialize = quiet;
  callExecutionStateComplete = quiet;
  staticCallExecutionStateInitialize = quiet;
  staticCallExecutionStateComplete = quiet;
  sendDataExecutionStateInitialize = quiet;
  sendDataExecutionStateComplete = quiet;
  contractAtExecutionStateInitialize = quiet;
  readEventArgumentExecutionStateInitialize = quiet;
  encodeFunctionCallExecutionStateInitialize = quiet;
  networkInteractionRequest = quiet;
  transactionPrepareSend = quiet;
  transactionConfirm = quiet;
  staticCallComplete = quiet;
  deploymentInitialize = quiet;
  batchInitialize = quiet;
  runStart = quiet;
  beginNextBatch = quiet;
  deploymentComplete = quiet;
  setModuleId = quiet;
  setStrategy = quiet;
}
