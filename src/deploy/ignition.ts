/**
 * Runs the Ignition module with Ignition's programmatic `deploy` (no prompt: the CLI task's y/N
 * question hangs without a terminal), on a Hardhat network connection that signs with exactly the
 * key the checks were made for, journaled in ignition/deployments/<id>/ so that running it again
 * resumes an interrupted deployment.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { HardhatArtifactResolver, errorDeploymentResultToExceptionMessage } from "@nomicfoundation/hardhat-ignition/helpers";
import { deploy, DeploymentResultType, type DeploymentParameters, type IgnitionModule } from "@nomicfoundation/ignition-core";
import { PointsError } from "../sdk/index.js";
import type { Target } from "./network.js";
import { DeployProgress } from "./progress.js";

export interface IgnitionRun {
  /** Deployed addresses by future id (PointsSystem#PointsToken, …). */
  addresses: Record<string, string>;
}

export async function runIgnition(
  hre: HardhatRuntimeEnvironment,
  module: IgnitionModule,
  parameters: DeploymentParameters,
  target: Target,
  options: { deploymentDir: string; confirmations: number | undefined; say: (line: string) => void },
): Promise<IgnitionRun> {
  const connection = await hre.network.create({
    network: target.networkName,
    override: { url: target.url, accounts: [target.wallet.privateKey], chainId: target.chainId },
  });
  try {
    const config = { ...hre.config.ignition, ...(options.confirmations !== undefined ? { requiredConfirmations: options.confirmations } : {}) };
    const networkIgnition = connection.networkConfig.ignition;
    const result = await deploy({
      config,
      provider: connection.provider,
      executionEventListener: new DeployProgress(options.say),
      artifactResolver: new HardhatArtifactResolver(hre.artifacts),
      deploymentDir: options.deploymentDir,
      ignitionModule: module,
      deploymentParameters: parameters,
      accounts: [target.wallet.address.toLowerCase()],
      defaultSender: target.wallet.address.toLowerCase(),
      maxFeePerGasLimit: networkIgnition.maxFeePerGasLimit,
      maxFeePerGas: networkIgnition.maxFeePerGas,
      maxPriorityFeePerGas: networkIgnition.maxPriorityFeePerGas,
      gasPrice: networkIgnition.gasPrice,
      disableFeeBumping: hre.config.ignition.disableFeeBumping ?? networkIgnition.disableFeeBumping,
    });
    if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
      const why = errorDeploymentResultToExceptionMessage(result);
      const hint =
        result.type === DeploymentResultType.RECONCILIATION_ERROR
          ? "the parameters differ from those of the interrupted deployment: use the same file, or another --deployment-id for a new deployment"
          : "fix what it says and run the same command again: the deployment resumes where it stopped";
      throw new PointsError(`Ignition stopped: ${why}`, hint);
    }
    return { addresses: Object.fromEntries(Object.entries(result.contracts).map(([id, c]) => [id, c.address])) };
  } finally {
    await connection.close();
  }
}
