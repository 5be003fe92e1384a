import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import { EarningRules__factory, PointsMall__factory, PointsToken__factory, StatusPoints__factory } from "../types/ethers-contracts/index.js";
import { demoMechanics, demoSkus } from "../scripts/lib/demo.js";
import { projectRoot } from "../scripts/lib/deployment.js";
import { collectOutput, freePort, portAnswers, runNode, spawnStart, startLocalSystem } from "./helpers/processes.js";

const hardhatCli = path.join(projectRoot, "node_modules", "hardhat", "dist", "src", "cli.js");
const deploymentId = "local-test";

/** Runs `npm start`'s script until it says it is running, checks the system, then stops it with Ctrl-C. */
async function startCheckAndStop(port: number): Promise<string> {
  const { child, output, exited, apiUrl } = await startLocalSystem(deploymentId, port);
  try {
    const info = JSON.parse(await readFile(path.join(projectRoot, ".points", `${deploymentId}.json`), "utf8")) as {
      rpcUrl: string;
      chainId: number;
      token: string;
      mall: string;
      forwarder: string;
      relayUrl: string;
      rules: string[];
      status: string;
    };
    expect(info.rpcUrl).to.equal(`http://127.0.0.1:${port}`);
    expect(output.text()).to.include(info.token).and.include(info.mall).and.include("Chain id        31337");

    const provider = new JsonRpcProvider(info.rpcUrl, undefined, { staticNetwork: true });
    const token = PointsToken__factory.connect(info.token, provider);
    const mall = PointsMall__factory.connect(info.mall, provider);
    const skus = await mall.listSkus(1, 100);
    expect(skus.map((s) => s.price)).to.deep.equal(demoSkus.map((s) => s.price));
    expect(await token.symbol()).to.equal("MPT");
    const customer = /Demo customer\s+(0x[0-9a-fA-F]{40})/.exec(output.text())?.[1];
    expect(customer).to.not.equal(undefined);
    expect(await token.balanceOf(customer!)).to.equal(5_000n);
    expect((await mall.order(1)).status).to.equal(2n); // the seeded order, fulfilled

    // Merchant 1's earning rules and the status points: the customer has points pending and a tier.
    expect(info.rules).to.have.length(1);
    expect(output.text())
      .to.include(`Earning rules   ${info.rules[0]}  (merchant 1: 1 MPT per 1 spent, pending 14 days)`)
      .and.include(`Status points   ${info.status}  (MST; tiers Silver 1000, Gold 5000)`);
    const rules = EarningRules__factory.connect(info.rules[0]!, provider);
    const status = StatusPoints__factory.connect(info.status, provider);
    expect(await rules.pendingOf(customer!)).to.equal(demoMechanics.purchase.spend);
    expect(await token.issuerQuota(info.rules[0]!)).to.equal(demoMechanics.rulesQuota);
    expect(await status.balanceOf(customer!)).to.equal(demoMechanics.statusPoints);
    expect(await status.tierOf(customer!)).to.equal(1n); // Silver
    // The CLI finds the status points in the deployment file: no --status needed.
    const pointsStatus = await runNode([path.join(projectRoot, "bin", "points.mjs"), "--deployment", deploymentId, "status", customer!], {});
    expect(pointsStatus.code, pointsStatus.output).to.equal(0);
    expect(pointsStatus.output).to.include("Silver");

    // The relay runs, for this deployment's forwarder, and the gasless customer has points and no coin.
    const relay = (await (await fetch(info.relayUrl)).json()) as { forwarder: string; targets: { token: string; mall: string; rules: string[] } };
    expect(relay.forwarder).to.equal(info.forwarder);
    expect(relay.targets).to.deep.equal({ token: info.token, mall: info.mall, rules: info.rules });
    expect(await token.isTrustedForwarder(info.forwarder)).to.equal(true);
    const gasless = /Gasless customer\s+(0x[0-9a-fA-F]{40})/.exec(output.text())?.[1];
    expect(gasless).to.not.equal(undefined);
    expect(await token.balanceOf(gasless!)).to.equal(2_000n);
    expect(await provider.getBalance(gasless!)).to.equal(0n);
    provider.destroy();

    // The README's tour runs against it.
    const tour = await runNode([hardhatCli, "run", "scripts/tour.ts", "--network", "localhost"], {
      POINTS_PORT: String(port),
      POINTS_DEPLOYMENT_ID: deploymentId,
    });
    expect(tour.code, tour.output).to.equal(0);
    expect(tour.output)
      .to.include("-> Fulfilled")
      .and.include("-> 160 MPT refunded")
      .and.include("refused: PriceAboveMax(4, 600, 500)")
      .and.match(/gasless customer 0x8C32…d43D \(0 ETH\) redeems 1 x Pastry\s+-> order #4, gas paid by relayer 0x8626…1199; it holds 0\.0 ETH/)
      .and.match(/the till reports a purchase of 2000 \(receipt till-0042\)\s+-> 200 points pending until/)
      .and.include("-> 50 pending points cancelled, 150 still pending")
      .and.include("-> 150 spendable; 150 status points, tier Silver")
      .and.include("-> 0 FLASH: expired (totalSupply 0)")
      .and.include("balance on chain: 4550 MPT (matches the history)")
      .and.match(/totalSupply \d+: balanced/);

    // The ledger runs on the embedded database: it has indexed the tour, and its books balance.
    expect(output.text()).to.include(`Ledger API      ${apiUrl}`);
    const chain = new JsonRpcProvider(info.rpcUrl, undefined, { staticNetwork: true });
    const head = await chain.getBlockNumber();
    for (let tries = 0; ; tries++) {
      const health = (await (await fetch(`${apiUrl}/health`)).json()) as { indexedBlock: number; database: { kind: string } };
      expect(health.database.kind).to.equal("pglite");
      if (health.indexedBlock >= head) break;
      if (tries > 100) throw new Error(`the ledger did not reach block ${head}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const books = (await (await fetch(`${apiUrl}/books`)).json()) as { differences: string[]; totalSupply: string };
    expect(books.differences).to.deep.equal([]);
    expect(BigInt(books.totalSupply)).to.equal(await PointsToken__factory.connect(info.token, chain).totalSupply());
    chain.destroy();
  } finally {
    child.kill("SIGINT");
  }
  expect(await exited, output.text()).to.equal(0);
  return output.text();
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
      const child = spawnStart(deploymentId, port, await freePort(), await freePort());
      const output = collectOutput(child);
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).to.equal(1);
      expect(output.text()).to.include(`port ${port} on 127.0.0.1 is in use`).and.include("POINTS_PORT");
    } finally {
      server.close();
    }
  });
});
