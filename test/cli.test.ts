import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider, Wallet, getAddress, keccak256, toBeHex } from "ethers";
import { PointsToken__factory } from "../types/ethers-contracts/index.js";
import { deployRules } from "./helpers/rules.js";
import { demoGaslessCustomer, demoWallet } from "../scripts/lib/demo.js";
import { projectRoot, readLocalSystem } from "../scripts/lib/deployment.js";
import { freePort, runNode, startLocalSystem, waitForOutput, type LocalSystem } from "./helpers/processes.js";

const pointsCli = path.join(projectRoot, "bin", "points.mjs");
const deploymentId = "local-cli";
const CUSTOMER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906"; // account 3, 5,000 points
const POOR = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"; // account 5, 300 points

describe("points CLI, against the local system", function () {
  this.timeout(300_000);
  let system: LocalSystem;
  let provider: JsonRpcProvider;
  let workDir: string;

  before(async function () {
    system = await startLocalSystem(deploymentId);
    provider = new JsonRpcProvider(system.rpcUrl, undefined, { staticNetwork: true });
    workDir = await mkdtemp(path.join(tmpdir(), "points-cli-"));
  });

  after(async function () {
    provider?.destroy();
    system?.child.kill("SIGINT");
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  async function points(args: string[], env: Record<string, string> = {}) {
    const { code, output } = await runNode([pointsCli, ...args], { POINTS_DEPLOYMENT: deploymentId, ...env });
    return { code, output: output.trim() };
  }

  /** Runs a command that must fail with one clear line naming `pattern`, and send nothing. */
  async function refuses(args: string[], pattern: RegExp, env: Record<string, string> = {}) {
    const before = await provider.getBlockNumber();
    const { code, output } = await points(args, env);
    expect(code, output).to.equal(1);
    expect(output).to.match(/^error: /).and.match(pattern);
    expect(output).to.not.match(/0x[0-9a-f]{64,}|at .*\.ts:\d+/); // no raw revert data, no stack
    expect(await provider.getBlockNumber(), "a transaction was sent").to.equal(before);
  }

  describe("every operation", function () {
    it("lists the catalog as a table and as JSON", async function () {
      const table = await points(["catalog", "list"]);
      expect(table.code).to.equal(0);
      expect(table.output).to.match(/Branded mug\s+Merchandise\s+600\s+25/);
      const json = JSON.parse((await points(["--json", "catalog", "list"])).output) as { skus: { price: string }[] };
      expect(json.skus.map((s) => s.price)).to.deep.equal(["1000", "150", "80", "600", "400", "2500"]);
    });

    it("issues, transfers and shows balances", async function () {
      expect((await points(["--account", "1", "issue", CUSTOMER, "250", "--ref", "receipt-4711"])).code).to.equal(0);
      expect((await points(["balance", CUSTOMER])).output).to.equal("5250 MPT");
      expect((await points(["--account", "3", "transfer", POOR, "50"])).code).to.equal(0);
      expect((await points(["balance", POOR])).output).to.equal("350 MPT");
    });

    it("redeems, fulfils, cancels with refund, and lists orders by status", async function () {
      const placed = JSON.parse((await points(["--json", "--account", "3", "redeem", "4", "1"])).output) as { orderId: string };
      expect(placed.orderId).to.equal("2");
      expect((await points(["--account", "2", "fulfil", "2", "--ref", "DHL-1234"])).code).to.equal(0);
      expect((await points(["--account", "3", "redeem", "3", "2", "--max-price", "80"])).output).to.match(/order 3 placed: 160 points/);
      expect((await points(["--account", "2", "cancel", "3", "--reason", "out of stock"])).code).to.equal(0);
      const cancelled = JSON.parse((await points(["--json", "orders", "--status", "Cancelled"])).output) as { id: string }[];
      expect(cancelled.map((o) => o.id)).to.deep.equal(["3"]);
      expect((await points(["orders", "--buyer", CUSTOMER])).output).to.match(/2\s+0x90F7.*\s+4\s+1\s+600\s+Fulfilled/);
    });

    it("manages the catalog: categories and SKUs", async function () {
      const staff = ["--account", "2"];
      expect((await points([...staff, "catalog", "add-category", "Books"])).code).to.equal(0);
      expect((await points([...staff, "catalog", "rename-category", "4", "Novels"])).code).to.equal(0);
      const sku = await points([...staff, "catalog", "add-sku", "--category", "4", "--price", "300", "--stock", "3", "--limit", "1", "--name", "Paperback"]);
      expect(sku.output).to.match(/created SKU 7/);
      expect((await points([...staff, "catalog", "update-sku", "7", "--price", "320"])).code).to.equal(0);
      expect((await points([...staff, "catalog", "restock", "7", "2"])).code).to.equal(0);
      expect((await points([...staff, "catalog", "deactivate", "7"])).code).to.equal(0);
      expect((await points(["catalog", "list"])).output).to.match(/7\s+Paperback\s+Novels\s+320\s+5\s+0\s+1\/wallet\s+no/);
      expect((await points([...staff, "catalog", "activate", "7"])).code).to.equal(0);
      expect((await points([...staff, "catalog", "retire-category", "4"])).code).to.equal(0);
    });

    it("shows roles and quotas, sets a quota, grants and revokes a role, pauses and unpauses", async function () {
      expect((await points(["roles", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"])).output).to.equal("ISSUER_ROLE");
      expect((await points(["roles", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"])).output).to.equal(
        "CATALOG_MANAGER of merchant 1\nFULFILLER of merchant 1",
      );
      // The merchant's admin (account 0) adds a fulfiller; a non-admin cannot.
      expect((await points(["--account", "0", "grant", "FULFILLER", POOR])).code).to.equal(0);
      expect((await points(["roles", POOR])).output).to.equal("FULFILLER of merchant 1");
      expect((await points(["--account", "0", "revoke", "FULFILLER", POOR])).code).to.equal(0);
      await refuses(["--account", "3", "grant", "FULFILLER", POOR], /does not hold MERCHANT_ADMIN of merchant 1/);
      const merchant = await points(["--account", "0", "add-merchant", "Coffee Corner", "--admin", POOR]);
      expect(merchant.output).to.match(/registered merchant 2, "Coffee Corner"/);
      expect((await points(["--account", "5", "grant", "CATALOG_MANAGER", CUSTOMER, "--merchant", "2"])).code).to.equal(0);
      expect((await points(["roles", CUSTOMER, "--merchant", "2"])).output).to.equal("CATALOG_MANAGER of merchant 2");
      expect((await points(["--account", "0", "quota", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--set", "20000000"])).code).to.equal(0);
      expect((await points(["quota", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"])).output).to.equal("20000000 points left to issue");
      expect((await points(["--account", "0", "grant", "PAUSER_ROLE", POOR])).code).to.equal(0);
      expect((await points(["roles", POOR])).output).to.equal("PAUSER_ROLE");
      expect((await points(["--account", "0", "revoke", "PAUSER_ROLE", POOR])).code).to.equal(0);
      expect((await points(["--account", "0", "pause"])).code).to.equal(0);
      await refuses(["--account", "3", "transfer", POOR, "1"], /paused/);
      expect((await points(["--account", "0", "unpause"])).code).to.equal(0);
    });

    it("traces an address's history with the running balance", async function () {
      const { output } = await points(["history", CUSTOMER]);
      expect(output).to.match(/issued \(batch\)\s+\+5000\s+5000\s+0x7099…79C8\s+demo-welcome/);
      expect(output).to.match(/issued\s+\+250\s+5250\s+0x7099…79C8\s+receipt-4711/);
      expect(output).to.match(/redeemed\s+-600\s+4600\s+\S+\s+order #2/);
      expect(output).to.match(/refunded\s+\+160\s+\d+\s+\S+\s+order #3/);
    });

    it("signs a voucher at the till and claims it from another account, once", async function () {
      const code = (await points(["--account", "1", "voucher", "sign", POOR, "40", "--ref", "till-88", "--id", "1", "--expires", "1d"])).output;
      expect(code).to.match(/^PV2\./);
      const before = (await points(["balance", POOR])).output;
      expect((await points(["--account", "4", "voucher", "claim", code])).output).to.match(/claimed 40 points for 0x9965/);
      expect(Number.parseInt((await points(["balance", POOR])).output)).to.equal(Number.parseInt(before) + 40);
      await refuses(["--account", "4", "voucher", "claim", code], /voucher 1 of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 was claimed already/);
      await refuses(["--account", "4", "voucher", "claim", "PV2.damaged"], /voucher: this code is not valid/);
    });

    it("settles between merchants for a period", async function () {
      const { code, output } = await points(["settle", "--from", "2020-01-01"]);
      expect(code, output).to.equal(0);
      expect(output).to.match(/1 Demo Store\s+\d+\s+\d+\s+\d+\s+[+-]?\d+/).and.include("no one owes anyone");
      await refuses(["settle", "--from", "yesterday-ish"], /give a date/);
    });

    it("runs a merchant's earning rules: add, list, report a purchase once", async function () {
      const info = readLocalSystem(deploymentId);
      const operator = demoWallet(0).connect(provider);
      const staff = demoWallet(2).address;
      const rules = await deployRules(operator, { token: info.token, admin: operator.address, managers: [staff], reporters: [staff] });
      const address = await rules.getAddress();
      expect((await points(["--account", "0", "grant", "ISSUER_ROLE", address])).code).to.equal(0);
      expect((await points(["--account", "0", "quota", address, "--set", "100000"])).code).to.equal(0);
      expect((await points(["--account", "0", "merchant-issuer", address, "1"])).code).to.equal(0);
      const env = { POINTS_RULES: address };
      expect((await points(["--account", "2", "rules", "add", "--points", "1", "--per", "100", "--multiplier", "2"], env)).output).to.match(/added rule 1/);
      expect((await points(["rules", "list"], env)).output).to.match(/1\s+1\s+100\s+2x\s+0\s+-\s+-\s+-\s+always\s+live since/);
      expect((await points(["--account", "2", "purchase", CUSTOMER, "2500", "--receipt", "R-77"], env)).output).to.match(/^50 points earned under rule 1/);
      await refuses(["--account", "2", "purchase", CUSTOMER, "2500", "--receipt", "R-77"], /was reported already/, env);
      await refuses(["--account", "3", "purchase", CUSTOMER, "2500", "--receipt", "R-78"], /does not hold/, env);
    });

    it("reconciles the books", async function () {
      const { code, output } = await points(["reconcile"]);
      expect(code, output).to.equal(0);
      expect(output).to.include("the books balance");
      const json = JSON.parse((await points(["--json", "reconcile"])).output) as { totalSupply: string; sumOfBalances: string; differences: string[] };
      expect(json.totalSupply).to.equal(json.sumOfBalances);
      expect(json.differences).to.deep.equal([]);
    });
  });

  describe("wallets", function () {
    it("creates, imports and shows an encrypted keystore, and signs with it", async function () {
      const file = path.join(workDir, "new.json");
      const created = await points(["--json", "wallet", "new", "--out", file], { POINTS_PASSWORD: "correct horse" });
      const address = (JSON.parse(created.output) as { address: string }).address;
      expect((await points(["--keystore", file, "wallet", "show"])).output).to.equal(`address ${address}`);
      await refuses(["--keystore", file, "wallet", "new", "--out", file], /exists/, { POINTS_PASSWORD: "correct horse" });

      const key = Wallet.createRandom();
      const imported = path.join(workDir, "imported.json");
      await points(["wallet", "import", "--out", imported], { POINTS_PASSWORD: "battery staple", POINTS_PRIVATE_KEY: key.privateKey });
      expect((await points(["--keystore", imported, "wallet", "show", "--check"], { POINTS_PASSWORD: "battery staple" })).output).to.equal(
        `address ${key.address}`,
      );
      expect((await points(["--keystore", imported, "whoami"], { POINTS_PASSWORD: "battery staple" })).output).to.equal(key.address);
    });
  });

  describe("gasless: points relay and --relay", function () {
    // The demo's gasless customer: 2,000 points and no native coin (derivation index 100).
    const gasless = demoWallet(demoGaslessCustomer.index);
    const env = { GASLESS_KEY: gasless.privateKey };

    it("redeems and sends for a customer with no native coin through --relay; without it says to use one", async function () {
      await refuses(["--private-key-env", "GASLESS_KEY", "redeem", "3", "1"], /too little native coin[\s\S]*--relay/, env);
      const redeemed = await points(["--private-key-env", "GASLESS_KEY", "--relay", system.relayUrl, "redeem", "3", "1"], env);
      expect(redeemed.code, redeemed.output).to.equal(0);
      expect(redeemed.output).to.match(/^order \d+ placed: 80 points paid/);
      const sent = await points(["--private-key-env", "GASLESS_KEY", "--relay", system.relayUrl, "transfer", CUSTOMER, "20"], env);
      expect(sent.code, sent.output).to.equal(0);
      expect(await provider.getBalance(gasless.address)).to.equal(0n);
      expect((await points(["balance", gasless.address])).output).to.equal("1900 MPT");
    });

    it("runs a relay that pays from its own key for this deployment and its rules contracts, and refuses a bad option", async function () {
      const info = readLocalSystem(deploymentId);
      const operator = demoWallet(0).connect(provider);
      const rules = await (await deployRules(operator, { token: info.token, admin: operator.address, forwarder: info.forwarder })).getAddress();
      const port = await freePort();
      const relayer = demoWallet(18);
      const child = spawn(process.execPath, [pointsCli, "--account", "18", "relay", "--port", String(port), "--requests-per-minute", "5", "--rules", rules], {
        cwd: projectRoot,
        env: { ...process.env, POINTS_DEPLOYMENT: deploymentId },
        stdio: ["ignore", "pipe", "pipe"],
      });
      try {
        await waitForOutput(child, /Ctrl-C stops it/, 60_000);
        const described = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { relayer: string; rateLimit: { requests: number }; targets: { rules: string[] } };
        expect(described.relayer).to.equal(relayer.address);
        expect(described.rateLimit.requests).to.equal(5);
        expect(described.targets.rules).to.deep.equal([rules]);
      } finally {
        child.kill("SIGINT");
      }
      await refuses(["--account", "18", "relay", "--spend-cap", "lots"], /--spend-cap: "lots" is not an amount of native coin/);
      await refuses(["--account", "18", "relay", "--rules", info.mall], new RegExp(`rules contract ${info.mall}: it is this deployment's mall`));
    });
  });

  describe("bulk issuance from CSV", function () {
    const recipients = Array.from({ length: 1_200 }, (_, i) => getAddress(`0x${keccak256(toBeHex(i + 1, 32)).slice(26)}`));

    it("checks every row first and reports all bad rows with their line numbers, sending nothing", async function () {
      const file = path.join(workDir, "bad.csv");
      await writeFile(
        file,
        [
          "address,amount,reference",
          `${recipients[0]},10,spring`,
          `${recipients[1]!.toLowerCase().replace("0x", "0X")},10,spring`,
          `0x90f79bf6eb2c4f870365E785982E1f101E93b906,10,spring`,
          `${recipients[2]},0,spring`,
          `${recipients[3]},1.5,spring`,
          `${recipients[4]},-3,spring`,
          `${recipients[0]},10,spring`,
          `${recipients[5]},10`,
        ].join("\n"),
      );
      const before = await provider.getBlockNumber();
      const { code, output } = await points(["--account", "1", "bulk-issue", file]);
      expect(code).to.equal(1);
      expect(output).to.include("bad row(s)").and.include("nothing was sent");
      for (const line of [3, 4, 5, 6, 7, 8, 9]) expect(output).to.include(`line ${line}:`);
      expect(output).to.include("bad checksum").and.include("0 points").and.include("not a whole number").and.include("negative");
      expect(output).to.include("duplicate of line 2");
      expect(await provider.getBlockNumber()).to.equal(before);
    });

    it("refuses a file over the issuer's quota before sending anything", async function () {
      const file = path.join(workDir, "big.csv");
      await writeFile(file, `${recipients[0]},30000000,too-much\n`);
      await refuses(["--account", "1", "bulk-issue", file], /needs 30000000 points .* may issue/);
    });

    it("credits every recipient exactly once when killed midway and run again", async function () {
      const file = path.join(workDir, "campaign.csv");
      await writeFile(file, recipients.map((r, i) => `${r},${(i % 7) + 1},autumn-2026`).join("\n"));
      const args = [pointsCli, "--account", "1", "bulk-issue", file, "--batch-size", "400"];
      const first = spawn(process.execPath, args, {
        cwd: projectRoot,
        env: { ...process.env, POINTS_DEPLOYMENT: deploymentId },
        stdio: ["ignore", "pipe", "pipe"],
      });
      await waitForOutput(first, /1\/3 batches/, 120_000);
      first.kill("SIGKILL");
      await new Promise((resolve) => first.on("exit", resolve));

      const again = await points(["--json", "--account", "1", "bulk-issue", file, "--batch-size", "400"]);
      expect(again.code, again.output).to.equal(0);
      const result = JSON.parse(again.output) as { skipped: number; sent: number };
      expect(result.skipped).to.be.at.least(1);
      expect(result.sent + result.skipped).to.equal(3);

      const token = PointsToken__factory.connect(readLocalSystem(deploymentId).token, provider);
      const balances = await Promise.all(recipients.map((r) => token.balanceOf(r)));
      balances.forEach((b, i) => expect(b, recipients[i]).to.equal(BigInt((i % 7) + 1)));

      const third = await points(["--account", "1", "bulk-issue", file, "--batch-size", "400"]);
      expect(third.output).to.include("3 batch(es) had been issued before and were skipped: no one was credited twice");
    });
  });

  describe("bad input: one clear line, non-zero exit, nothing sent", function () {
    const amount = (value: string) => ["--account", "1", "issue", CUSTOMER, value, "--ref", "r"];
    it("a malformed address", () => refuses(["--account", "3", "transfer", "0x1234", "5"], /"0x1234" is not an address/));
    it("an ENS name", () => refuses(["--account", "3", "transfer", "alice.eth", "5"], /is a name, not an address/));
    it("an address with a bad checksum", () =>
      refuses(["--account", "3", "transfer", "0x15d34aaf54267db7d7c367839aaf71A00a2C6A65", "5"], /bad checksum/));
    it("amount 0", () => refuses(amount("0"), /0 points/));
    it("amount -1", () => refuses(amount("-1"), /negative/));
    it("amount 1.5", () => refuses(amount("1.5"), /not a whole number/));
    it("amount 2^256", () => refuses(amount((2n ** 256n).toString()), /too large: at most 2\^248 - 1 points/));
    it("an unknown SKU", () => refuses(["--account", "3", "redeem", "99", "1"], /there is no SKU 99/));
    it("a price above the bound", () => refuses(["--account", "3", "redeem", "4", "1", "--max-price", "500"], /costs 600 points a unit now, above your limit of 500/));
    it("insufficient balance", () => refuses(["--account", "5", "redeem", "6", "1"], /holds \d+ points; 2500 are needed/));
    it("a missing role", () => refuses(["--account", "3", "issue", CUSTOMER, "5", "--ref", "r"], /does not hold ISSUER_ROLE/));
    it("a wrong password", async function () {
      const file = path.join(workDir, "pw.json");
      await points(["wallet", "new", "--out", file], { POINTS_PASSWORD: "the right one" });
      await refuses(["--keystore", file, "transfer", POOR, "1"], /wrong password/, { POINTS_PASSWORD: "the wrong one" });
    });
    it("an unreachable RPC", async function () {
      const { code, output } = await points(["--rpc", `http://127.0.0.1:${await freePort()}`, "balance", CUSTOMER]);
      expect(code).to.equal(1);
      expect(output).to.match(/^error: no chain answers at http:\/\/127\.0\.0\.1:\d+/);
    });
    it("a command that needs a key, given none", () => refuses(["transfer", POOR, "1"], /needs a key/));
  });
});
