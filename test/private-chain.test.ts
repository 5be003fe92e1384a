import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider, ZeroHash } from "ethers";
import { PointsMall__factory, PointsToken__factory } from "../types/ethers-contracts/index.js";
import { projectRoot } from "../scripts/lib/deployment.js";
import { freePort, runNode, waitForOutput } from "./helpers/processes.js";
import { testAccount } from "../src/cli/testAccounts.js";

const anvilBin = path.join(projectRoot, "node_modules", ".bin", "anvil");
const hardhatCli = path.join(projectRoot, "node_modules", "hardhat", "dist", "src", "cli.js");
const account = testAccount;
const deploymentId = "private-test";
const chainId = 4242;

describe("deploying to a private chain (an independent EVM node: anvil)", function () {
  this.timeout(120_000);
  let anvil: ChildProcess | undefined;
  let workDir = "";

  afterEach(async function () {
    anvil?.kill("SIGTERM");
    if (workDir !== "") await rm(workDir, { recursive: true, force: true });
    await rm(path.join(projectRoot, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("deploys with the `private` network entry from RPC URL, chain id and key variables; the deployer keeps no role", async function () {
    const port = await freePort();
    anvil = spawn(anvilBin, ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    await waitForOutput(anvil, /Listening on/, 30_000);

    const [deployer, admin, issuer, staff] = [account(0), account(1), account(2), account(3)];
    workDir = await mkdtemp(path.join(tmpdir(), "points-private-"));
    const parametersFile = path.join(workDir, "private.json");
    await writeFile(
      parametersFile,
      JSON.stringify({
        PointsSystem: {
          name: "Acme Rewards",
          symbol: "ACME",
          supplyCap: "1000000n",
          admin: admin.address,
          adminDelay: 86400,
          issuers: [{ account: issuer.address, quota: "5000n" }],
          pausers: [admin.address],
          merchantName: "Acme Store",
          merchantAdmin: admin.address,
          catalogManagers: [staff.address],
          fulfillers: [staff.address],
        },
      }),
    );

    const args = [
      hardhatCli,
      "ignition",
      "deploy",
      "ignition/modules/PointsSystem.ts",
      "--network",
      "private",
      "--parameters",
      parametersFile,
      "--deployment-id",
      deploymentId,
      // Operators deploy with the isolated "production" build; the test reuses the tests' build.
      "--build-profile",
      "default",
    ];
    const { code, output } = await runNode(args, {
      PRIVATE_RPC_URL: `http://127.0.0.1:${port}`,
      PRIVATE_CHAIN_ID: String(chainId),
      PRIVATE_DEPLOYER_KEY: deployer.privateKey,
      POINTS_CONFIRMATIONS: "1",
      HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true",
    });
    expect(code, output).to.equal(0);
    expect(output).to.include("successfully deployed");

    const addresses = JSON.parse(
      await readFile(path.join(projectRoot, "ignition", "deployments", deploymentId, "deployed_addresses.json"), "utf8"),
    ) as Record<string, string>;
    const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, undefined, { staticNetwork: true });
    const token = PointsToken__factory.connect(addresses["PointsSystem#PointsToken"]!, provider);
    const mall = PointsMall__factory.connect(addresses["PointsSystem#PointsMall"]!, provider);
    expect(await token.symbol()).to.equal("ACME");
    expect(await token.supplyCap()).to.equal(1_000_000n);
    expect(await token.defaultAdmin()).to.equal(admin.address);
    expect(await token.issuerQuota(issuer.address)).to.equal(5_000n);
    expect(await token.hasRole(await token.BURNER_ROLE(), await mall.getAddress())).to.equal(true);
    for (const role of [ZeroHash, await token.ISSUER_ROLE(), await token.BURNER_ROLE(), await token.PAUSER_ROLE()]) {
      expect(await token.hasRole(role, deployer.address)).to.equal(false);
    }
    for (const base of [await mall.MERCHANT_ADMIN(), await mall.CATALOG_MANAGER(), await mall.FULFILLER()]) {
      expect(await mall.hasRole(await mall.merchantRole(base, 1), deployer.address)).to.equal(false);
    }
    expect(await mall.hasRole(ZeroHash, deployer.address)).to.equal(false);
    provider.destroy();
  });

  it("says which variable is missing when the private network is not configured", async function () {
    const { code, output } = await runNode(
      [hardhatCli, "ignition", "deploy", "ignition/modules/PointsSystem.ts", "--network", "private"],
      { PRIVATE_RPC_URL: "", PRIVATE_DEPLOYER_KEY: "", HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true" },
    );
    expect(code).to.not.equal(0);
    expect(output).to.match(/PRIVATE_RPC_URL|PRIVATE_DEPLOYER_KEY/);
  });
});
