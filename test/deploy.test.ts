import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Contract, getCreateAddress, Wallet } from "ethers";
import hre from "hardhat";
import { PointsToken__factory } from "../types/ethers-contracts/index.js";
import { projectRoot } from "../scripts/lib/deployment.js";
import { runDeploy, type DeployIo, type DeployOptions } from "../src/deploy/deploy.js";
import { PointsError } from "../src/sdk/index.js";
import { startAnvil, testAccount, type Anvil } from "./helpers/anvil.js";
import { collectOutput, runNode } from "./helpers/processes.js";

const pointsCli = path.join(projectRoot, "bin", "points.mjs");
const chainId = 4242;
const deployer = testAccount(9);
const [admin, issuer, staff, pauser] = [testAccount(1), testAccount(2), testAccount(3), testAccount(4)];
const KEY_VAR = "POINTS_DEPLOY_TEST_KEY";

/** A complete, valid parameter set; each test breaks one thing. */
function goodParameters(): Record<string, unknown> {
  return {
    name: "Acme Rewards",
    symbol: "ACME",
    supplyCap: "1000000n",
    admin: admin.address,
    adminDelay: 86400,
    issuers: [{ account: issuer.address, quota: "5000n" }],
    pausers: [pauser.address],
    merchantName: "Acme Store",
    merchantAdmin: admin.address,
    catalogManagers: [staff.address],
    fulfillers: [staff.address],
  };
}

const deploymentIds: string[] = [];
function newDeploymentId(): string {
  const id = `test-deploy-${process.pid}-${deploymentIds.length}`;
  deploymentIds.push(id);
  return id;
}

async function removeDeployments(): Promise<void> {
  for (const id of deploymentIds.splice(0)) {
    await rm(path.join(projectRoot, "ignition", "deployments", id), { recursive: true, force: true });
    await rm(path.join(projectRoot, ".points", `${id}.json`), { force: true });
  }
}

