import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { encodeBytes32String, getAddress, id, NonceManager, type Signer } from "ethers";
import { PointsMall__factory, PointsToken__factory, type PointsMall, type PointsToken } from "../types/ethers-contracts/index.js";
import { projectRoot } from "../scripts/lib/deployment.js";
import { BATCH_ISSUED_TOPIC } from "../src/migrate/target.js";
import { startAnvil, testAccount, type Anvil } from "./helpers/anvil.js";
import { collectOutput, runNode } from "./helpers/processes.js";

const pointsCli = path.join(projectRoot, "bin", "points.mjs");
const HOLDERS = 3_000;
const [admin, oldIssuer, staff, migrator] = [testAccount(1), testAccount(2), testAccount(3), testAccount(4)];
const customers = [5, 6, 7, 8].map(testAccount);
const ids = {
  old: `test-migrate-old-${process.pid}`,
  next: `test-migrate-new-${process.pid}`,
  other: `test-migrate-other-${process.pid}`,
  expiring: `test-migrate-expiring-${process.pid}`,
};
const holders = Array.from({ length: HOLDERS }, (_, i) => getAddress(id(`migrate-holder-${i}`).slice(0, 42)));

function systemParameters(issuer: string, pauser: string, expiring = false): object {
  const expiry = expiring ? { epochSeconds: 86_400, validityEpochs: 4 } : {};
  return {
    [expiring ? "ExpiringPointsSystem" : "PointsSystem"]: {
      ...expiry,
      name: "Mall Points", symbol: "MPT", supplyCap: "0n", admin: admin.address, adminDelay: 0,
      issuers: [{ account: issuer, quota: "1000000000000n" }], pausers: [pauser],
      merchantName: "Demo Store", merchantAdmin: admin.address, catalogManagers: [staff.address], fulfillers: [staff.address],
    },
  };
}

