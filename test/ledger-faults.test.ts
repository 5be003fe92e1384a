import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import { projectRoot } from "../scripts/lib/deployment.js";
import type { DatabaseConfig, LedgerDatabase } from "../src/indexer/database.js";
import { Indexer } from "../src/indexer/indexer.js";
import { silentLogger, type Logger } from "../src/indexer/log.js";
import { httpTransport } from "../src/indexer/rpc.js";
import { connectPoints, reconcile } from "../src/sdk/index.js";
import { bulkHistory, deployOnAnvil, startAnvil, type Anvil, type AnvilSystem } from "./helpers/anvil.js";
import { startCappingProxy } from "./helpers/capping-proxy.js";
import { eachDatabase } from "./helpers/databases.js";
import { dumpIndex } from "./helpers/ledger.js";
import { collectOutput } from "./helpers/processes.js";

const pointsBin = path.join(projectRoot, "bin", "points.mjs");

function indexerFor(database: LedgerDatabase, url: string, system: AnvilSystem, log: Logger = silentLogger, logs = {}): Indexer {
  const d = system.deployment;
  return new Indexer({ database, transport: httpTransport(url), deployment: { token: d.token, mall: d.mall, forwarder: d.forwarder, fromBlock: d.fromBlock }, pollIntervalMs: 50, logs, log });
}

async function freshIndex(kind: { open(c?: DatabaseConfig): Promise<LedgerDatabase> }, anvil: Anvil, system: AnvilSystem): Promise<Record<string, string[]>> {
  const database = await kind.open();
  const indexer = indexerFor(database, anvil.url, system);
  await indexer.start();
  await indexer.caughtUp();
  const dump = await dumpIndex(database);
  await indexer.stop();
  await database.close();
  return dump;
}

