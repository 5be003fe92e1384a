import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import { PointsMall__factory, PointsToken__factory } from "../types/ethers-contracts/index.js";
import { demoSkus } from "../scripts/lib/demo.js";
import { projectRoot } from "../scripts/lib/deployment.js";

const tsxCli = path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs");
const deploymentId = "local-test";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => socket.end(() => resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Runs `npm start`'s script until it says it is running, checks the system, then stops it with Ctrl-C. */
async function startCheckAndStop(port: number): Promise<string> {
  const child = spawn(process.execPath, [tsxCli, "scripts/start.ts"], {
    cwd: projectRoot,
    env: { ...process.env, POINTS_PORT: String(port), POINTS_DEPLOYMENT_ID: deploymentId },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes("Press Ctrl-C to stop.")) {
          clearInterval(timer);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`start exited with ${child.exitCode}:\n${output}`));
        }
      }, 200);
    });

    const info = JSON.parse(await readFile(path.join(projectRoot, ".points", `${deploymentId}.json`), "utf8")) as {
      rpcUrl: string;
      chainId: number;
      token: string;
      mall: string;
    };
    expect(info.rpcUrl).to.equal(`http://127.0.0.1:${port}`);
    expect(output).to.include(info.token).and.include(info.mall).and.include("Chain id        31337");

    const provider = new JsonRpcProvider(info.rpcUrl, undefined, { staticNetwork: true });
    const token = PointsToken__factory.connect(info.token, provider);
    const mall = PointsMall__factory.connect(info.mall, provider);
    const skus = await mall.listSkus(1, 100);
    expect(skus.map((s) => s.price)).to.deep.equal(demoSkus.map((s) => s.price));
    expect(await token.symbol()).to.equal("MPT");
    const customer = /Demo customer\s+(0x[0-9a-fA-F]{40})/.exec(output)?.[1];
    expect(customer).to.not.equal(undefined);
    expect(await token.balanceOf(customer!)).to.equal(5_000n);
    expect((await mall.order(1)).status).to.equal(2n); // the seeded order, fulfilled
    provider.destroy();
  } finally {
    child.kill("SIGINT");
  }
  expect(await exited, output).to.equal(0);
  return output;
}

describe("npm start (local system, end to end)", function () {
  this.timeout(180_000);

  it("starts a chain, deploys, seeds the demo catalog, serves it, and stops on Ctrl-C; twice in a row", async function () {
    const port = await freePort();
    await startCheckAndStop(port);
    expect(await portAnswers(port)).to.equal(false);
    const second = await startCheckAndStop(port);
    expect(second).to.include("[4/4] ready");
    expect(await portAnswers(port)).to.equal(false);
  });

  it("refuses to start on a port that is in use, and says what to do", async function () {
    const server = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      const child = spawn(process.execPath, [tsxCli, "scripts/start.ts"], {
        cwd: projectRoot,
        env: { ...process.env, POINTS_PORT: String(port), POINTS_DEPLOYMENT_ID: deploymentId },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).to.equal(1);
      expect(output).to.include(`port ${port} on 127.0.0.1 is in use`).and.include("POINTS_PORT");
    } finally {
      server.close();
    }
  });
});
