import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { demoAccounts, demoWallet } from "../scripts/lib/demo.js";
import { projectRoot } from "../scripts/lib/deployment.js";
import { collectOutput, startLocalSystem, type LocalSystem } from "./helpers/processes.js";

const deploymentId = "local-package";

/** Runs a command to completion in `cwd`; its output goes into the error if it fails. */
async function exec(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output = collectOutput(child);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}:\n${output.text()}`);
  return output.text();
}

/** What a merchant's developer writes: plain JavaScript, the installed package, no TypeScript loader. */
const SCRIPT = `
import { JsonRpcProvider, Wallet } from "ethers";
import { connectPoints, history, issue, redeem, shortAddress, InvalidInputError } from "points-mall/sdk";
import { readDeploymentFile } from "points-mall/sdk/node";

const deployment = readDeploymentFile(process.env.DEPLOYMENT_FILE);
const provider = new JsonRpcProvider(deployment.rpcUrl, undefined, { staticNetwork: true });
const issuer = connectPoints(new Wallet(process.env.ISSUER_KEY, provider), deployment);
const customer = connectPoints(new Wallet(process.env.CUSTOMER_KEY, provider), deployment);
const to = await customer.signer.getAddress();

const issued = await issue(issuer, { to, amount: 25n, ref: "pack-test-1" });
const order = await redeem(customer, { skuId: 3, qty: 1 });
const moves = await history(customer, to);
let refused = "";
try {
  await issue(issuer, { to: deployment.mall, amount: 1n, ref: "pack-test-2" });
} catch (error) {
  refused = error instanceof InvalidInputError ? error.message : "not an InvalidInputError";
}
console.log(JSON.stringify({
  issuedIn: issued.blockNumber,
  orderId: String(order.orderId),
  pointsPaid: String(order.pointsPaid),
  last: moves.slice(-2).map((m) => [m.kind, String(m.points), m.ref]),
  short: shortAddress(to),
  refused,
}));
provider.destroy();
`;

describe("the SDK as a package a merchant's developer installs (npm pack, plain node)", function () {
  this.timeout(600_000);
  let system: LocalSystem;
  let dir: string;

  before(async function () {
    system = await startLocalSystem(deploymentId);
    dir = await mkdtemp(path.join(tmpdir(), "points-sdk-package-"));
  });

  after(async function () {
    system?.child.kill("SIGINT");
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("builds, packs the built SDK only, installs into a scratch project, and issues, redeems and reads history", async function () {
    await exec(process.execPath, [path.join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.sdk.json"], projectRoot);
    const packed = JSON.parse(await exec("npm", ["pack", "--json", "--pack-destination", dir], projectRoot)) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).to.include.members(["package.json", "dist/sdk/src/sdk/index.js", "dist/sdk/src/sdk/index.d.ts", "dist/sdk/types/ethers-contracts/factories/contracts/PointsToken__factory.js"]);
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts")), "TypeScript sources shipped").to.deep.equal([]);
    expect(files.filter((f) => !f.startsWith("dist/sdk/") && !["package.json", "README.md", "docs/sdk.md", "LICENSE"].includes(f)), "files outside the SDK").to.deep.equal([]);
    for (const f of files.filter((f) => f.endsWith(".js"))) {
      expect(await readFile(path.join(projectRoot, f), "utf8"), f).to.not.match(/from "hardhat|require\("hardhat/);
    }

    const scratch = path.join(dir, "merchant-app");
    await exec("mkdir", ["-p", scratch], dir);
    await writeFile(path.join(scratch, "package.json"), JSON.stringify({ name: "merchant-app", private: true, type: "module" }));
    await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", path.join(dir, packed[0]!.filename)], scratch);
    expect(await readdir(path.join(scratch, "node_modules", "points-mall"))).to.include("dist").and.not.include("src");
    await writeFile(path.join(scratch, "app.mjs"), SCRIPT);

    const out = await exec(process.execPath, ["app.mjs"], scratch, {
      DEPLOYMENT_FILE: path.join(projectRoot, ".points", `${deploymentId}.json`),
      ISSUER_KEY: demoWallet(demoAccounts.issuer).privateKey,
      CUSTOMER_KEY: demoWallet(demoAccounts.customer).privateKey,
    });
    const result = JSON.parse(out.trim().split("\n").at(-1)!) as { orderId: string; pointsPaid: string; last: string[][]; short: string; refused: string };
    expect(result.pointsPaid).to.equal("80");
    expect(result.last).to.deep.equal([
      ["issued", "25", "pack-test-1"],
      ["redeemed", "-80", `order #${result.orderId}`],
    ]);
    expect(result.short).to.match(/^0x90F7…b906$/);
    expect(result.refused).to.match(/^to: 0x\w+ is the mall contract$/);
  });
});
