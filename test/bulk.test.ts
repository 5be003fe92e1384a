import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { getAddress, keccak256, toBeHex, toUtf8Bytes } from "ethers";
import { BULK_LEAF_TAG, connectPoints, parseBulkCsv, planBatches, rowLeaf, standardLeaf, verifyBatches, verifyProof, verifyRowProof } from "../src/sdk/index.js";
import { inProcessCli, type InProcessCli } from "./helpers/cli.js";
import { catalogFixture, networkHelpers, type System } from "./helpers/system.js";

const { loadFixture } = networkHelpers;
const A = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const B = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";
const C = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const fresh = (n: number, from = 1) => Array.from({ length: n }, (_, i) => getAddress(`0x${keccak256(toBeHex(from + i, 32)).slice(26)}`));

describe("bulk files: CSV as a spreadsheet writes it", function () {
  it("reads quoted fields, \"1,000\", a BOM, CRLF, extra columns and columns by header name", function () {
    const text = `\uFEFFNote,Reference,Amount,Address,Branch\r\n"Welcome, new member",spring,"1,000",${A},North\r\nx,"autumn ""gold""",25,${B},South\r\n`;
    const { rows, problems, header } = parseBulkCsv(text);
    expect(problems).to.deep.equal([]);
    expect(header).to.equal(true);
    expect(rows).to.deep.equal([
      { line: 2, address: A, amount: 1000n, reference: "spring" },
      { line: 3, address: B, amount: 25n, reference: 'autumn "gold"' },
    ]);
  });

  it("reads a file without a header by position, ignoring extra columns, empty rows and # comments", function () {
    const { rows, problems } = parseBulkCsv(`# spring campaign\n${A},10,spring,ignored\n\n${B}, 20 ,spring\n`);
    expect(problems).to.deep.equal([]);
    expect(rows.map((r) => [r.line, r.amount])).to.deep.equal([[2, 10n], [4, 20n]]);
  });

  it("numbers rows as a spreadsheet shows them: a quoted cell over two lines is one row", function () {
    const { problems } = parseBulkCsv(`address,amount,reference,note\n${A},5,r1,"two\nlines"\n${B},0,r2,x\n`);
    expect(problems).to.deep.equal([{ line: 3, problem: "amount: 0 points" }]);
  });

  it("names every bad row by its line: zero address, checksum, amounts, duplicates, missing cells", function () {
    const zero = "0x0000000000000000000000000000000000000000";
    const text = ["address,amount,reference", `${zero},5,r`, `${A.toLowerCase().replace("dc7", "dC7")},5,r`, `${B},1.5,r`, `${B},1,000,r`, `${C},-3,r`, `${C},7,`, `${C},7,r`, `${C},8,r`].join("\n");
    const { problems } = parseBulkCsv(text);
    expect(problems.map((p) => [p.line, p.problem])).to.deep.equal([
      [2, "address: the zero address (points sent there are lost)"],
      [3, `address: "${A.toLowerCase().replace("dc7", "dC7")}" has a bad checksum (mixed case that does not match)`],
      [4, "amount: 1.5 is not a whole number"],
      [6, "amount: -3 is negative"],
      [7, "reference: empty"],
      [9, "duplicate of line 8 (same address and reference)"],
    ]);
  });

  it("refuses a header without an amount column, and a file that is not CSV", function () {
    expect(parseBulkCsv(`address,points_given,reference\n${A},5,r`).problems[0]).to.deep.equal({ line: 1, problem: 'the header has no "amount" column (it names address, points_given, reference)' });
    expect(parseBulkCsv(`${A},"5"x,r`).problems[0]!.problem).to.match(/^not readable as CSV: Invalid Closing Quote/);
  });
});