eachDatabase((kind) => {
  describe(`the indexer under faults [${kind.name}]`, function () {
    this.timeout(600_000);
    let anvil: Anvil | undefined;
    let dir = "";
    const cleanup: (() => Promise<void>)[] = [];
    beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), "points-faults-"))));
    afterEach(async () => {
      for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
      await anvil?.stop();
      anvil = undefined;
      rmSync(dir, { recursive: true, force: true });
    });

    it(`[${kind.name}] killed with SIGKILL mid-backfill, again and again, then restarted, ends with exactly the rows a fresh index has`, async function () {
      anvil = await startAnvil();
      const system = await deployOnAnvil(anvil);
      await bulkHistory(system, anvil, { batches: 30, size: 250 });
      const head = await anvil.provider.getBlockNumber();
      const file = path.join(dir, "deployment.json");
      writeFileSync(file, JSON.stringify(system.deployment));
      const config = await kind.fresh();
      const database = "url" in config && config.url !== undefined ? config.url : config.dataDir!;
      const args = [pointsBin, "--deployment", file, "index", "--database", database, "--max-log-blocks", "2"];
      const env = { ...process.env, POINTS_LOG_LEVEL: "debug" };
      const reached: number[] = [];
      for (let kill = 0; kill < 3; kill++) {
        const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
        cleanup.push(async () => void child.kill("SIGKILL"));
        const output = collectOutput(child);
        const exited = new Promise((r) => child.once("exit", r));
        // Kill it at a random moment once it has written a few ranges, whatever it is doing.
        const after = 2 + Math.floor(Math.random() * 4);
        while ((output.text().match(/"msg":"indexed"/g) ?? []).length < after) {
          if (child.exitCode !== null) throw new Error(`points index exited:\n${output.text()}`);
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
        }
        await new Promise((r) => setTimeout(r, Math.random() * 150));
        child.kill("SIGKILL");
        await exited;
        const last = [...output.text().matchAll(/"msg":"indexed".*?"to":(\d+)/g)].map((m) => Number(m[1])).pop() ?? 0;
        reached.push(last);
      }
      expect(reached[reached.length - 1]).to.be.below(head); // the kills came mid-backfill
      const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
      cleanup.push(async () => void child.kill("SIGKILL"));
      const output = collectOutput(child);
      const exited = new Promise<number | null>((r) => child.once("exit", r));
      const deadline = Date.now() + 240_000;
      while (![...output.text().matchAll(/"msg":"indexed".*?"to":(\d+)/g)].some((m) => Number(m[1]) === head)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`points index did not reach block ${head}:\n${output.text().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill("SIGTERM");
      expect(await exited, output.text().slice(-2000)).to.equal(0);
      expect(output.text()).to.include('"msg":"stopped"');

      const killed = await kind.open(config);
      const dump = await dumpIndex(killed);
      await killed.close();
      expect(dump.events!.length).to.be.above(7_500);
      expect(dump).to.deep.equal(await freshIndex(kind, anvil, system));
    });

    it(`[${kind.name}] behind a provider that caps getLogs and drops connections, indexes the same rows, with ranges that grow back`, async function () {
      anvil = await startAnvil();
      const system = await deployOnAnvil(anvil);
      await bulkHistory(system, anvil, { batches: 12, size: 200 });
      const proxy = await startCappingProxy(anvil.url, { maxBlocks: 8, maxResults: 500, dropRate: 0.1 });
      try {
        const database = await kind.open();
        const indexer = indexerFor(database, proxy.url, system, silentLogger, { initial: 1_000 });
        cleanup.push(async () => {
          await indexer.stop();
          await database.close();
        });
        await indexer.start();
        await indexer.caughtUp();
        const capped = await dumpIndex(database);
        await indexer.stop();
        await database.close();
        expect(proxy.stats.refusedRange).to.be.above(0);
        expect(proxy.stats.refusedResults).to.be.above(0);
        expect(proxy.stats.dropped).to.be.above(0);
        expect(capped).to.deep.equal(await freshIndex(kind, anvil, system));

        // The SDK's RPC path behind the same caps: the same books, in ranges that grew back
        // (a span halved for good would need a request per block or two).
        proxy.dropRate = 0;
        const blocks = (await anvil.provider.getBlockNumber()) - system.fromBlock + 1;
        const before = proxy.stats.getLogs;
        const direct = await reconcile(connectPoints(anvil.provider, { ...system.deployment }));
        const provider = new JsonRpcProvider(proxy.url, undefined, { staticNetwork: true, batchMaxCount: 1 });
        expect(await reconcile(connectPoints(provider, { ...system.deployment }))).to.deep.equal(direct);
        provider.destroy();
        const perQuery = (proxy.stats.getLogs - before) / 9; // reconcile reads nine kinds of event
        expect(perQuery).to.be.below(blocks / 2);
      } finally {
        await proxy.close();
      }
    });

    it(`[${kind.name}] detects a chain reset while running and at start, and rebuilds the index, never mixing two chains`, async function () {
      anvil = await startAnvil();
      const port = anvil.port;
      let system = await deployOnAnvil(anvil);
      await bulkHistory(system, anvil, { batches: 4, size: 50, seed: 1 });
      const config = await kind.fresh();
      const lines: string[] = [];
      const log: Logger = { ...silentLogger, warn: (m) => lines.push(m), child: () => log };
      let database = await kind.open(config);
      let indexer = indexerFor(database, anvil.url, system, log);
      cleanup.push(async () => {
        await indexer.stop();
        await database.close();
      });
      await indexer.start();
      await indexer.caughtUp();
      const first = await dumpIndex(database);

      // The chain restarts (a local node run again): same addresses, other blocks and history.
      await anvil.stop();
      anvil = await startAnvil({ port });
      system = await deployOnAnvil(anvil);
      await bulkHistory(system, anvil, { batches: 2, size: 70, seed: 2 });
      // The old index may end above the new head: wait for the rebuild, then for the new head.
      for (const deadline = Date.now() + 120_000; indexer.status.rebuilds < 1; ) {
        if (Date.now() > deadline) throw new Error(`no rebuild: ${indexer.status.lastError}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await indexer.caughtUp(await anvil.provider.getBlockNumber(), 120_000);
      expect(indexer.status.rebuilds).to.equal(1);
      expect(lines.some((l) => l.startsWith("chain reset"))).to.equal(true);
      const second = await dumpIndex(database);
      expect(second).to.not.deep.equal(first);
      expect(second).to.deep.equal(await freshIndex(kind, anvil, system));
      await indexer.stop();
      await database.close();

      // Restarted again while the indexer is down: seen at start.
      await anvil.stop();
      anvil = await startAnvil({ port });
      system = await deployOnAnvil(anvil);
      await bulkHistory(system, anvil, { batches: 3, size: 30, seed: 3 });
      lines.length = 0;
      database = await kind.open(config);
      indexer = indexerFor(database, anvil.url, system, log);
      await indexer.start();
      await indexer.caughtUp();
      expect(lines.some((l) => l.startsWith("chain reset"))).to.equal(true);
      expect(indexer.status.rebuilds).to.equal(2);
      expect(await dumpIndex(database)).to.deep.equal(await freshIndex(kind, anvil, system));
      await indexer.stop();
      await database.close();
    });
  });
});
