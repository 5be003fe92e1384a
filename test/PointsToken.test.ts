import { expect } from "chai";
import { PERMIT_TYPES } from "../src/sdk/index.js";
import { PointsToken__factory } from "../types/ethers-contracts/index.js";
import { expectUnauthorized } from "./helpers/access.js";
import {
  ADMIN_DELAY,
  ISSUER_QUOTA,
  ZERO_REF,
  actors,
  catalogFixture,
  deploySystem,
  ethers,
  networkHelpers,
  ref,
  systemFixture,
} from "./helpers/system.js";

const { loadFixture, time } = networkHelpers;

describe("PointsToken", function () {
  describe("deployment", function () {
    it("has whole points, the configured name and symbol, and no supply", async function () {
      const { token } = await loadFixture(systemFixture);
      expect(await token.decimals()).to.equal(0n);
      expect(await token.name()).to.equal("Mall Points");
      expect(await token.symbol()).to.equal("MPT");
      expect(await token.totalSupply()).to.equal(0n);
      expect(await token.supplyCap()).to.equal(0n);
    });

    it("gives each role to the accounts the parameters name, and none to the deployer", async function () {
      const { token, mall, deployer, deployerContract, admin, issuer, pauser } = await loadFixture(systemFixture);
      expect(await token.defaultAdmin()).to.equal(admin.address);
      expect(await token.defaultAdminDelay()).to.equal(BigInt(ADMIN_DELAY));
      expect(await token.hasRole(await token.ISSUER_ROLE(), issuer.address)).to.equal(true);
      expect(await token.issuerQuota(issuer.address)).to.equal(ISSUER_QUOTA);
      expect(await token.hasRole(await token.PAUSER_ROLE(), pauser.address)).to.equal(true);
      expect(await token.hasRole(await token.BURNER_ROLE(), await mall.getAddress())).to.equal(true);
      for (const holder of [deployer.address, await deployerContract.getAddress()]) {
        for (const role of [ZERO_REF, await token.ISSUER_ROLE(), await token.BURNER_ROLE(), await token.PAUSER_ROLE()]) {
          expect(await token.hasRole(role, holder)).to.equal(false);
        }
      }
    });

    it("rejects a symbol that MetaMask's wallet_watchAsset would not take", async function () {
      const a = await actors();
      const factory = new PointsToken__factory(a.deployer);
      const config = {
        name: "Too Long",
        symbol: "TWELVECHARSX",
        supplyCap: 0n,
        admin: a.admin.address,
        adminDelay: 0n,
        issuers: [],
        burners: [],
        pausers: [],
        trustedForwarder: ethers.ZeroAddress,
        epochSeconds: 0n,
        validityEpochs: 0n,
      };
      await expect(factory.deploy(config))
        .to.be.revertedWithCustomError(factory, "SymbolLengthInvalid")
        .withArgs(12n, 11n);
      await expect(factory.deploy({ ...config, symbol: "" }))
        .to.be.revertedWithCustomError(factory, "SymbolLengthInvalid")
        .withArgs(0n, 11n);
      const token = await factory.deploy({ ...config, symbol: "ELEVENCHARS" });
      expect(await token.symbol()).to.equal("ELEVENCHARS");
    });
  });

  describe("setIssuerQuota", function () {
    it("sets the remaining quota and emits IssuerQuotaSet with the previous one", async function () {
      const { token, admin, issuer } = await loadFixture(systemFixture);
      await expect(token.connect(admin).setIssuerQuota(issuer.address, 42n))
        .to.emit(token, "IssuerQuotaSet")
        .withArgs(issuer.address, ISSUER_QUOTA, 42n);
      expect(await token.issuerQuota(issuer.address)).to.equal(42n);
    });

    it("may only be called by the admin", async function () {
      const { token, issuer, outsider } = await loadFixture(systemFixture);
      for (const caller of [issuer, outsider]) {
        await expectUnauthorized(() => token.connect(caller).setIssuerQuota(issuer.address, 1n), token, caller, ZERO_REF);
      }
    });
  });

  describe("issue", function () {
    it("mints to the recipient, spends the issuer's quota and emits Transfer and Issued", async function () {
      const { token, issuer, alice } = await loadFixture(systemFixture);
      const tx = token.connect(issuer).issue(alice.address, 250n, ref("receipt-1"));
      await expect(tx).to.emit(token, "Transfer").withArgs(ethers.ZeroAddress, alice.address, 250n);
      await expect(tx).to.emit(token, "Issued").withArgs(issuer.address, alice.address, 250n, ref("receipt-1"));
      expect(await token.balanceOf(alice.address)).to.equal(250n);
      expect(await token.issuerQuota(issuer.address)).to.equal(ISSUER_QUOTA - 250n);
    });

    it("reverts with the remaining quota when the amount is above it", async function () {
      const { token, issuer, alice } = await loadFixture(systemFixture);
      await token.connect(issuer).issue(alice.address, ISSUER_QUOTA - 5n, ref("a"));
      await expect(token.connect(issuer).issue(alice.address, 6n, ref("b")))
        .to.be.revertedWithCustomError(token, "IssuerQuotaExceeded")
        .withArgs(issuer.address, 5n, 6n);
    });

    it("reverts with the cap and the supply when the amount would pass the cap", async function () {
      const s = await deploySystem({ supplyCap: 1_000n });
      await s.token.connect(s.issuer).issue(s.alice.address, 900n, ref("a"));
      await expect(s.token.connect(s.issuer).issue(s.alice.address, 101n, ref("b")))
        .to.be.revertedWithCustomError(s.token, "SupplyCapExceeded")
        .withArgs(1_000n, 900n, 0n, 101n);
      await s.token.connect(s.issuer).issue(s.alice.address, 100n, ref("c"));
      expect(await s.token.totalSupply()).to.equal(1_000n);
    });

    it("reverts on zero amount, zero reference and the zero address", async function () {
      const { token, issuer, alice } = await loadFixture(systemFixture);
      await expect(token.connect(issuer).issue(alice.address, 0n, ref("a"))).to.be.revertedWithCustomError(
        token,
        "ZeroAmount",
      );
      await expect(token.connect(issuer).issue(alice.address, 1n, ZERO_REF)).to.be.revertedWithCustomError(
        token,
        "ZeroReference",
      );
      await expect(token.connect(issuer).issue(ethers.ZeroAddress, 1n, ref("a")))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });

    it("may only be called by issuers, and not after the role is revoked", async function () {
      const { token, admin, issuer, alice, outsider } = await loadFixture(systemFixture);
      const role = await token.ISSUER_ROLE();
      await expectUnauthorized(() => token.connect(outsider).issue(alice.address, 1n, ref("a")), token, outsider, role);
      await token.connect(admin).revokeRole(role, issuer.address);
      await expectUnauthorized(() => token.connect(issuer).issue(alice.address, 1n, ref("a")), token, issuer, role);
    });

    it("reverts while paused", async function () {
      const { token, pauser, issuer, alice } = await loadFixture(systemFixture);
      await token.connect(pauser).pause();
      await expect(token.connect(issuer).issue(alice.address, 1n, ref("a"))).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
    });
  });

  describe("issueBatch", function () {
    it("credits every recipient, spends the total and emits a Transfer each and one BatchIssued", async function () {
      const { token, issuer, alice, bob, carol } = await loadFixture(systemFixture);
      const to = [alice.address, bob.address, carol.address];
      const amounts = [10n, 20n, 30n];
      const tx = token.connect(issuer).issueBatch(to, amounts, ref("batch-2026-11"));
      await expect(tx).to.changeTokenBalances(ethers, token, [alice, bob, carol], amounts);
      for (let i = 0; i < to.length; i++) {
        await expect(tx).to.emit(token, "Transfer").withArgs(ethers.ZeroAddress, to[i], amounts[i]);
      }
      await expect(tx).to.emit(token, "BatchIssued").withArgs(issuer.address, ref("batch-2026-11"), 3n, 60n);
      expect(await token.issuerQuota(issuer.address)).to.equal(ISSUER_QUOTA - 60n);
      expect(await token.batchIssued(issuer.address, ref("batch-2026-11"))).to.equal(true);
    });

    it("credits no one twice when the same batch is sent again", async function () {
      const { token, issuer, alice } = await loadFixture(systemFixture);
      await token.connect(issuer).issueBatch([alice.address], [5n], ref("b1"));
      await expect(token.connect(issuer).issueBatch([alice.address], [5n], ref("b1")))
        .to.be.revertedWithCustomError(token, "BatchAlreadyIssued")
        .withArgs(issuer.address, ref("b1"));
      expect(await token.balanceOf(alice.address)).to.equal(5n);
    });

    it("scopes batch references per issuer: another issuer using a victim's reference first takes nothing from it", async function () {
      const { token, admin, issuer, alice, bob, outsider } = await loadFixture(systemFixture);
      await token.connect(admin).grantRole(await token.ISSUER_ROLE(), outsider.address);
      await token.connect(admin).setIssuerQuota(outsider.address, 100n);
      // The attacker front-runs the victim's predictable reference...
      await token.connect(outsider).issueBatch([bob.address], [1n], ref("file-digest-0"));
      expect(await token.batchIssued(outsider.address, ref("file-digest-0"))).to.equal(true);
      expect(await token.batchIssued(issuer.address, ref("file-digest-0"))).to.equal(false);
      // ...and the victim's batch is still issued in full.
      await expect(token.connect(issuer).issueBatch([alice.address], [50n], ref("file-digest-0")))
        .to.emit(token, "BatchIssued")
        .withArgs(issuer.address, ref("file-digest-0"), 1n, 50n);
      expect(await token.balanceOf(alice.address)).to.equal(50n);
    });

    it("reverts on arrays of different lengths and on an empty batch", async function () {
      const { token, issuer, alice, bob } = await loadFixture(systemFixture);
      await expect(token.connect(issuer).issueBatch([alice.address, bob.address], [1n], ref("b")))
        .to.be.revertedWithCustomError(token, "BatchLengthMismatch")
        .withArgs(2n, 1n);
      await expect(token.connect(issuer).issueBatch([], [], ref("b"))).to.be.revertedWithCustomError(
        token,
        "BatchEmpty",
      );
    });

    it("names the index of a zero recipient or a zero amount", async function () {
      const { token, issuer, alice } = await loadFixture(systemFixture);
      await expect(token.connect(issuer).issueBatch([alice.address, ethers.ZeroAddress], [1n, 1n], ref("b")))
        .to.be.revertedWithCustomError(token, "BatchInvalidRecipient")
        .withArgs(1n, ethers.ZeroAddress);
      await expect(token.connect(issuer).issueBatch([alice.address, await token.getAddress()], [1n, 1n], ref("b")))
        .to.be.revertedWithCustomError(token, "BatchInvalidRecipient")
        .withArgs(1n, await token.getAddress());
      await expect(token.connect(issuer).issueBatch([alice.address, alice.address], [1n, 0n], ref("b")))
        .to.be.revertedWithCustomError(token, "BatchZeroAmount")
        .withArgs(1n);
      await expect(token.connect(issuer).issueBatch([alice.address], [1n], ZERO_REF)).to.be.revertedWithCustomError(
        token,
        "ZeroReference",
      );
    });

    it("checks the quota on the batch total before crediting anyone", async function () {
      const { token, admin, issuer, alice, bob } = await loadFixture(systemFixture);
      await token.connect(admin).setIssuerQuota(issuer.address, 15n);
      await expect(token.connect(issuer).issueBatch([alice.address, bob.address], [10n, 10n], ref("b")))
        .to.be.revertedWithCustomError(token, "IssuerQuotaExceeded")
        .withArgs(issuer.address, 15n, 20n);
      expect(await token.totalSupply()).to.equal(0n);
      expect(await token.batchIssued(issuer.address, ref("b"))).to.equal(false);
    });

    it("may only be called by issuers, and not while paused", async function () {
      const { token, pauser, issuer, alice, outsider } = await loadFixture(systemFixture);
      await expectUnauthorized(
        () => token.connect(outsider).issueBatch([alice.address], [1n], ref("b")),
        token,
        outsider,
        await token.ISSUER_ROLE(),
      );
      await token.connect(pauser).pause();
      await expect(token.connect(issuer).issueBatch([alice.address], [1n], ref("b"))).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
    });
  });

  describe("burn and refund", function () {
    // The mall is the only burner; the tests impersonate it to reach the token directly.
    async function mallSigner(mallAddress: string) {
      await networkHelpers.impersonateAccount(mallAddress);
      await networkHelpers.setBalance(mallAddress, 10n ** 18n);
      return ethers.getSigner(mallAddress);
    }

    it("burn takes points without an allowance, emits Transfer and Burned, and counts them refundable", async function () {
      const { token, mall, alice } = await loadFixture(catalogFixture);
      const burner = await mallSigner(await mall.getAddress());
      const tx = token.connect(burner).burn(alice.address, 300n, ref("order-9"));
      await expect(tx).to.emit(token, "Transfer").withArgs(alice.address, ethers.ZeroAddress, 300n);
      await expect(tx).to.emit(token, "Burned").withArgs(burner.address, alice.address, 300n, ref("order-9"));
      expect(await token.balanceOf(alice.address)).to.equal(700n);
      expect(await token.refundable(burner.address)).to.equal(300n);
    });

    it("burn reverts on zero amount, on a balance too small, and while paused", async function () {
      const { token, mall, pauser, alice } = await loadFixture(catalogFixture);
      const burner = await mallSigner(await mall.getAddress());
      await expect(token.connect(burner).burn(alice.address, 0n, ref("o"))).to.be.revertedWithCustomError(
        token,
        "ZeroAmount",
      );
      await expect(token.connect(burner).burn(alice.address, 1_001n, ref("o")))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 1_000n, 1_001n);
      await token.connect(pauser).pause();
      await expect(token.connect(burner).burn(alice.address, 1n, ref("o"))).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
    });

    it("refund mints back what the burner burned, emits Refunded, and no more", async function () {
      const { token, mall, alice, bob } = await loadFixture(catalogFixture);
      const burner = await mallSigner(await mall.getAddress());
      await token.connect(burner).burn(alice.address, 300n, ref("o1"));
      const tx = token.connect(burner).refund(bob.address, 120n, ref("o1"));
      await expect(tx).to.emit(token, "Transfer").withArgs(ethers.ZeroAddress, bob.address, 120n);
      await expect(tx).to.emit(token, "Refunded").withArgs(burner.address, bob.address, 120n, ref("o1"));
      expect(await token.refundable(burner.address)).to.equal(180n);
      await expect(token.connect(burner).refund(bob.address, 181n, ref("o1")))
        .to.be.revertedWithCustomError(token, "RefundExceedsBurned")
        .withArgs(burner.address, 180n, 181n);
      await expect(token.connect(burner).refund(bob.address, 0n, ref("o1"))).to.be.revertedWithCustomError(
        token,
        "ZeroAmount",
      );
    });

    it("burn and refund may only be called by burners", async function () {
      const { token, issuer, alice } = await loadFixture(catalogFixture);
      const role = await token.BURNER_ROLE();
      await expectUnauthorized(() => token.connect(issuer).burn(alice.address, 1n, ref("o")), token, issuer, role);
      await expectUnauthorized(() => token.connect(alice).refund(alice.address, 1n, ref("o")), token, alice, role);
    });

    it("refund reverts while paused", async function () {
      const { token, mall, pauser, alice } = await loadFixture(catalogFixture);
      const burner = await mallSigner(await mall.getAddress());
      await token.connect(burner).burn(alice.address, 10n, ref("o"));
      await token.connect(pauser).pause();
      await expect(token.connect(burner).refund(alice.address, 10n, ref("o"))).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
    });
  });

  describe("pause and unpause", function () {
    it("pause stops transfers and emits Paused; reads still work; unpause resumes them", async function () {
      const { token, pauser, alice, bob } = await loadFixture(catalogFixture);
      await expect(token.connect(pauser).pause()).to.emit(token, "Paused").withArgs(pauser.address);
      expect(await token.paused()).to.equal(true);
      expect(await token.balanceOf(alice.address)).to.equal(1_000n);
      await expect(token.connect(alice).transfer(bob.address, 1n)).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
      await expect(token.connect(pauser).unpause()).to.emit(token, "Unpaused").withArgs(pauser.address);
      await expect(token.connect(alice).transfer(bob.address, 1n)).to.changeTokenBalances(
        ethers,
        token,
        [alice, bob],
        [-1n, 1n],
      );
    });

    it("pause and unpause revert in the wrong state", async function () {
      const { token, pauser } = await loadFixture(systemFixture);
      await expect(token.connect(pauser).unpause()).to.be.revertedWithCustomError(token, "ExpectedPause");
      await token.connect(pauser).pause();
      await expect(token.connect(pauser).pause()).to.be.revertedWithCustomError(token, "EnforcedPause");
    });

    it("may only be called by pausers", async function () {
      const { token, admin } = await loadFixture(systemFixture);
      const role = await token.PAUSER_ROLE();
      await expectUnauthorized(() => token.connect(admin).pause(), token, admin, role);
      await expectUnauthorized(() => token.connect(admin).unpause(), token, admin, role);
    });
  });

  describe("transfers and permit", function () {
    it("transfer and transferFrom move whole points between holders", async function () {
      const { token, alice, bob, carol } = await loadFixture(catalogFixture);
      await expect(token.connect(alice).transfer(bob.address, 400n))
        .to.emit(token, "Transfer")
        .withArgs(alice.address, bob.address, 400n);
      await token.connect(bob).approve(carol.address, 100n);
      await expect(token.connect(carol).transferFrom(bob.address, carol.address, 100n)).to.changeTokenBalances(
        ethers,
        token,
        [bob, carol],
        [-100n, 100n],
      );
      await expect(token.connect(carol).transferFrom(bob.address, carol.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(carol.address, 0n, 1n);
    });

    async function signPermit(
      s: Awaited<ReturnType<typeof catalogFixture>>,
      value: bigint,
      deadline: bigint,
      nonce: bigint,
    ) {
      const { chainId } = await ethers.provider.getNetwork();
      const domain = { name: "Mall Points", version: "1", chainId, verifyingContract: await s.token.getAddress() };
      const message = { owner: s.alice.address, spender: s.bob.address, value, nonce, deadline };
      return ethers.Signature.from(await s.alice.signTypedData(domain, PERMIT_TYPES, message));
    }

    it("permit sets an allowance from a signature under the chain's EIP-712 domain, once per nonce", async function () {
      const s = await loadFixture(catalogFixture);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(s, 50n, deadline, 0n);
      await expect(s.token.connect(s.carol).permit(s.alice.address, s.bob.address, 50n, deadline, sig.v, sig.r, sig.s))
        .to.emit(s.token, "Approval")
        .withArgs(s.alice.address, s.bob.address, 50n);
      expect(await s.token.allowance(s.alice.address, s.bob.address)).to.equal(50n);
      expect(await s.token.nonces(s.alice.address)).to.equal(1n);
      await expect(
        s.token.connect(s.carol).permit(s.alice.address, s.bob.address, 50n, deadline, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(s.token, "ERC2612InvalidSigner");
    });

    it("permit reverts after its deadline", async function () {
      const s = await loadFixture(catalogFixture);
      const deadline = BigInt(await time.latest()) - 1n;
      const sig = await signPermit(s, 50n, deadline, 0n);
      await expect(s.token.permit(s.alice.address, s.bob.address, 50n, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(s.token, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });
  });

  describe("ledger edges", function () {
    it("transfer reverts to the zero address and above the balance, naming the balance", async function () {
      const { token, alice, bob } = await loadFixture(catalogFixture);
      await expect(token.connect(alice).transfer(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
      await expect(token.connect(alice).transfer(bob.address, 1_001n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 1_000n, 1_001n);
    });

    it("approve rejects the zero spender; an unlimited allowance stays unlimited; transferFrom rejects the zero sender", async function () {
      const { token, alice, bob } = await loadFixture(catalogFixture);
      await expect(token.connect(alice).approve(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidSpender")
        .withArgs(ethers.ZeroAddress);
      await token.connect(alice).approve(bob.address, ethers.MaxUint256);
      await token.connect(bob).transferFrom(alice.address, bob.address, 10n);
      expect(await token.allowance(alice.address, bob.address)).to.equal(ethers.MaxUint256);
      await expect(token.connect(bob).transferFrom(ethers.ZeroAddress, bob.address, 0n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidSender")
        .withArgs(ethers.ZeroAddress);
    });

    it("exposes the EIP-712 domain with the chain id", async function () {
      const { token } = await loadFixture(systemFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const domain = await token.eip712Domain();
      expect([domain.name, domain.version, domain.chainId, domain.verifyingContract]).to.deep.equal([
        "Mall Points",
        "1",
        chainId,
        await token.getAddress(),
      ]);
      expect(await token.DOMAIN_SEPARATOR()).to.equal(
        ethers.TypedDataEncoder.hashDomain({ name: "Mall Points", version: "1", chainId, verifyingContract: await token.getAddress() }),
      );
    });

    it("refuses a quota or a cap above 2^120 - 1, the most the ledger holds", async function () {
      const { token, admin, issuer } = await loadFixture(systemFixture);
      const max = 2n ** 120n - 1n;
      await expect(token.connect(admin).setIssuerQuota(issuer.address, max + 1n))
        .to.be.revertedWithCustomError(token, "QuotaTooLarge")
        .withArgs(max + 1n, max);
      const a = await actors();
      const factory = new PointsToken__factory(a.deployer);
      const config = { name: "P", symbol: "P", supplyCap: max + 1n, admin: a.admin.address, adminDelay: 0n, issuers: [], burners: [], pausers: [], trustedForwarder: ethers.ZeroAddress, epochSeconds: 0n, validityEpochs: 0n };
      await expect(factory.deploy(config)).to.be.revertedWithCustomError(factory, "CapTooLarge").withArgs(max + 1n, max);
    });

    it("a batch whose amounts add up past 2^256 reverts with the cap", async function () {
      const { token, issuer, alice, bob } = await loadFixture(systemFixture);
      const max = 2n ** 120n - 1n;
      await expect(token.connect(issuer).issueBatch([alice.address, bob.address], [ethers.MaxUint256, 2n], ref("b")))
        .to.be.revertedWithCustomError(token, "SupplyCapExceeded")
        .withArgs(max, 0n, 0n, ethers.MaxUint256);
    });
  });

  describe("roles on the hot paths", function () {
    it("a revoked issuer cannot issue; granted again, it starts with no quota until the admin sets one", async function () {
      const { token, admin, issuer, alice } = await loadFixture(systemFixture);
      const role = await token.ISSUER_ROLE();
      await token.connect(admin).revokeRole(role, issuer.address);
      await expectUnauthorized(() => token.connect(issuer).issue(alice.address, 1n, ref("a")), token, issuer, role);
      await expectUnauthorized(() => token.connect(issuer).issueBatch([alice.address], [1n], ref("b")), token, issuer, role);
      await token.connect(admin).grantRole(role, issuer.address);
      await expect(token.connect(issuer).issue(alice.address, 5n, ref("a")))
        .to.be.revertedWithCustomError(token, "IssuerQuotaExceeded")
        .withArgs(issuer.address, 0n, 5n);
      await token.connect(admin).setIssuerQuota(issuer.address, 10n);
      await token.connect(issuer).issue(alice.address, 5n, ref("a"));
      expect(await token.issuerQuota(issuer.address)).to.equal(5n);
    });

    it("a burner that renounces its role can neither burn nor refund", async function () {
      const { token, admin, carol, alice } = await loadFixture(catalogFixture);
      const role = await token.BURNER_ROLE();
      await token.connect(admin).grantRole(role, carol.address);
      await token.connect(carol).burn(alice.address, 10n, ref("o"));
      await token.connect(carol).renounceRole(role, carol.address);
      expect(await token.hasRole(role, carol.address)).to.equal(false);
      await expectUnauthorized(() => token.connect(carol).burn(alice.address, 1n, ref("o")), token, carol, role);
      await expectUnauthorized(() => token.connect(carol).refund(alice.address, 1n, ref("o")), token, carol, role);
      expect(await token.refundable(carol.address)).to.equal(10n);
    });
  });

  describe("admin", function () {
    it("hands the admin role over in two steps, after the delay", async function () {
      const { token, admin, carol } = await loadFixture(systemFixture);
      await token.connect(admin).beginDefaultAdminTransfer(carol.address);
      await expect(token.connect(carol).acceptDefaultAdminTransfer()).to.be.revertedWithCustomError(
        token,
        "AccessControlEnforcedDefaultAdminDelay",
      );
      await time.increase(ADMIN_DELAY + 1);
      await token.connect(carol).acceptDefaultAdminTransfer();
      expect(await token.defaultAdmin()).to.equal(carol.address);
      expect(await token.hasRole(ZERO_REF, admin.address)).to.equal(false);
    });

    it("grants and revokes roles only through the admin", async function () {
      const { token, admin, carol, outsider } = await loadFixture(systemFixture);
      const role = await token.ISSUER_ROLE();
      await expect(token.connect(admin).grantRole(role, carol.address))
        .to.emit(token, "RoleGranted")
        .withArgs(role, carol.address, admin.address);
      await expectUnauthorized(() => token.connect(outsider).grantRole(role, outsider.address), token, outsider, ZERO_REF);
    });

    it("reports the ERC-165 interfaces of AccessControl", async function () {
      const { token } = await loadFixture(systemFixture);
      expect(await token.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      expect(await token.supportsInterface("0x31498786")).to.equal(true); // IAccessControlDefaultAdminRules
      expect(await token.supportsInterface("0xffffffff")).to.equal(false);
    });
  });
});