describe("bulk batch references: Merkle roots of the rows", function () {
  const rows = [
    { line: 2, address: A, amount: 10n, reference: "spring-0" },
    { line: 3, address: B, amount: 20n, reference: "spring-1" },
    { line: 4, address: C, amount: 30n, reference: "spring-2" },
  ];

  it("equals OpenZeppelin's StandardMerkleTree root over (tag, address, amount, keccak256(reference))", function () {
    // Computed with @openzeppelin/merkle-tree's StandardMerkleTree.of(values, ["bytes32", "address", "uint256", "bytes32"]).
    const expected = [
      "0xddf4c941604abcf2d9e07410dc97996248c92cf2d3da9c433c7fb34b8bda482e",
      "0xd330ddc742e23cf11334d6dd9da9cf80f77d6c64e7cb4bb8215829148cac5f1f",
      "0xb2831ef5b94b4a4d7934bc994b61f1d681c38302e4d6737d57b0e7fd706a414a",
    ];
    for (const n of [1, 2, 3]) expect(planBatches(rows.slice(0, n), 10)[0]!.batchRef, `${n} rows`).to.equal(expected[n - 1]);
  });

  it("lays out each leaf exactly as the ABI coder would (standardLeaf)", function () {
    for (const r of [...rows, { line: 9, address: A, amount: 2n ** 200n, reference: "ünïcode, \"quoted\"" }]) {
      expect(rowLeaf(r)).to.equal(standardLeaf(["bytes32", "address", "uint256", "bytes32"], [BULK_LEAF_TAG, r.address, r.amount, keccak256(toUtf8Bytes(r.reference))]));
    }
  });

  it("gives each row a proof that verifies, and no other row's data does", function () {
    const [batch] = planBatches(rows, 10);
    batch!.rows.forEach((r, i) => {
      expect(verifyProof(batch!.batchRef, rowLeaf(r), batch!.proofs[i]!)).to.equal(true);
      expect(verifyRowProof(batch!.batchRef, { ...r, proof: batch!.proofs[i]! })).to.equal(true);
      expect(verifyRowProof(batch!.batchRef, { ...r, amount: r.amount + 1n, proof: batch!.proofs[i]! })).to.equal(false);
    });
  });

  it("is the same for the same rows (resumable) and differs when any row differs", function () {
    const once = planBatches(rows, 2).map((b) => b.batchRef);
    expect(planBatches(rows, 2).map((b) => b.batchRef)).to.deep.equal(once);
    expect(planBatches([rows[0]!, { ...rows[1]!, reference: "spring-9" }, rows[2]!], 2)[0]!.batchRef).to.not.equal(once[0]);
  });
});