describe("points migrate, end to end on anvil with 3,000 holders", function () {
  this.timeout(600_000);
  let anvil: Anvil;
  let workDir: string;
  let oldToken: PointsToken;
  let oldMall: PointsMall;
  let newToken: PointsToken;
  const signer = (i: Signer) => new NonceManager(i.connect(anvil.provider));

  async function points(args: string[]) {
    const { code, output } = await runNode([pointsCli, ...args], {});
    return { code, output: output.trim() };
  }

  async function deploy(deploymentId: string, issuer: string, pauser: string, expiring = false): Promise<{ token: string; mall: string }> {
    const file = path.join(workDir, `${deploymentId}.json`);
    await writeFile(file, JSON.stringify(systemParameters(issuer, pauser, expiring)));
    const r = await points(["--rpc", anvil.url, "--account", "9", "deploy", "--parameters", file, "--chain-id", "31337", "--deployment-id", deploymentId, "--confirmations", "1"]);
    expect(r.code, r.output).to.equal(0);
    return JSON.parse(await readFile(path.join(projectRoot, ".points", `${deploymentId}.json`), "utf8")) as { token: string; mall: string };
  }

  before(async function () {
    anvil = await startAnvil({ chainId: 31337 });
    workDir = await mkdtemp(path.join(tmpdir(), "points-migrate-"));
    const old = await deploy(ids.old, oldIssuer.address, migrator.address);
    const next = await deploy(ids.next, migrator.address, admin.address);
    oldToken = PointsToken__factory.connect(old.token, anvil.provider);
    oldMall = PointsMall__factory.connect(old.mall, anvil.provider);
    newToken = PointsToken__factory.connect(next.token, anvil.provider);

    // The live program: 3,000 holders issued in batches, customers who transfer and redeem,
    // and points lost to the mall's address (the token refuses its own address).
    const issuer = oldToken.connect(signer(oldIssuer));
    for (let first = 0; first < HOLDERS; first += 500) {
      const slice = holders.slice(first, first + 500);
      await (await issuer.issueBatch(slice, slice.map((_, i) => BigInt(1 + (((first + i) * 7919) % 10_000))), id(`setup-${first}`))).wait();
    }
    for (const c of customers) await (await issuer.issue(c.address, 10_000n, encodeBytes32String("welcome"))).wait();
    const [c5, c6, , c8] = customers.map((c) => oldToken.connect(signer(c)));
    await (await c5!.transfer(holders[0]!, 250n)).wait();
    await (await c6!.transfer(customers[0]!.address, 75n)).wait();
    await (await c8!.transfer(await oldMall.getAddress(), 100n)).wait();
    const catalog = oldMall.connect(signer(staff));
    await (await catalog.createCategory(1, "Goods")).wait();
    await (await catalog.createSku({ categoryId: 1, price: 100, stock: 100, unlimited: false, perWalletLimit: 0, saleStart: 0, saleEnd: 0, active: true, metadataURI: "" })).wait();
    const [m5, m6, m7] = customers.map((c) => oldMall.connect(signer(c)));
    await (await m5!.redeem(1, 2, 100)).wait(); // order 1: stays Placed (200 points)
    await (await m6!.redeem(1, 1, 100)).wait(); // order 2: fulfilled
    await (await m7!.redeem(1, 3, 100)).wait(); // order 3: cancelled and refunded
    await (await m5!.redeem(1, 1, 100)).wait(); // order 4: stays Placed (100 points)
    await (await catalog.createSku({ categoryId: 1, price: 50, stock: 100, unlimited: false, perWalletLimit: 0, saleStart: 0, saleEnd: 0, active: true, metadataURI: "" })).wait();
    // order 5: a cart of two lines (one OrderPlaced each, one order id), stays Placed (200 points)
    await (await m6!.redeemCart([{ skuId: 1, qty: 1, maxPricePerUnit: 100 }, { skuId: 2, qty: 2, maxPricePerUnit: 50 }])).wait();
    await (await catalog.fulfil(2, encodeBytes32String("DHL-1"))).wait();
    await (await catalog.cancel(3, encodeBytes32String("out of stock"))).wait();
  });

  after(async function () {
    await anvil?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
    for (const deploymentId of Object.values(ids)) {
      await rm(path.join(projectRoot, "ignition", "deployments", deploymentId), { recursive: true, force: true });
      await rm(path.join(projectRoot, ".points", `${deploymentId}.json`), { force: true });
    }
  });

  const migrate = (...extra: string[]) => ["--account", "4", "migrate", "--from", ids.old, "--to", ids.next, "--state", path.join(workDir, "state"), ...extra];

  it("a dry run reads the books and checks the new side, and pauses and sends nothing", async function () {
    const nonce = await anvil.provider.getTransactionCount(migrator.address);
    const r = await points(migrate("--dry-run"));
    expect(r.code, r.output).to.equal(0);
    expect(r.output).to.match(/at block \d+ \(the latest block: the old token is not paused yet, and a real run pauses it first\)/);
    expect(r.output).to.match(/3004 holders, \d+ points to carry over in 7 batch\(es\)/);
    expect(r.output).to.match(/3 open order\(s\) hold 500 points: refunded to their buyers/);
    expect(r.output).to.match(/not carried over: 0x\w+ holds 100 points: the old mall's address/);
    expect(r.output).to.include("nothing was sent and nothing paused");
    expect(await anvil.provider.getTransactionCount(migrator.address)).to.equal(nonce);
    expect(await oldToken.paused()).to.equal(false);
  });

  it("refuses a key that is not an issuer of the new token, or whose quota is short, before pausing anything", async function () {
    const block = await anvil.provider.getBlockNumber();
    const notIssuer = await points(["--account", "5", "migrate", "--from", ids.old, "--to", ids.next, "--state", path.join(workDir, "refused")]);
    expect(notIssuer.code).to.equal(1);
    expect(notIssuer.output).to.match(/error: 0x9965.* is not an issuer of the new token 0x\w+: it cannot issue the migrated points; nothing was sent\n\s+.*grant ISSUER_ROLE/);
    const tokenAdmin = newToken.connect(signer(admin));
    await (await tokenAdmin.setIssuerQuota(migrator.address, 1_000n)).wait();
    const short = await points(migrate());
    expect(short.code).to.equal(1);
    expect(short.output).to.match(/issuer 0x15d3.* may issue 1000 more points on the new token; the migration needs \d+ \(the old token's supply now/);
    await (await tokenAdmin.setIssuerQuota(migrator.address, 10n ** 12n)).wait();
    expect(await oldToken.paused()).to.equal(false);
    expect(await anvil.provider.getBlockNumber()).to.equal(block + 2); // only the two quota changes
  });

  it("migrates, survives kill -9 midway, and the rerun finishes with equal books and no holder credited twice", async function () {
    // Blocks every second: the kill lands while a batch is pending.
    await anvil.rpc("evm_setAutomine", [false]);
    await anvil.rpc("evm_setIntervalMining", [1]);
    const first = spawn(process.execPath, [pointsCli, ...migrate()], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
    const firstOutput = collectOutput(first);
    const deadline = Date.now() + 120_000;
    while (!/batch 1\/7 sent/.test(firstOutput.text())) {
      if (Date.now() > deadline || first.exitCode !== null) expect.fail(`the migration did not send a batch:\n${firstOutput.text()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    expect(firstOutput.text()).to.not.match(/books balance/);

    const r = await points(migrate());
    expect(r.code, r.output).to.equal(0);
    expect(r.output).to.match(/at block (\d+) \(the block of the migration started in/);
    expect(r.output).to.match(/[1-6] batch\(es\) issued before/);
    expect(r.output).to.match(/holders\s+3004\s+3004 credited exactly their row/);
    expect(r.output).to.include("the books balance: the new books equal the old ones at the snapshot block");
    await anvil.rpc("evm_setAutomine", [true]);

    const state = JSON.parse(await readFile(path.join(workDir, "state", "state.json"), "utf8")) as { snapshotBlock: number; batches: { ref: string }[] };
    const at = state.snapshotBlock;
    expect(await oldToken.paused({ blockTag: at })).to.equal(true);
    // Independently of the tool: each holder's new balance is its old balance at the snapshot
    // plus the points of its Placed orders; the mall's address gets nothing.
    const orders = await oldMall.listOrders(1, 100, { blockTag: at });
    const inOrders = new Map<string, bigint>();
    for (const o of orders) if (o.status === 1n) inOrders.set(o.buyer, (inOrders.get(o.buyer) ?? 0n) + o.pointsPaid);
    expect(inOrders.get(customers[0]!.address)).to.equal(300n);
    expect(inOrders.get(customers[1]!.address), "the cart's two lines").to.equal(200n);
    const everyone = [...holders, ...customers.map((c) => c.address)];
    for (let i = 0; i < everyone.length; i += 200) {
      await Promise.all(
        everyone.slice(i, i + 200).map(async (holder) => {
          const expected = (await oldToken.balanceOf(holder, { blockTag: at })) + (inOrders.get(holder) ?? 0n);
          expect(await newToken.balanceOf(holder), holder).to.equal(expected);
        }),
      );
    }
    expect(await newToken.balanceOf(await oldMall.getAddress())).to.equal(0n);
    expect(await newToken.totalSupply()).to.equal((await oldToken.totalSupply({ blockTag: at })) + 500n - 100n);
    const events = await anvil.provider.getLogs({ address: await newToken.getAddress(), topics: [BATCH_ISSUED_TOPIC], fromBlock: 0 });
    expect(events.map((e) => e.topics[2])).to.have.members(state.batches.map((b) => b.ref)).and.have.lengthOf(7);
    const rows = (await readFile(path.join(workDir, "state", "rows.csv"), "utf8")).trim().split("\n");
    expect(rows).to.have.lengthOf(3005);
  });

  it("a rerun after the end sends nothing and shows the same books; other choices are refused", async function () {
    const nonce = await anvil.provider.getTransactionCount(migrator.address);
    const again = await points(migrate());
    expect(again.code, again.output).to.equal(0);
    expect(again.output).to.match(/7 batch\(es\) issued before, 0 to send/);
    expect(again.output).to.include("the books balance");
    const otherBlock = await points(migrate("--at-block", "5"));
    expect(otherBlock.output).to.match(/error: --at-block 5 \(the state says \d+\) differs from the migration started in/);
    // Lost state, other batch size: the batches already issued are not this plan's.
    const lost = await points(["--account", "4", "migrate", "--from", ids.old, "--to", ids.next, "--state", path.join(workDir, "lost"), "--batch-size", "400"]);
    expect(lost.code).to.equal(1);
    expect(lost.output).to.match(/already issued 7 batch\(es\) on the new token that this migration did not plan[\s\S]*would credit its holders twice/);
    expect(await anvil.provider.getTransactionCount(migrator.address)).to.equal(nonce);
  });

  it("refuses a snapshot the old books moved after: a block before the pause, or an unpause since", async function () {
    const state = JSON.parse(await readFile(path.join(workDir, "state", "state.json"), "utf8")) as { snapshotBlock: number };
    const before = await points(["--account", "4", "migrate", "--from", ids.old, "--to", ids.next, "--state", path.join(workDir, "early"), "--at-block", String(state.snapshotBlock - 1)]);
    expect(before.output).to.match(/error: the old token was not paused at block \d+: its balances could still change after it; nothing was sent/);
    const pauser = oldToken.connect(signer(migrator));
    await (await pauser.unpause()).wait();
    await (await pauser.pause()).wait();
    const moved = await points(migrate());
    expect(moved.code).to.equal(1);
    expect(moved.output).to.match(/error: the old token was unpaused after block \d+ \(in block \d+\): its books moved after the snapshot; nothing was sent/);
  });

  it("--carry-orders lists the open orders instead of refunding them, and says why they cannot be recreated", async function () {
    const other = await deploy(ids.other, migrator.address, admin.address);
    expect(other.token).to.not.equal(await newToken.getAddress());
    const r = await points(["--account", "4", "migrate", "--from", ids.old, "--to", ids.other, "--carry-orders", "--dry-run"]);
    expect(r.code, r.output).to.equal(0);
    expect(r.output).to.match(/at block \d+ \(where the old token was paused\)/);
    expect(r.output).to.match(/3 open order\(s\) hold 500 points: carried over for you to settle \(not refunded\); recreating orders on the new mall is not possible without its catalog/);
    expect(r.output).to.match(/1\s+0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc\s+200/);
    expect(r.output).to.match(/5\s+0x976EA74026E726554dB657fA54763abd0C3a0aa9\s+200/);
  });

  it("refuses to migrate from a token whose points expire, before anything is sent", async function () {
    await deploy(ids.expiring, oldIssuer.address, migrator.address, true);
    const nonce = await anvil.provider.getTransactionCount(migrator.address);
    const r = await points(["--account", "4", "migrate", "--from", ids.expiring, "--to", ids.other]);
    expect(r.code).to.equal(1);
    expect(r.output).to.match(/error: the old token's points expire \(ERC-7818\): its transfers do not show which points are still valid; nothing was sent/);
    expect(await anvil.provider.getTransactionCount(migrator.address)).to.equal(nonce);
  });
});
