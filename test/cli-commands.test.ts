import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import type { Command } from "commander";
import { Wallet } from "ethers";
import { createProgram } from "../src/cli/main.js";
import { projectRoot } from "../scripts/lib/deployment.js";
import { inProcessCli, type InProcessCli } from "./helpers/cli.js";
import { deployRules } from "./helpers/rules.js";
import { catalogFixture, networkHelpers, type System } from "./helpers/system.js";

const { loadFixture } = networkHelpers;

// deploySystem's accounts: 1 admin, 2 issuer, 3 pauser, 4 catalog manager, 5 fulfiller,
// 6 merchant admin, 7 Alice (1,000 points in catalogFixture), 8 Bob, 9 Carol, 10 an outsider.
const as = (n: number) => ["--account", String(n)];

describe("points CLI in-process: each group of commands", function () {
  let s: System;
  let cli: InProcessCli;

  beforeEach(async function () {
    s = await loadFixture(catalogFixture);
    cli = await inProcessCli(s);
  });
  afterEach(() => cli.close());

  it("wallet: creates, imports and shows an encrypted keystore, and signs with it", async function () {
    const env = { POINTS_PASSWORD: "correct horse" };
    const file = path.join(cli.dir, "new.json");
    const { address } = JSON.parse(await cli.ok(["--json", "wallet", "new", "--out", file], env)) as { address: string };
    expect(await cli.ok(["--keystore", file, "wallet", "show"])).to.equal(`address ${address}`);
    expect(await cli.ok(["--keystore", file, "wallet", "show", "--check"], env)).to.equal(`address ${address}`);
    await cli.refuses(["wallet", "new", "--out", file], /--out: .* exists/, env);
    const key = Wallet.createRandom();
    const imported = path.join(cli.dir, "imported.json");
    await cli.ok(["wallet", "import", "--out", imported], { ...env, POINTS_PRIVATE_KEY: key.privateKey });
    expect(await cli.ok(["--keystore", imported, "whoami"], env)).to.equal(key.address);
    // The keystore may come from the environment, checked by the same parser.
    expect(await cli.ok(["whoami"], { ...env, POINTS_KEYSTORE: imported })).to.equal(key.address);
    await cli.refuses(["--keystore", imported, "whoami"], /wrong password/, { POINTS_PASSWORD: "wrong" });
  });

  it("points: balance, issue (a repeated reference refused, then allowed), transfer", async function () {
    expect(await cli.ok(["balance", s.alice.address])).to.equal("1000 MPT");
    await cli.ok([...as(2), "issue", s.bob.address, "250", "--ref", "receipt-1"]);
    await cli.refuses([...as(2), "issue", s.carol.address, "250", "--ref", "receipt-1"], /issued under "receipt-1" before \(250 points to 0x/);
    const again = await cli.points([...as(2), "issue", s.carol.address, "250", "--ref", "receipt-1", "--allow-repeat"]);
    expect(again.code, again.err).to.equal(0);
    expect(again.err).to.match(/warning: you issued under "receipt-1" 1 time\(s\) before/);
    // Another issuer's reference is not this one's.
    await s.token.connect(s.admin).grantRole(await s.token.ISSUER_ROLE(), s.carol.address);
    await s.token.connect(s.admin).setIssuerQuota(s.carol.address, 100n);
    await cli.ok([...as(9), "issue", s.bob.address, "5", "--ref", "receipt-1"]);
    await cli.ok([...as(8), "transfer", s.alice.address, "55"]);
    expect(await cli.ok(["balance", s.bob.address])).to.equal("200 MPT");
    expect(JSON.parse(await cli.ok(["--json", "balance", s.alice.address]))).to.deep.equal({ address: s.alice.address, points: "1055" });
  });

  it("catalog: categories and SKUs, sale windows in the same time formats as the rules", async function () {
    await cli.ok([...as(4), "catalog", "add-category", "Books"]);
    const created = await cli.ok([...as(4), "catalog", "add-sku", "--category", "2", "--price", "300", "--stock", "3", "--limit", "1", "--name", "Paperback", "--start", "2026-01-01", "--end", "2099-12-31T23:00:00+01:00"]);
    expect(created).to.match(/^created SKU 2 /);
    const sku = await s.mall.sku(2);
    expect([sku.saleStart, sku.saleEnd]).to.deep.equal([BigInt(Date.UTC(2026, 0, 1) / 1000), BigInt(Date.UTC(2099, 11, 31, 22) / 1000)]);
    await cli.ok([...as(4), "catalog", "update-sku", "2", "--price", "320", "--end", "4102444800"]);
    await cli.ok([...as(4), "catalog", "restock", "2", "2"]);
    await cli.ok([...as(4), "catalog", "deactivate", "2"]);
    await cli.ok([...as(4), "catalog", "rename-category", "2", "Novels"]);
    expect(await cli.ok(["catalog", "list"])).to.match(/2\s+Paperback\s+Novels\s+320\s+5\s+0\s+1\/wallet\s+no/);
    await cli.ok([...as(4), "catalog", "activate", "2"]);
    await cli.ok([...as(4), "catalog", "retire-category", "2"]);
    expect((await s.mall.sku(2)).saleEnd).to.equal(4102444800n);
  });

  it("orders: redeem, list by status and buyer, fulfil, cancel with refund", async function () {
    const placed = JSON.parse(await cli.ok(["--json", ...as(7), "redeem", "1", "2"])) as { orderId: string; pointsPaid: string };
    expect(placed).to.include({ orderId: "1", pointsPaid: "200" });
    await cli.ok([...as(7), "redeem", "1", "1", "--max-price", "100"]);
    await cli.ok([...as(5), "fulfil", "1", "--ref", "DHL-1"]);
    await cli.ok([...as(5), "cancel", "2", "--reason", "out of stock"]);
    const cancelled = JSON.parse(await cli.ok(["--json", "orders", "--status", "Cancelled"])) as { id: string }[];
    expect(cancelled.map((o) => o.id)).to.deep.equal(["2"]);
    expect(await cli.ok(["orders", "--buyer", s.alice.address])).to.match(/1\s+0x\w+\s+1\s+2\s+200\s+Fulfilled/);
    expect(await cli.ok(["balance", s.alice.address])).to.equal("800 MPT");
  });

  it("books: history with the running balance, settlement, reconciliation", async function () {
    await cli.ok([...as(7), "redeem", "1", "1"]);
    const history = await cli.ok(["history", s.alice.address]);
    expect(history).to.match(/issued\s+\+1000\s+1000\s+0x\w{4}…\w{4}\s+welcome/).and.match(/redeemed\s+-100\s+900\s+\S+\s+order #1/);
    expect(await cli.ok(["settle", "--from", "2020-01-01T00:00:00Z", "--to", String(2 ** 33)])).to.match(/1 Demo Store/);
    expect(await cli.ok(["reconcile"])).to.include("the books balance");
  });

  it("admin: roles, grant and revoke, merchants, quotas, pause, merchant-issuer, whoami", async function () {
    expect(await cli.ok(["roles", s.issuer.address])).to.equal("ISSUER_ROLE");
    await cli.ok([...as(6), "grant", "FULFILLER", s.bob.address]);
    expect(await cli.ok(["roles", s.bob.address])).to.equal("FULFILLER of merchant 1");
    await cli.ok([...as(6), "revoke", "FULFILLER", s.bob.address]);
    expect(await cli.ok([...as(1), "add-merchant", "Coffee Corner", "--admin", s.carol.address])).to.match(/registered merchant 2, "Coffee Corner"/);
    await cli.ok([...as(9), "grant", "CATALOG_MANAGER", s.bob.address, "--merchant", "2"]);
    expect(await cli.ok(["roles", s.bob.address, "--merchant", "2"])).to.equal("CATALOG_MANAGER of merchant 2");
    await cli.ok([...as(1), "quota", s.issuer.address, "--set", "0"]);
    expect(await cli.ok(["quota", s.issuer.address])).to.equal("0 points left to issue");
    await cli.ok([...as(1), "merchant-issuer", s.issuer.address, "2"]);
    expect(await s.mall.merchantOfIssuer(s.issuer.address)).to.equal(2n);
    await cli.ok([...as(3), "pause"]);
    await cli.refuses([...as(7), "transfer", s.bob.address, "1"], /paused/);
    await cli.ok([...as(3), "unpause"]);
    expect(await cli.ok([...as(7), "whoami"])).to.equal(s.alice.address);
  });

  it("rules: add with a window and a hold, list, report a purchase once, a return, pending points, retire", async function () {
    const rules = await deployRules(s.admin, { token: await s.token.getAddress(), admin: s.admin.address, managers: [s.catalog.address], reporters: [s.catalog.address], returnsReporters: [s.catalog.address] });
    const address = await rules.getAddress();
    await s.token.connect(s.admin).grantRole(await s.token.ISSUER_ROLE(), address);
    await s.token.connect(s.admin).setIssuerQuota(address, 10_000n);
    const env = { POINTS_RULES: address };
    expect(await cli.ok([...as(4), "rules", "add", "--points", "1", "--per", "100", "--multiplier", "2", "--start", "2020-01-01", "--hold-days", "14", "--tier-multipliers", "100,110,125,150,200"], env)).to.match(/^added rule 1; it applies from /);
    expect(await cli.ok(["rules", "list", "--rules", address])).to.match(/1\s+1\s+100\s+2x\s+0\s+-\s+-\s+14 d\s+1577836800-\s+live since/);
    expect(await cli.ok([...as(4), "purchase", s.bob.address, "2500", "--receipt", "R-77"], env)).to.match(/^50 points earned under rule 1/);
    await cli.refuses([...as(4), "purchase", s.bob.address, "2500", "--receipt", "R-77"], /receipt R-77 was reported already/, env);
    expect(await cli.ok(["rules", "pending", s.bob.address], env)).to.match(/^50 points pending\n[\s\S]*R-77\s+50\s+20\d\d-/);
    expect(await cli.ok([...as(4), "rules", "return", "R-77", "1000"], env)).to.match(/20 pending points cancelled, 0 taken back/);
    await cli.refuses([...as(4), "rules", "add", "--points", "1", "--per", "100", "--tier-multipliers", "100,110"], /--tier-multipliers: "100,110" has 2 percents, not 5/, env);
    await cli.ok([...as(4), "rules", "retire", "1"], env);
    await cli.refuses(["rules", "list"], /which rules contract\?/);
  });

  it("vouchers: signs with a random id, claims once from another account", async function () {
    const code = await cli.ok([...as(2), "voucher", "sign", s.bob.address, "40", "--ref", "till-88", "--expires", "1d"]);
    expect(code).to.match(/^PV2\./);
    expect(await cli.ok([...as(8), "voucher", "claim", code])).to.match(/^claimed 40 points for 0x/);
    await cli.refuses([...as(9), "voucher", "claim", code], /was claimed already/);
    const json = JSON.parse(await cli.ok(["--json", ...as(2), "voucher", "sign", s.bob.address, "1", "--ref", "till-89"])) as { voucher: { id: string } };
    expect(BigInt(json.voucher.id)).to.be.above(2n ** 64n); // random 128-bit ids, in practice never small
  });

  it("bulk: dry run with the quota, issue with a manifest, verify every row", async function () {
    const file = path.join(cli.dir, "spring.csv");
    const rows = [s.bob, s.carol, s.outsider].map((a, i) => `${a.address},${(i + 1) * 10},spring-${i}`);
    await writeFile(file, ["address,amount,reference", ...rows].join("\n"));
    expect(await cli.ok(["bulk", "issue", file, "--dry-run", "--issuer", s.issuer.address])).to.match(/3 rows, 60 points, 1 batch\(es\): the file is valid, 0x\w+ may issue 999000 points; nothing sent/);
    expect(await cli.ok([...as(2), "bulk", "issue", file, "--batch-size", "2"])).to.match(/3 recipients credited with 60 points in 2 transaction\(s\)/);
    const manifest = JSON.parse(await readFile(`${file}.manifest.json`, "utf8")) as { batchSize: number; batches: { rows: unknown[] }[] };
    expect(manifest.batchSize).to.equal(2);
    expect(manifest.batches.map((b) => b.rows.length)).to.deep.equal([2, 1]);
    const verified = await cli.ok(["bulk", "verify", file, "--issuer", s.issuer.address]);
    expect(verified).to.match(/2\s+0x\w{4}…\w{4}\s+10\s+spring-0\s+1\s+issued/).and.include("3 row(s) issued, 0 not issued, 0 differ from the file");
  });

  it("describes every command in its help and in docs/cli.md", async function () {
    const docs = await readFile(path.join(projectRoot, "docs", "cli.md"), "utf8");
    const leaves: [string, Command][] = [];
    const walk = (c: Command, prefix: string) => {
      for (const sub of c.commands) {
        if (sub.commands.length === 0) leaves.push([`${prefix}${sub.name()}`, sub]);
        walk(sub, `${prefix}${sub.name()} `);
      }
    };
    walk(createProgram().program, "");
    expect(leaves.length).to.be.above(40);
    for (const [name, command] of leaves) {
      expect(command.description(), `${name} has no description`).to.not.equal("");
      expect(docs, `docs/cli.md does not describe ${name}`).to.include(`\`${name}`);
    }
  });
});
