import { expect } from "chai";
import { Signature } from "ethers";
import {
  InvalidInputError,
  VOUCHER_TYPES,
  claimVoucher,
  connectPoints,
  decodeVoucher,
  eip712DomainOf,
  encodeVoucher,
  signVoucher,
  type SignedVoucher,
} from "../src/sdk/index.js";
import { expectUnauthorized } from "./helpers/access.js";
import { ISSUER_QUOTA, deploySystem, ethers, networkHelpers, ref, systemFixture, type System } from "./helpers/system.js";

const { loadFixture, time } = networkHelpers;

async function signed(s: System, over: Partial<{ amount: bigint; expiry: bigint; id: bigint }> = {}): Promise<SignedVoucher> {
  const issuer = connectPoints(s.issuer, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
  return signVoucher(issuer, {
    recipient: s.alice.address,
    amount: over.amount ?? 120n,
    ref: "till-4711",
    expiry: over.expiry ?? BigInt(await time.latest()) + 3600n,
    id: over.id ?? 7n,
  });
}

describe("earn vouchers (EIP-712)", function () {
  it("credits the recipient once from the issuer's quota, whoever submits it", async function () {
    const s = await loadFixture(systemFixture);
    const v = await signed(s);
    await expect(s.token.connect(s.bob).claim(v.voucher, v.signature))
      .to.emit(s.token, "Issued")
      .withArgs(s.issuer.address, s.alice.address, 120n, ref("till-4711"));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(120n);
    expect(await s.token.issuerQuota(s.issuer.address)).to.equal(ISSUER_QUOTA - 120n);
    expect(await s.token.voucherClaimed(s.issuer.address, 7n)).to.equal(true);
    expect(await s.token.voucherClaimed(s.issuer.address, 8n)).to.equal(false);
    await expect(s.token.connect(s.carol).claim(v.voucher, v.signature))
      .to.be.revertedWithCustomError(s.token, "VoucherAlreadyClaimed")
      .withArgs(s.issuer.address, 7n);
  });

  it("works until its expiry second and not after", async function () {
    const s = await loadFixture(systemFixture);
    const expiry = BigInt(await time.latest()) + 100n;
    const first = await signed(s, { expiry, id: 1n });
    const second = await signed(s, { expiry, id: 2n });
    await time.setNextBlockTimestamp(expiry);
    await s.token.claim(first.voucher, first.signature);
    await expect(s.token.claim(second.voucher, second.signature))
      .to.be.revertedWithCustomError(s.token, "VoucherExpired")
      .withArgs(expiry);
  });

  it("does not work on another chain or another deployment: the signer is then no issuer", async function () {
    const s = await loadFixture(systemFixture);
    const voucher = { recipient: s.alice.address, amount: 5n, ref: ref("x"), expiry: BigInt(await time.latest()) + 3600n, id: 1n, generation: 0n };
    const otherChain = await s.issuer.signTypedData(
      { name: "Mall Points", version: "1", chainId: 1n, verifyingContract: await s.token.getAddress() },
      VOUCHER_TYPES,
      voucher,
    );
    const recovered = ethers.verifyTypedData(
      { name: "Mall Points", version: "1", chainId: (await ethers.provider.getNetwork()).chainId, verifyingContract: await s.token.getAddress() },
      VOUCHER_TYPES,
      voucher,
      otherChain,
    );
    await expectUnauthorized(() => s.token.claim(voucher, otherChain), s.token, { address: recovered }, await s.token.ISSUER_ROLE());

    const other = await deploySystem();
    const forOther = await signed(other);
    await expect(s.token.claim(forOther.voucher, forOther.signature)).to.be.revertedWithCustomError(s.token, "AccessControlUnauthorizedAccount");
    await other.token.claim(forOther.voucher, forOther.signature);
  });

  it("never comes back once its signer's role is revoked: granted again, the issuer has no quota and old vouchers stay void", async function () {
    const s = await loadFixture(systemFixture);
    const before = await signed(s, { id: 21n });
    const issuerRole = await s.token.ISSUER_ROLE();
    await expect(s.token.connect(s.admin).revokeRole(issuerRole, s.issuer.address))
      .to.emit(s.token, "IssuerQuotaSet")
      .withArgs(s.issuer.address, ISSUER_QUOTA, 0n);
    expect(await s.token.issuerQuota(s.issuer.address)).to.equal(0n);
    expect(await s.token.issuerGeneration(s.issuer.address)).to.equal(1n);

    await s.token.connect(s.admin).grantRole(issuerRole, s.issuer.address);
    expect(await s.token.issuerQuota(s.issuer.address)).to.equal(0n, "no quota comes back with the role");
    await s.token.connect(s.admin).setIssuerQuota(s.issuer.address, 1_000n);
    await expect(s.token.claim(before.voucher, before.signature))
      .to.be.revertedWithCustomError(s.token, "VoucherRevoked")
      .withArgs(s.issuer.address, 0n, 1n);
    // A voucher signed in the new generation works.
    const after = await signed(s, { id: 22n });
    expect(after.voucher.generation).to.equal(1n);
    await expect(s.token.claim(after.voucher, after.signature)).to.emit(s.token, "Issued");
    // Renouncing the role ends it the same way.
    await s.token.connect(s.issuer).renounceRole(issuerRole, s.issuer.address);
    expect(await s.token.issuerQuota(s.issuer.address)).to.equal(0n);
    expect(await s.token.issuerGeneration(s.issuer.address)).to.equal(2n);
  });

  it("does not work once its signer's role is revoked, nor above its quota", async function () {
    const s = await loadFixture(systemFixture);
    const big = await signed(s, { amount: ISSUER_QUOTA + 1n, id: 1n });
    await expect(s.token.claim(big.voucher, big.signature))
      .to.be.revertedWithCustomError(s.token, "IssuerQuotaExceeded")
      .withArgs(s.issuer.address, ISSUER_QUOTA, ISSUER_QUOTA + 1n);
    const v = await signed(s, { id: 2n });
    await s.token.connect(s.admin).revokeRole(await s.token.ISSUER_ROLE(), s.issuer.address);
    await expect(s.token.claim(v.voucher, v.signature))
      .to.be.revertedWithCustomError(s.token, "VoucherRevoked")
      .withArgs(s.issuer.address, 0n, 1n);
    // The SDK refuses to sign for an account without the role; signed around it, a voucher of the
    // current generation meets the missing role.
    await expect(signed(s, { id: 3n })).to.be.rejectedWith(InvalidInputError, /does not hold ISSUER_ROLE/);
    const lateVoucher = { ...v.voucher, id: 3n, generation: 1n };
    const late = { voucher: lateVoucher, signature: await s.issuer.signTypedData(await eip712DomainOf(s.token), VOUCHER_TYPES, lateVoucher) };
    await expectUnauthorized(() => s.token.claim(late.voucher, late.signature), s.token, s.issuer, await s.token.ISSUER_ROLE());
  });

  it("rejects malformed signatures by their OpenZeppelin errors", async function () {
    const s = await loadFixture(systemFixture);
    const v = await signed(s);
    await expect(s.token.claim(v.voucher, v.signature.slice(0, 130)))
      .to.be.revertedWithCustomError(s.token, "ECDSAInvalidSignatureLength")
      .withArgs(64n);
    const sig = Signature.from(v.signature);
    const highS = ethers.toBeHex(ethers.N - BigInt(sig.s), 32);
    await expect(s.token.claim(v.voucher, ethers.concat([sig.r, highS, ethers.toBeHex(sig.v, 1)]))).to.be.revertedWithCustomError(
      s.token,
      "ECDSAInvalidSignatureS",
    );
    await expect(s.token.claim(v.voucher, ethers.concat([ethers.ZeroHash, ethers.ZeroHash, "0x1b"]))).to.be.revertedWithCustomError(
      s.token,
      "ECDSAInvalidSignature",
    );
  });

  it("reverts on a zero amount, a zero reference, and while paused", async function () {
    const s = await loadFixture(systemFixture);
    const zero = await signed(s, { amount: 0n }).catch((e: unknown) => e);
    expect(zero).to.be.instanceOf(InvalidInputError);
    // Signed around the SDK's checks, the contract refuses them too.
    const domain = { name: "Mall Points", version: "1", chainId: (await ethers.provider.getNetwork()).chainId, verifyingContract: await s.token.getAddress() };
    const base = { recipient: s.alice.address, amount: 5n, ref: ref("x"), expiry: BigInt(await time.latest()) + 3600n, id: 9n, generation: 0n };
    for (const [voucher, error] of [
      [{ ...base, amount: 0n }, "ZeroAmount"],
      [{ ...base, ref: ethers.ZeroHash }, "ZeroReference"],
    ] as const) {
      const signature = await s.issuer.signTypedData(domain, VOUCHER_TYPES, voucher);
      await expect(s.token.claim(voucher, signature)).to.be.revertedWithCustomError(s.token, error);
    }
    const v = await signed(s);
    await s.token.connect(s.pauser).pause();
    await expect(s.token.claim(v.voucher, v.signature)).to.be.revertedWithCustomError(s.token, "EnforcedPause");
  });

  it("encodes to one short line for a QR code, and back; a damaged code is refused", async function () {
    const s = await loadFixture(systemFixture);
    const v = await signed(s);
    const code = encodeVoucher(v);
    expect(code).to.match(/^PV2\.[A-Za-z0-9_-]+$/);
    expect(code.length).to.be.at.most(219);
    expect(decodeVoucher(code)).to.deep.equal(v);
    expect(() => decodeVoucher(code.slice(0, -8))).to.throw(InvalidInputError);
    expect(() => decodeVoucher("hello")).to.throw(InvalidInputError, /not a Points Mall voucher/);
    const client = connectPoints(s.bob, { token: await s.token.getAddress(), mall: await s.mall.getAddress() });
    await claimVoucher(client, decodeVoucher(code));
    expect(await s.token.balanceOf(s.alice.address)).to.equal(120n);
  });
});
