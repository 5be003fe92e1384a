import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { claimVoucher, connectPoints, encodeVoucher, signVoucher } from "../src/sdk/index.js";
import { inProcessCli, type InProcessCli } from "./helpers/cli.js";
import { catalogFixture, networkHelpers, type System } from "./helpers/system.js";

const { loadFixture } = networkHelpers;

const as = (n: number) => ["--account", String(n)];
const ALICE = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955"; // account 7
const BOB = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"; // account 8
const issuerClient = (s: System) => connectPoints(s.issuer, { token: s.token.target as string, mall: s.mall.target as string });

/**
 * Bad input, kind by kind: each case must fail with exit 1, a first line naming the field and
 * what is wrong, a second line saying what to do, no stack or raw revert data, and no block mined.
 */
const CASES: [string, (s: System, dir: string) => Promise<string[]> | string[], RegExp][] = [
  ["a quantity of stock that is not a number", () => [...as(4), "catalog", "add-sku", "--category", "1", "--price", "5", "--stock", "abc"], /^error: --stock: "abc" is not a whole number\n {2}give a whole number, like 5/],
  ["a merchant id that is not a number", () => ["roles", ALICE, "--merchant", "abc"], /--merchant: "abc" is not a whole number/],
  ["a quantity of 0 (units, not points)", () => [...as(7), "redeem", "1", "0"], /^error: quantity: 0 units\n {2}give at least 1/],
  ["a negative id", () => [...as(7), "redeem", "-1", "1"], /sku: -1 is negative/],
  ["an id of 0", () => [...as(5), "fulfil", "0", "--ref", "x"], /order: 0 is not an id\n {2}ids start at 1/],
  ["a SKU id beyond the ABI's uint32", () => [...as(7), "redeem", String(2n ** 32n), "1"], /sku: 4294967296 is too large: at most 2\^32 - 1 \(4294967295\)/],
  ["a quantity beyond the ABI's uint16", () => [...as(7), "redeem", "1", "65536"], /quantity: 65536 is too large: at most 2\^16 - 1 \(65535\)/],
  ["2^256 points", () => [...as(2), "issue", BOB, String(2n ** 256n), "--ref", "r"], /amount: a 78-digit number is too large: at most 2\^248 - 1 points/],
  ["1.5 points", () => [...as(2), "issue", BOB, "1.5", "--ref", "r"], /amount: 1\.5 is not a whole number\n {2}points have no decimals/],
  ["0 points", () => [...as(2), "issue", BOB, "0", "--ref", "r"], /amount: 0 points/],
  ["a reference of 32 bytes", () => [...as(2), "issue", BOB, "5", "--ref", "x".repeat(32)], /--ref: "x{12}…\(32 characters\)" is longer than 31 bytes/],
  ["a malformed address", () => [...as(7), "transfer", "0x1234", "5"], /to: "0x1234" is not an address/],
  ["an ENS name", () => [...as(7), "transfer", "alice.eth", "5"], /is a name, not an address/],
  ["an address with a bad checksum", () => [...as(7), "transfer", "0x14dc79964da2C08b23698B3D3cc7Ca32193d9955", "5"], /bad checksum/],
  ["points to the token itself", async (s) => [...as(7), "transfer", await s.token.getAddress(), "5"], /to: 0x\w+ is the points token itself\n {2}points sent there are lost/],
  ["points to the mall", async (s) => [...as(2), "issue", await s.mall.getAddress(), "5", "--ref", "r"], /to: 0x\w+ is the mall contract/],
  ["points to the forwarder", async (s) => [...as(7), "transfer", await s.forwarder.getAddress(), "5"], /is the forwarder of gasless requests/],
  ["a date the catalog cannot read", () => [...as(4), "catalog", "add-sku", "--category", "1", "--price", "5", "--start", "1st of December"], /--start: "1st of December" is not a date or a time\n {2}give a date \(2026-12-01/],
  ["a time without a zone", () => [...as(4), "catalog", "add-sku", "--category", "1", "--price", "5", "--start", "2026-12-01T10:00"], /--start: 2026-12-01T10:00 has no time zone\n {2}add Z for UTC/],
  ["a day not in the calendar", () => ["settle", "--from", "2026-02-30"], /--from: 2026-02-30 is not a day of the calendar/],
  ["a sale that ends before it starts", () => [...as(4), "catalog", "add-sku", "--category", "1", "--price", "5", "--start", "2026-12-01", "--end", "2026-11-01"], /sale window: it ends \(\d+\) before it starts/],
  ["a duration without a unit", () => [...as(2), "voucher", "sign", BOB, "5", "--ref", "r", "--expires", "3600"], /--expires: "3600" is not a duration\n {2}add a unit: 3600s/],
  ["a voucher that expires at once", () => [...as(2), "voucher", "sign", BOB, "5", "--ref", "r", "--expires", "30s"], /expiry: .* is not after the chain's time plus a minute/],
  ["a voucher signed without ISSUER_ROLE", () => [...as(7), "voucher", "sign", BOB, "5", "--ref", "r"], /does not hold ISSUER_ROLE, so a voucher it signs would be refused/],
  ["a voucher code that is not one", () => [...as(8), "voucher", "claim", "PV2.damaged"], /voucher: this code is not valid\n {2}scan or copy the code again/],
  ["an old voucher code (PV1)", () => [...as(8), "voucher", "claim", "PV1.AAAA"], /voucher: this is an old voucher code \(PV1\)[^\n]*\n {2}ask the merchant for a new one/],
  ["a tampered voucher code (an amount changed in transit)", async (s) => {
    const code = encodeVoucher(await signVoucher(issuerClient(s), { recipient: BOB, amount: 40n, ref: "till-1", expiry: 2n ** 40n }));
    const at = 4 + 30; // inside the amount
    return [...as(8), "voucher", "claim", code.slice(0, at) + (code[at] === "A" ? "B" : "A") + code.slice(at + 1)];
  }, /^error: voucher: this code is not valid\n {2}scan or copy the code again/],
  ["a voucher signature cut short", async (s) => {
    const signed = await signVoucher(issuerClient(s), { recipient: BOB, amount: 40n, ref: "till-1", expiry: 2n ** 40n });
    return [...as(8), "voucher", "claim", encodeVoucher({ ...signed, signature: `${signed.signature.slice(0, 66)}${"00".repeat(32)}1b` })];
  }, /voucher: this code is not valid/],
  ["a voucher id claimed already", async (s) => {
    const client = issuerClient(s);
    await claimVoucher(client, await signVoucher(client, { recipient: BOB, amount: 1n, ref: "till-1", expiry: 2n ** 40n, id: 7n }));
    return [...as(2), "voucher", "sign", BOB, "5", "--ref", "r", "--id", "7"];
  }, /voucher id: voucher 7 of 0x\w+ was claimed already\n {2}give another id, or none for a random one/],
  ["a junk keystore", async (_s, dir) => {
    const file = path.join(dir, "junk.json");
    await writeFile(file, "{\"hello\": 1}");
    return ["--keystore", file, "whoami"];
  }, /--keystore: .* is not a keystore \(it holds no encrypted key\)/],
  ["a keystore that is not there", () => ["--keystore", "/nonexistent/key.json", "whoami"], /--keystore: no file/],
  ["a bad RPC URL", () => ["--rpc", "localhost:8545", "balance", ALICE], /--rpc: "localhost:8545" is not an http or https URL\n {2}give one like http/],
  ["a bad relay URL from the environment", () => ["balance", ALICE], /POINTS_RELAY_URL: "nowhere" is not a URL/],
  ["a test account out of range", () => ["--account", "25", "whoami"], /--account: 25 is too large: at most 19/],
  ["a key variable that is not set", () => ["--private-key-env", "NO_SUCH_KEY", "whoami"], /NO_SUCH_KEY is not set/],
  ["a command that needs a key, given none", () => ["transfer", BOB, "1"], /needs a key\n {2}pass --keystore/],
  ["a batch size of 0", () => ["bulk", "issue", "x.csv", "--batch-size", "0"], /--batch-size: 0 recipients\n {2}give at least 1/],
  ["a quota of -1", () => [...as(1), "quota", BOB, "--set", "-1"], /--set: -1 is negative/],
  ["a spend cap that is no amount", () => [...as(18), "relay", "--spend-cap", "lots"], /--spend-cap: "lots" is not an amount of native coin/],
  ["a multiplier of 0", () => [...as(4), "rules", "add", "--points", "1", "--per", "100", "--multiplier", "0"], /--multiplier: "0" is not a number above 0/],
  ["an unknown SKU (the contract's error, simulated)", () => [...as(7), "redeem", "99", "1"], /there is no SKU 99\n {2}list the catalog/],
  ["a price above the bound", () => [...as(7), "redeem", "1", "1", "--max-price", "50"], /SKU 1 costs 100 points a unit now, above your limit of 50/],
  ["more points than held", () => [...as(8), "redeem", "1", "1"], /holds 0 points; 100 are needed/],
  ["a missing role", () => [...as(7), "issue", BOB, "5", "--ref", "r"], /does not hold ISSUER_ROLE\n {2}use an account that holds it/],
  ["an unknown status (commander's own check)", () => ["orders", "--status", "Lost"], /--status.*Lost.*Allowed choices/s],
  ["a missing argument (commander's own check)", () => ["balance"], /missing required argument 'address'/],
];

describe("points CLI: bad input, one case per kind (exit 1, field, what to do, nothing mined)", function () {
  let s: System;
  let cli: InProcessCli;

  beforeEach(async function () {
    s = await loadFixture(catalogFixture);
    cli = await inProcessCli(s);
  });
  afterEach(() => cli.close());

  for (const [name, args, pattern] of CASES) {
    it(name, async function () {
      const env: Record<string, string> = name.includes("from the environment") ? { POINTS_RELAY_URL: "nowhere" } : {};
      await cli.refuses(await args(s, cli.dir), pattern, env);
    });
  }

  it("reads the same time formats in the catalog, the rules and settlement", async function () {
    for (const t of ["2026-12-01", "2026-12-01T00:00:00Z", "2026-12-01T01:00:00+01:00", "1796083200"]) {
      const out = await cli.ok([...as(4), "--json", "catalog", "add-sku", "--category", "1", "--price", "5", "--start", t]);
      expect(JSON.parse(out)).to.include({ ok: true });
      const [, , skus] = await s.mall.counts();
      expect((await s.mall.sku(skus)).saleStart, t).to.equal(1796083200n);
      expect((await cli.points(["settle", "--from", t])).code, t).to.equal(0);
    }
  });
});