describe("points bulk against the chain", function () {
  let s: System;
  let cli: InProcessCli;
  const as = (n: number) => ["--account", String(n)];

  beforeEach(async function () {
    s = await loadFixture(catalogFixture);
    cli = await inProcessCli(s);
  });
  afterEach(() => cli.close());

  async function csv(name: string, lines: string[]): Promise<string> {
    const file = path.join(cli.dir, name);
    await writeFile(file, lines.join("\n"));
    return file;
  }

  it("lists at most 20 bad rows, then how many more, and sends nothing", async function () {
    const file = await csv("bad.csv", ["address,amount,reference", ...fresh(25).map((a) => `${a},0,r`)]);
    const text = await cli.refuses([...as(2), "bulk", "issue", file], /25 bad row\(s\) in .*; nothing was sent/);
    expect(text).to.include("line 21: amount: 0 points").and.include("  and 5 more");
    expect(text).to.not.include("line 22:");
  });

  it("checks the quota in a dry run, with a key or with --issuer", async function () {
    const file = await csv("big.csv", [`${A},999000,r1`, `${B},2,r2`]);
    await cli.refuses([...as(2), "bulk", "issue", file, "--dry-run"], /quota: the file needs 999002 points not issued yet, and 0x\w+ may issue 999000/);
    await cli.refuses(["bulk", "issue", file, "--dry-run", "--issuer", s.issuer.address], /may issue 999000; nothing was sent/);
  });

  it("refuses a row addressed to one of the system's contracts, by its line", async function () {
    const file = await csv("contract.csv", ["address,amount,reference", `${A},5,r`, `${await s.mall.getAddress()},5,r`]);
    await cli.refuses([...as(2), "bulk", "issue", file], /line 3: 0x\w+ is the mall contract; nothing was sent/);
  });

  it("verifies each row on chain: issued, not issued, or issued by someone else", async function () {
    const file = await csv("spring.csv", ["address,amount,reference", ...fresh(5).map((a, i) => `${a},${i + 1},spring`)]);
    await cli.ok([...as(2), "bulk", "issue", file, "--batch-size", "2"]);
    const ok = await cli.points(["bulk", "verify", file]);
    expect(ok.code).to.equal(0);
    expect(ok.out).to.include("5 row(s) issued, 0 not issued, 0 differ from the file");
    // History shows a batch row's reference from the manifest, and the batch's root without it.
    const first = fresh(1)[0]!;
    expect(await cli.ok(["history", first, "--manifest", `${file}.manifest.json`])).to.match(/issued \(batch\)\s+\+1\s+1\s+0x\w{4}…\w{4}\s+spring$/m);
    expect(await cli.ok(["history", first])).to.match(/issued \(batch\)\s+\+1\s+1\s+0x\w{4}…\w{4}\s+0x[0-9a-f]{64}$/m);
    await cli.refuses(["history", first, "--manifest", file], /--manifest: .* is not a readable manifest/);
    // Another issuer's view: none of it is theirs.
    const other = await cli.points(["bulk", "verify", file, "--issuer", s.carol.address]);
    expect(other.out).to.include("0 row(s) issued, 5 not issued");
    // A file that was not sent: not issued, and verification says so row by row.
    const unsent = await csv("unsent.csv", [`${A},1,later`]);
    expect(await cli.ok(["bulk", "verify", unsent])).to.match(/1\s+0x\w{4}…\w{4}\s+1\s+later\s+1\s+not issued/);
  });

  it("skips a batch it issued before, saying so, confirmed by its BatchIssued event", async function () {
    const file = await csv("mine.csv", ["address,amount,reference", ...fresh(4).map((a) => `${a},5,mine`)]);
    await cli.ok([...as(2), "bulk", "issue", file, "--batch-size", "2"]);
    expect(await cli.ok([...as(2), "bulk", "issue", file])).to.match(/2 batch\(es\) had been issued before and were skipped[\s\S]*issued before by 0x\w+ with the same recipients and total: batch 1 \(block \d+\), 2 \(block \d+\)/);
  });

  it("is not stopped by another issuer taking its batch reference first: references are per issuer", async function () {
    await s.token.connect(s.admin).grantRole(await s.token.ISSUER_ROLE(), s.carol.address);
    await s.token.connect(s.admin).setIssuerQuota(s.carol.address, 100n);
    const lines = fresh(3, 100).map((a) => `${a},7,autumn`);
    const victim = await csv("victim.csv", ["address,amount,reference", ...lines]);
    const [planned] = planBatches(parseBulkCsv(lines.join("\n")).rows, 500);
    // Carol, another issuer, issues first under the reference the victim's file will use.
    await s.token.connect(s.carol).issueBatch([s.carol.address], [1n], planned!.batchRef);
    expect(await cli.ok([...as(2), "bulk", "issue", victim])).to.match(/3 recipients credited with 21 points in 1 transaction/);
    expect(await s.token.balanceOf(fresh(1, 100)[0]!)).to.equal(7n);
    expect(await cli.ok(["bulk", "verify", victim, "--issuer", s.issuer.address])).to.include("3 row(s) issued");
    const reader = connectPoints(s.issuer, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    expect((await verifyBatches(reader, [planned!], s.carol.address)).batches[0]!.status).to.equal("mismatch");
  });

  it("refuses, sending nothing, when its own reference was issued for other rows than the file's", async function () {
    const lines = fresh(3, 300).map((a) => `${a},9,winter`);
    const file = await csv("winter.csv", ["address,amount,reference", ...lines, `${fresh(1, 400)[0]},9,winter`]);
    const [planned] = planBatches(parseBulkCsv(["address,amount,reference", ...lines, `${fresh(1, 400)[0]},9,winter`].join("\n")).rows, 500);
    await s.token.connect(s.issuer).issueBatch(fresh(3, 300), [9n, 9n, 9n], planned!.batchRef);
    await cli.refuses([...as(2), "bulk", "issue", file], /batch 1 \(lines 2-5\): its reference 0x\w+ was issued by 0x\w+ in block \d+ for 3 recipients and 27 points, not for these 4 rows and 36 points; nothing was sent\n {2}the file does not match/);
  });

  it("refuses to send a file again in batches of another size, which would credit its rows twice", async function () {
    const file = await csv("sized.csv", ["address,amount,reference", ...fresh(3, 200).map((a) => `${a},5,sized`)]);
    await cli.ok([...as(2), "bulk", "issue", file, "--batch-size", "2"]);
    await cli.refuses([...as(2), "bulk", "issue", file, "--batch-size", "3"], /--batch-size: .* says 0x\w+ sent this file in batches of 2; batches of 3 would credit its rows again/);
    expect(await cli.ok([...as(2), "bulk", "issue", file])).to.include("2 batch(es) had been issued before");
  });
});