describe("points deploy", function () {
  this.timeout(180_000);
  let anvil: Anvil;
  let workDir: string;

  before(async function () {
    anvil = await startAnvil({ chainId });
    workDir = await mkdtemp(path.join(tmpdir(), "points-deploy-"));
    process.env[KEY_VAR] = deployer.privateKey;
  });

  after(async function () {
    delete process.env[KEY_VAR];
    await anvil?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
    await removeDeployments();
  });

  async function parameterFile(p: Record<string, unknown>, raw?: string): Promise<string> {
    const file = path.join(workDir, `parameters-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, raw ?? JSON.stringify({ PointsSystem: p }));
    return file;
  }

  function options(file: string, extra: Partial<DeployOptions> = {}): DeployOptions {
    return { parameters: file, rpc: anvil.url, chainId, privateKeyEnv: KEY_VAR, deploymentId: newDeploymentId(), recordDir: workDir, confirmations: 1, ...extra };
  }

  const silent: DeployIo = { say: () => undefined };

  /** Runs a deploy that must be refused with `pattern`, and checks that nothing was sent. */
  async function refused(p: Record<string, unknown>, pattern: RegExp, extra: Partial<DeployOptions> = {}, raw?: string): Promise<PointsError> {
    const file = await parameterFile(p, raw);
    const [nonce, block] = await Promise.all([anvil.provider.getTransactionCount(deployer.address), anvil.provider.getBlockNumber()]);
    let error: unknown;
    try {
      await runDeploy(hre, options(file, extra), silent);
    } catch (e) {
      error = e;
    }
    expect(error, "the deploy was not refused").to.be.instanceOf(PointsError);
    const e = error as PointsError;
    expect(`${e.message}\n${e.hint ?? ""}`).to.match(pattern);
    expect(e.hint, "a refusal says what to do").to.be.a("string").and.not.equal("");
    expect(await anvil.provider.getTransactionCount(deployer.address), "the deployer sent a transaction").to.equal(nonce);
    expect(await anvil.provider.getBlockNumber(), "a block was mined").to.equal(block);
    return e;
  }

  describe("refuses before the first transaction", function () {
    it("an all-lowercase address, unless accepted on the terminal or with --accept-lowercase", async function () {
      const p = { ...goodParameters(), admin: admin.address.toLowerCase(), merchantAdmin: admin.address.toLowerCase() };
      const e = await refused(p, /2 address\(es\) without a checksum[\s\S]*admin: 0x7099[\s\S]*checksummed it is 0x70997970C51812dc3A010C7d01b50e0d17dc79C8[\s\S]*--accept-lowercase/);
      expect(e.message).to.match(/nothing was sent/);
      const declined: DeployIo = { say: () => undefined, confirm: async () => false };
      const file = await parameterFile(p);
      await runDeploy(hre, options(file), declined).then(
        () => expect.fail("deployed after the operator said no"),
        (err: unknown) => expect(String((err as Error).message)).to.match(/without a checksum/),
      );
      let asked = "";
      const accepted: DeployIo = { say: () => undefined, confirm: async (q) => ((asked = q), true) };
      const plan = await runDeploy(hre, options(file, { dryRun: true }), accepted);
      expect(asked).to.match(/a typo in them would deploy silently[\s\S]*\[y\/N\]/);
      expect(plan.parameters.admin).to.equal(admin.address);
      expect((await runDeploy(hre, options(file, { dryRun: true, acceptLowercase: true }), silent)).dryRun).to.equal(true);
    });

    it("an address with a wrong checksum, even with --accept-lowercase", async function () {
      const typo = admin.address.replace("C51812dc3A", "c51812dc3A");
      await refused({ ...goodParameters(), admin: typo }, /admin: .*wrong checksum.*a typo, most likely/, { acceptLowercase: true });
    });

    it("text that is not an address, the zero address, and an account listed twice", async function () {
      await refused({ ...goodParameters(), merchantAdmin: "0x1234" }, /merchantAdmin: "0x1234" is not an address: an address is 0x and 40 hex digits/);
      await refused({ ...goodParameters(), fulfillers: ["0x0000000000000000000000000000000000000000"] }, /fulfillers\[0\]: the zero address cannot hold a role/);
      await refused({ ...goodParameters(), pausers: [pauser.address, pauser.address] }, /pausers\[1\]: .* is listed twice/);
    });

    it("a symbol or name out of range", async function () {
      await refused({ ...goodParameters(), symbol: "ACMEREWARDS12" }, /symbol: "ACMEREWARDS12" is 13 bytes; the token takes 1 to 11/);
      await refused({ ...goodParameters(), symbol: "AC ME" }, /symbol: .*contains a space/);
      await refused({ ...goodParameters(), name: "" }, /name: give the token's name/);
      await refused({ ...goodParameters(), merchantName: " Acme" }, /merchantName: .*starts or ends with spaces/);
    });

    it("a supply cap or quota that is not a whole number in range", async function () {
      await refused({ ...goodParameters(), supplyCap: "1e6" }, /supplyCap: "1e6" is not a whole number of points: write it as "1000000n"/);
      await refused({ ...goodParameters(), supplyCap: `${2n ** 248n}n` }, /supplyCap: .* is above the most points the token can hold/);
      await refused({ ...goodParameters(), issuers: [{ account: issuer.address, quota: "2000000n" }] }, /issuers\[0\]\.quota: 2000000 is above the supply cap \(1000000\)/);
      await refused({ ...goodParameters(), issuers: [{ account: issuer.address, quota: -5 }] }, /issuers\[0\]\.quota: -5 is not a whole number/);
      await refused({ ...goodParameters(), issuers: [{ account: issuer.address, quota: "0n" }] }, /issuers\[0\]\.quota: a quota of 0 issues nothing/);
    });

    it("an admin delay that is not sensible on a real chain", async function () {
      await refused({ ...goodParameters(), adminDelay: 0 }, /adminDelay: 0 seconds is too short[\s\S]*at least 3600/);
      await refused({ ...goodParameters(), adminDelay: 90 * 86400 }, /adminDelay: .*more than 30 days/);
      await refused({ ...goodParameters(), adminDelay: "3 days" }, /adminDelay: "3 days" is not a number of seconds/);
    });

    it("a misspelt or missing parameter, and a file that is not JSON", async function () {
      const { pausers, ...rest } = goodParameters();
      await refused({ ...rest, pauser: pausers }, /pauser: is not a parameter of PointsSystem \(a typo\?\)[\s\S]*pausers: missing: name it explicitly/);
      await refused({}, /is not valid JSON/, {}, "{ \"PointsSystem\": { \"name\": \"Acme\", } }");
      await refused({ ...goodParameters(), pausers: [] }, /pausers: no one could pause the system/);
    });

    it("an issuer that is also a pauser or the admin, and the deploying key in a role, unless --allow-shared-roles", async function () {
      await refused({ ...goodParameters(), pausers: [issuer.address] }, /issuer and pauser: 0x3C44.* is both[\s\S]*--allow-shared-roles/);
      await refused({ ...goodParameters(), admin: issuer.address }, /issuer and admin: 0x3C44.* is both/);
      await refused({ ...goodParameters(), merchantAdmin: deployer.address }, /merchant admin: .* is the deploying key/);
      const file = await parameterFile({ ...goodParameters(), pausers: [issuer.address] });
      const plan = await runDeploy(hre, options(file, { dryRun: true, allowSharedRoles: true }), silent);
      expect(plan.parameters.pausers).to.deep.equal([issuer.address]);
    });

    it("the deployment's own forwarder in a role, even with --allow-shared-roles", async function () {
      const forwarder = getCreateAddress({ from: deployer.address, nonce: await anvil.provider.getTransactionCount(deployer.address) });
      await refused({ ...goodParameters(), fulfillers: [forwarder] }, /fulfiller: .* is the forwarder this deployment creates \(PointsForwarder\): through it, anyone could use the role/, { allowSharedRoles: true });
    });

    it("a key that is not a private key, and a network variable that is not set", async function () {
      process.env.POINTS_DEPLOY_BAD_KEY = "0x1234";
      await refused(goodParameters(), /POINTS_DEPLOY_BAD_KEY does not hold a private key[\s\S]*0x and 64 hex digits/, { privateKeyEnv: "POINTS_DEPLOY_BAD_KEY" });
      delete process.env.POINTS_DEPLOY_BAD_KEY;
      const saved = { url: process.env.PRIVATE_RPC_URL, key: process.env.PRIVATE_DEPLOYER_KEY };
      delete process.env.PRIVATE_RPC_URL;
      try {
        await refused(goodParameters(), /network "private" needs PRIVATE_RPC_URL[\s\S]*keystore set PRIVATE_RPC_URL/, { network: "private", rpc: undefined, privateKeyEnv: undefined });
        process.env.PRIVATE_RPC_URL = anvil.url;
        process.env.PRIVATE_DEPLOYER_KEY = "not a key";
        await refused(goodParameters(), /PRIVATE_DEPLOYER_KEY does not hold a private key/, { network: "private", rpc: undefined, privateKeyEnv: undefined });
      } finally {
        for (const [k, v] of [["PRIVATE_RPC_URL", saved.url], ["PRIVATE_DEPLOYER_KEY", saved.key]] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    });

    it("a deployer without the coin for the deployment's gas, with the numbers", async function () {
      process.env.POINTS_DEPLOY_POOR_KEY = Wallet.createRandom().privateKey;
      try {
        await refused(goodParameters(), /the deployer 0x.* holds 0\.0 of the chain's coin; the deployment needs about 0\.\d+ \(\d+ gas at up to \d+ wei a unit\)[\s\S]*send it at least/, { privateKeyEnv: "POINTS_DEPLOY_POOR_KEY" });
      } finally {
        delete process.env.POINTS_DEPLOY_POOR_KEY;
      }
    });

    it("a node on another chain than expected, or no expected chain for a remote URL", async function () {
      await refused(goodParameters(), /the node at .* is chain 4242, not chain 1 as expected/, { chainId: 1 });
      await refused(goodParameters(), /which chain do you mean\? The node at .* is chain 4242[\s\S]*--chain-id 4242/, { chainId: undefined });
    });
  });

  describe("points that expire (ExpiringPointsSystem, chosen by the file's key)", function () {
    it("refuses an expiry that the token cannot hold or that reads as a typo", async function () {
      const file = (p: Record<string, unknown>) => JSON.stringify({ ExpiringPointsSystem: p });
      await refused({}, /validityEpochs: 5 is not a number of epochs from 1 to 4/, {}, file({ ...goodParameters(), epochSeconds: 7_776_000, validityEpochs: 5 }));
      await refused({}, /epochSeconds: 60 is not a number of seconds .* from 86400/, {}, file({ ...goodParameters(), epochSeconds: 60, validityEpochs: 4 }));
      await refused({}, /epochSeconds: missing/, {}, file({ ...goodParameters(), validityEpochs: 4 }));
      await refused({}, /PointsSystem: is not a module of this deployment/, {}, JSON.stringify({ PointsSystem: goodParameters(), ExpiringPointsSystem: goodParameters() }));
    });

    it("deploys ExpiringPointsToken with its epochs, and records which system it is", async function () {
      const raw = JSON.stringify({ ExpiringPointsSystem: { ...goodParameters(), epochSeconds: 7_776_000, validityEpochs: 4 } });
      const file = await parameterFile({}, raw);
      const result = await runDeploy(hre, options(file), silent);
      expect(result.module).to.equal("ExpiringPointsSystem");
      const expiring = new Contract(result.addresses.token, ["function epochLength() view returns (uint256)", "function validityDuration() view returns (uint256)"], anvil.provider);
      expect(await expiring.getFunction("epochLength")()).to.equal(7_776_000n);
      expect(await expiring.getFunction("validityDuration")()).to.equal(4n);
      expect(result.roles.map((h) => `${h.contract} ${h.role} ${h.account}`)).to.include(`token ISSUER_ROLE ${issuer.address}`);
      const record = JSON.parse(await readFile(result.record!, "utf8")) as { module: string; token: string };
      expect(record).to.include({ module: "ExpiringPointsSystem", token: result.addresses.token });
    });
  });

  describe("against anvil, as an operator runs it (no terminal)", function () {
    async function points(args: string[], env: Record<string, string> = {}) {
      const { code, output } = await runNode([pointsCli, ...args], env);
      return { code, output: output.trim() };
    }

    it("deploys through the private network with stdin closed, prints the roles, and later commands use its record without --rpc", async function () {
      const id = newDeploymentId();
      const file = await parameterFile(goodParameters());
      const env = { PRIVATE_RPC_URL: anvil.url, PRIVATE_CHAIN_ID: String(chainId), PRIVATE_DEPLOYER_KEY: deployer.privateKey };
      const { code, output } = await points(["deploy", "--network", "private", "--parameters", file, "--deployment-id", id, "--confirmations", "1"], env);
      expect(code, output).to.equal(0);
      expect(output).to.match(/deployed on chain 4242 \(private, http:\/\/127\.0\.0\.1:\d+\)/);
      expect(output).to.match(/token\s+ISSUER_ROLE\s+0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\s+quota 5000/);
      expect(output).to.match(/token\s+BURNER_ROLE\s+0x\w+\s+the mall/);
      expect(output).to.match(/mall\s+FULFILLER of merchant 1\s+0x90F79bf6EB2c4f870365E785982E1f101E93b906/);
      expect(output).to.match(/the deploying key 0xa0Ee…9720 holds no role/);
      expect(output).to.not.match(/Compiling|Compiled/);
      const record = JSON.parse(await readFile(path.join(projectRoot, ".points", `${id}.json`), "utf8")) as { rpcUrl: string; chainId: number; token: string };
      expect(record).to.include({ rpcUrl: anvil.url, chainId });
      const token = PointsToken__factory.connect(record.token, anvil.provider);
      expect(await token.symbol()).to.equal("ACME");

      // Later commands: --deployment alone finds the chain.
      const roles = await points(["--deployment", id, "roles", issuer.address]);
      expect(roles.output).to.equal("ISSUER_ROLE");
      expect((await points(["--deployment", id, "quota", issuer.address])).output).to.equal("5000 points left to issue");

      // Run again: nothing left to send, same addresses.
      const again = await points(["deploy", "--network", "private", "--parameters", file, "--deployment-id", id, "--confirmations", "1"], env);
      expect(again.code, again.output).to.equal(0);
      expect(again.output).to.match(/resuming the deployment[\s\S]*nothing left to send/);
      expect(again.output).to.include(record.token);
    });

    it("resumes a deployment killed while its first transaction was pending, sending each contract once", async function () {
      const slow = await startAnvil({ chainId, args: ["--no-mining"] });
      try {
        const id = newDeploymentId();
        const file = await parameterFile(goodParameters());
        const args = [pointsCli, "--rpc", slow.url, "--private-key-env", KEY_VAR, "deploy", "--parameters", file, "--chain-id", String(chainId), "--deployment-id", id, "--confirmations", "1"];
        const env = { ...process.env, [KEY_VAR]: deployer.privateKey };
        const first = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
        const firstOutput = collectOutput(first);
        const deadline = Date.now() + 60_000;
        while (!/sent PointsForwarder/.test(firstOutput.text())) {
          if (Date.now() > deadline || first.exitCode !== null) expect.fail(`the deploy did not send its first transaction:\n${firstOutput.text()}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        first.kill("SIGKILL");
        await new Promise((r) => first.once("exit", r));
        expect(existsSync(path.join(projectRoot, "ignition", "deployments", id, "deployed_addresses.json"))).to.equal(false);
        await slow.rpc("evm_mine");
        await slow.rpc("evm_setAutomine", [true]);

        const { code, output } = await runNode(args, { [KEY_VAR]: deployer.privateKey });
        expect(code, output).to.equal(0);
        expect(output).to.match(/resuming the deployment from Ignition's journal/);
        expect(output).to.include(`PointsForwarder  ${getCreateAddress({ from: deployer.address, nonce: 0 })}`);
        expect(await slow.provider.getTransactionCount(deployer.address), "a contract was deployed twice").to.equal(2);
      } finally {
        await slow.stop();
      }
    });
  });
});
