import { expect } from "chai";
import {
  BITS,
  ContractRevertError,
  InvalidInputError,
  NetworkError,
  PointsError,
  RelayError,
  WrongNetworkError,
  connectPoints,
  eip712DomainOf,
  issue,
  parseDuration,
  parseId,
  parseQuantity,
  parseTime,
  parseUrl,
  redeem,
  systemContractAt,
  toPointsError,
  transfer,
} from "../src/sdk/index.js";
import { deployRules } from "./helpers/rules.js";
import { catalogFixture, ethers, networkHelpers } from "./helpers/system.js";

const { loadFixture } = networkHelpers;

function refusal(f: () => unknown): InvalidInputError {
  try {
    f();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("not refused");
}

describe("SDK input parsers", function () {
  it("reads one time format everywhere: a date, an ISO time with zone, or unix seconds", function () {
    const midnight = BigInt(Date.UTC(2026, 11, 1) / 1000);
    for (const t of ["2026-12-01", "2026-12-01T00:00:00Z", "2026-12-01T00:00Z", "2026-12-01T02:00:00+02:00", "2026-11-30T19:00:00.000-05:00", String(midnight)]) {
      expect(parseTime(t, "--start"), t).to.equal(midnight);
    }
    expect(refusal(() => parseTime("2026-12-01T10:00", "--start")).hint).to.match(/add Z for UTC/);
    expect(refusal(() => parseTime("2026-13-01", "--start")).message).to.equal("--start: 2026-13-01 is not a day of the calendar");
    expect(refusal(() => parseTime("2026-12-01T25:00:00Z", "--start")).message).to.match(/not a time of the calendar/);
    expect(refusal(() => parseTime("tomorrow", "--start")).hint).to.match(/^give a date/);
  });

  it("reads durations with their unit, and refuses a bare number, 0, and the absurd", function () {
    expect([parseDuration("30s", "d"), parseDuration("15m", "d"), parseDuration("12h", "d"), parseDuration("7d", "d")]).to.deep.equal([30n, 900n, 43_200n, 604_800n]);
    expect(refusal(() => parseDuration("3600", "--expires")).hint).to.equal("add a unit: 3600s, 3600m, 3600h or 3600d");
    expect(refusal(() => parseDuration("0d", "--expires")).message).to.equal("--expires: a duration of 0");
    expect(refusal(() => parseDuration("99999999999d", "--expires")).message).to.match(/too long/);
  });

  it("bounds ids and quantities by the contracts' integer widths, read from the ABI", function () {
    expect(BITS).to.include({ sku: 32, quantity: 16, price: 40, order: 64, merchant: 16, category: 32, stock: 40, walletLimit: 24 });
    expect(parseId(2n ** 32n - 1n, "SKU", BITS.sku)).to.equal(2n ** 32n - 1n);
    expect(refusal(() => parseId(2n ** 32n, "SKU", BITS.sku)).message).to.equal("SKU: 4294967296 is too large: at most 2^32 - 1 (4294967295)");
    expect(refusal(() => parseQuantity("0", "quantity", 16)).message).to.equal("quantity: 0 units");
    expect(parseQuantity("0", "stock", 40, true)).to.equal(0n);
    expect(refusal(() => parseId("-1", "order", 64)).message).to.equal("order: -1 is negative");
  });

  it("reads http and https URLs only", function () {
    expect(parseUrl("http://127.0.0.1:8545/", "--rpc")).to.equal("http://127.0.0.1:8545");
    expect(refusal(() => parseUrl("ftp://x", "--rpc")).message).to.match(/not an http or https URL/);
  });
});

describe("SDK errors and contracts", function () {
  it("keeps the cause of every error it wraps", async function () {
    const s = await loadFixture(catalogFixture);
    const alice = connectPoints(s.alice, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    const revert = await redeem(alice, { skuId: 1, qty: 11 }).catch((e: unknown) => e);
    expect(revert).to.be.instanceOf(ContractRevertError);
    expect((revert as ContractRevertError).cause).to.not.equal(undefined);
    const raw = Object.assign(new Error("connect ECONNREFUSED"), { code: "NETWORK_ERROR" });
    expect(toPointsError(raw)).to.be.instanceOf(NetworkError).and.have.property("cause", raw);
    expect(toPointsError("odd")).to.be.instanceOf(PointsError).and.have.property("cause", "odd");
    for (const e of [new RelayError(429, "slow down", "wait", { retryAfter: 3, cause: raw }), new WrongNetworkError(1, 31337, { cause: raw })]) {
      expect(e).to.be.instanceOf(PointsError).and.have.property("cause", raw);
      expect(e.hint).to.be.a("string");
    }
  });

  it("reads a contract's EIP-712 domain from its eip712Domain() (ERC-5267)", async function () {
    const s = await loadFixture(catalogFixture);
    const { chainId } = await ethers.provider.getNetwork();
    expect(await eip712DomainOf(s.token)).to.deep.equal({ name: "Mall Points", version: "1", chainId, verifyingContract: await s.token.getAddress() });
    expect((await eip712DomainOf(s.forwarder)).verifyingContract).to.equal(await s.forwarder.getAddress());
  });

  it("refuses points sent to the token, the mall, the forwarder or a contract of the system, before sending", async function () {
    const s = await loadFixture(catalogFixture);
    const addresses = { token: await s.token.getAddress(), mall: await s.mall.getAddress() };
    const alice = connectPoints(s.alice, addresses);
    const issuer = connectPoints(s.issuer, addresses);
    const before = await ethers.provider.getBlockNumber();
    for (const [to, what] of [
      [addresses.token, /the points token itself/],
      [addresses.mall, /the mall contract/],
      [await s.forwarder.getAddress(), /the forwarder/],
    ] as const) {
      await expect(transfer(alice, { to, amount: 1n })).to.be.rejectedWith(InvalidInputError, what);
      await expect(issue(issuer, { to, amount: 1n, ref: "r" })).to.be.rejectedWith(InvalidInputError, what);
    }
    expect(await ethers.provider.getBlockNumber()).to.equal(before);
    expect(await systemContractAt(alice, s.bob.address)).to.equal(undefined);
    const rules = await deployRules(s.admin, { token: addresses.token, admin: s.admin.address });
    await expect(transfer(alice, { to: await rules.getAddress(), amount: 1n })).to.be.rejectedWith(InvalidInputError, /a contract of this points system \(an EarningRules contract\)/);
  });
});
