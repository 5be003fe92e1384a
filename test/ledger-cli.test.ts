import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { projectRoot } from "../scripts/lib/deployment.js";
import { demoWallet } from "../scripts/lib/demo.js";
import { bulkHistory, deployOnAnvil, startAnvil, type Anvil, type AnvilSystem } from "./helpers/anvil.js";
import { eachDatabase } from "./helpers/databases.js";
import { collectOutput, freePort, runNode } from "./helpers/processes.js";

const pointsBin = path.join(projectRoot, "bin", "points.mjs");

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

eachDatabase((kind) => {
  describe(`points serve, index, webhooks and --indexer [${kind.name}]`, function () {
    this.timeout(300_000);
    let anvil: Anvil;
    let system: AnvilSystem;
    let dir: string;
    let file: string;
    let serve: ChildProcess | undefined;
    let database: string;
    let api = "";

    before(async function () {
      anvil = await startAnvil();
      system = await deployOnAnvil(anvil);
      await bulkHistory(system, anvil, { batches: 3, size: 20 });
      dir = mkdtempSync(path.join(tmpdir(), "points-serve-"));
      // A unique name: the CLI remembers the indexer per deployment, in the project's .points/.
      file = path.join(dir, `serve-${kind.name.replace(/\W/g, "")}-${process.pid}.json`);
      writeFileSync(file, JSON.stringify(system.deployment));
      const config = await kind.fresh();
      database = "url" in config && config.url !== undefined ? config.url : config.dataDir!;
    });
    after(async () => {
      serve?.kill("SIGKILL");
      await anvil?.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const points = (args: string[], env: Record<string, string> = {}) => runNode([pointsBin, "--deployment", file, ...args], env);

    it(`[${kind.name}] points serve runs the indexer, the API and the relay from one config file, with health endpoints and JSON logs`, async function () {
      const [apiPort, relayPort] = [await freePort(), await freePort()];
      const configFile = path.join(dir, "serve.json");
      writeFileSync(configFile, JSON.stringify({
        database, api: { port: apiPort }, web: false, relay: { port: relayPort, keyEnv: "TEST_RELAY_KEY" }, allowOrigins: ["http://shop.example"],
        indexer: { confirmations: 1, pollIntervalMs: 100, overIssuance: { points: "1000000", windowSeconds: 3600 } },
      }));
      serve = spawn(process.execPath, [pointsBin, "--deployment", file, "serve", "--config", configFile], {
        cwd: projectRoot, env: { ...process.env, TEST_RELAY_KEY: demoWallet(9).privateKey }, stdio: ["ignore", "pipe", "pipe"],
      });
      const output = collectOutput(serve);
      await until(() => output.text().includes('"msg":"serving"') || serve!.exitCode !== null, "points serve to start");
      expect(serve.exitCode, output.text()).to.equal(null);
      api = `http://127.0.0.1:${apiPort}`;
      await until(async () => ((await (await fetch(`${api}/health`)).json()) as { lagBlocks: number }).lagBlocks === 0, "the index to catch up");
      const health = (await (await fetch(`${api}/health`)).json()) as { status: string; confirmations: number; database: { kind: string } };
      expect([health.status, health.confirmations, health.database.kind]).to.deep.equal(["ok", 1, kind.name === "PGlite" ? "pglite" : "postgres"]);
      expect((await fetch(`${api}/health/ready`)).status).to.equal(200);
      const relay = (await (await fetch(`http://127.0.0.1:${relayPort}/`)).json()) as { forwarder: string };
      expect(relay.forwarder).to.equal(system.forwarder);
      for (const line of output.text().trim().split("\n")) expect(() => JSON.parse(line), line).to.not.throw();
    });

    it(`[${kind.name}] points webhooks add, list, deliveries and remove work while points serve holds the database`, async function () {
      const added = await points(["--json", "webhooks", "add", "https://hooks.example/points", "--events", "order.placed,points.issued"]);
      expect(added.code, added.output).to.equal(0);
      const sub = JSON.parse(added.output) as { id: string; secret: string; events: string[] };
      expect(sub.events).to.deep.equal(["order.placed", "points.issued"]);
      expect(sub.secret).to.match(/^whsec_/);
      const listed = await points(["webhooks", "list"]);
      expect(listed.output).to.include(sub.id).and.include("https://hooks.example/points");
      expect((await points(["webhooks", "deliveries"])).output).to.include("no deliveries yet");
      const bad = await points(["webhooks", "add", "ftp://x", "--events", "order.lost"]);
      expect(bad.code).to.equal(1);
      expect(bad.output).to.include("url: ftp: is not http or https");
      const removed = await points(["webhooks", "remove", sub.id]);
      expect(removed.output).to.include(`removed webhook ${sub.id}`);
      expect((await points(["webhooks", "remove", sub.id])).output).to.include(`no webhook subscription ${sub.id}`);
    });

    it(`[${kind.name}] --indexer reads print what the chain gives, are remembered, and fall back with a one-line note`, async function () {
      const customer = demoWallet(5).address; // a customer of bulkHistory: issued, redeemed and sent
      const fromChain = await points(["--indexer", "off", "--json", "history", customer]);
      const viaApi = await points(["--indexer", api, "--json", "history", customer]);
      expect(viaApi.code, viaApi.output).to.equal(0);
      expect(JSON.parse(viaApi.output)).to.deep.equal(JSON.parse(fromChain.output));
      // Remembered: the next command reads through it without being told.
      const orders = await points(["--json", "orders", "--buyer", customer]);
      expect(JSON.parse(orders.output)).to.deep.equal(JSON.parse((await points(["--indexer", "off", "--json", "orders", "--buyer", customer])).output));
      const books = await points(["--indexer", api, "reconcile"]);
      expect(books.code, books.output).to.equal(0);
      expect(books.output).to.include("the books balance");
      const down = await points(["--indexer", "http://127.0.0.1:9", "--json", "history", customer]);
      expect(down.code).to.equal(0);
      const [note, ...rest] = down.output.split("\n");
      expect(note).to.match(/^note: the indexer at http:\/\/127\.0\.0\.1:9 did not answer .*; reading from the chain$/);
      expect(JSON.parse(rest.join("\n"))).to.deep.equal(JSON.parse(fromChain.output));
      await points(["--indexer", "off", "balance", customer]);
    });

    it(`[${kind.name}] points serve --api-only answers from the database the running serve indexes; a second indexer is refused`, async function () {
      const port = await freePort();
      const reader = spawn(process.execPath, [pointsBin, "--deployment", file, "serve", "--api-only", "--no-web", "--no-relay", "--api-port", String(port), "--config", path.join(dir, "serve.json")], {
        cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"],
      });
      const out = collectOutput(reader);
      try {
        await until(() => out.text().includes('"msg":"serving"') || reader.exitCode !== null, "the reader to start");
        if (kind.name === "PGlite") {
          // PGlite is one process's database: a reader beside the indexer is refused with what to do.
          await new Promise((r) => (reader.exitCode !== null ? r(undefined) : reader.once("exit", r)));
          expect(reader.exitCode).to.equal(1);
          expect(out.text()).to.include("is in use by process").and.include("PostgreSQL");
          return;
        }
        expect(reader.exitCode, out.text()).to.equal(null);
        const readerApi = `http://127.0.0.1:${port}`;
        const get = async (base: string, p: string) => (await (await fetch(`${base}${p}`)).json()) as Record<string, unknown>;
        expect(await get(readerApi, "/books")).to.deep.equal(await get(api, "/books"));
        const [ours, theirs] = [await get(readerApi, "/health"), await get(api, "/health")];
        expect(ours.indexedBlock).to.equal(theirs.indexedBlock);
        expect(ours.indexer).to.equal(null, "the reader runs no indexer");
        const second = await points(["index", "--database", database]);
        expect(second.code).to.equal(1);
        expect(second.output).to.include("is in use by another indexer").and.include("points serve --api-only");
      } finally {
        reader.kill("SIGTERM");
        if (reader.exitCode === null) await new Promise((r) => reader.once("exit", r));
      }
    });

    it(`[${kind.name}] points serve stops on SIGTERM: the range being written commits, the database closes, exit 0`, async function () {
      const output = collectOutput(serve!);
      const exited = new Promise<number | null>((r) => serve!.once("exit", r));
      serve!.kill("SIGTERM");
      expect(await exited, output.text()).to.equal(0);
      expect(output.text()).to.include('"msg":"stopping"').and.include('"msg":"stopped"');
      serve = undefined;
      // The database is free again: the CLI opens it directly.
      const listed = await points(["webhooks", "list", "--database", database]);
      expect(listed.code, listed.output).to.equal(0);
    });

    it(`[${kind.name}] points index refuses bad options by name, and a database another process holds`, async function () {
      const threshold = await points(["index", "--database", database, "--over-issuance", "lots"]);
      expect(threshold.code).to.equal(1);
      expect(threshold.output).to.include("--over-issuance: \"lots\" is not <points>/<window>");
      const noServer = await points(["index", "--database", "postgres://nobody@127.0.0.1:9/none"]);
      expect(noServer.code).to.equal(1);
      expect(noServer.output).to.match(/PostgreSQL at 127\.0\.0\.1:9\/none did not answer/);
      if (kind.name !== "PGlite") return;
      const first = spawn(process.execPath, [pointsBin, "--deployment", file, "index", "--database", database], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
      const out = collectOutput(first);
      try {
        await until(() => out.text().includes("indexer started"), "the first indexer");
        const second = await points(["index", "--database", database]);
        expect(second.code).to.equal(1);
        expect(second.output).to.include(`is in use by process ${first.pid}`);
      } finally {
        first.kill("SIGTERM");
        await new Promise((r) => first.once("exit", r));
      }
    });
  });
});
