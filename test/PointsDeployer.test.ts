import { expect } from "chai";
import EarningRulesModule from "../ignition/modules/EarningRules.js";
import PointsSystem from "../ignition/modules/PointsSystem.js";
import { EarningRules__factory, PointsDeployer__factory, PointsToken__factory } from "../types/ethers-contracts/index.js";
import {
  actors,
  deploySystem,
  ethers,
  ignition,
  networkHelpers,
  parametersFor,
  systemFixture,
} from "./helpers/system.js";

const { loadFixture } = networkHelpers;

describe("PointsDeployer and the Ignition module", function () {
  it("deploys token and mall in one transaction and emits SystemDeployed", async function () {
    const { deployerContract, token, mall, admin } = await loadFixture(systemFixture);
    expect(await deployerContract.token()).to.equal(await token.getAddress());
    expect(await deployerContract.mall()).to.equal(await mall.getAddress());
    const logs = await ethers.provider.getLogs({
      address: await deployerContract.getAddress(),
      fromBlock: 0,
      topics: [deployerContract.interface.getEvent("SystemDeployed").topicHash],
    });
    expect(logs).to.have.length(1);
    const parsed = deployerContract.interface.parseLog(logs[0]!);
    expect(parsed?.args).to.deep.equal([await token.getAddress(), await mall.getAddress(), admin.address]);
  });

  it("makes the mall the token's only burner, holding no role itself", async function () {
    const { deployerContract, token, mall } = await loadFixture(systemFixture);
    const burner = await token.BURNER_ROLE();
    expect(await token.hasRole(burner, await mall.getAddress())).to.equal(true);
    expect(await token.hasRole(burner, await deployerContract.getAddress())).to.equal(false);
    expect(await mall.hasRole(ethers.ZeroHash, await deployerContract.getAddress())).to.equal(false);
  });

  it("gives the deployer a role only when the parameters name it", async function () {
    const a = await actors();
    const s = await deploySystem({ pausers: [a.deployer.address] });
    expect(await s.token.hasRole(await s.token.PAUSER_ROLE(), a.deployer.address)).to.equal(true);
    expect(await s.token.hasRole(ethers.ZeroHash, a.deployer.address)).to.equal(false);
  });

  it("ignores burners passed in the token configuration", async function () {
    const a = await actors();
    const factory = new PointsDeployer__factory(a.deployer);
    const d = await factory.deploy(
      PointsToken__factory.bytecode,
      {
        name: "P",
        symbol: "P",
        supplyCap: 0n,
        admin: a.admin.address,
        adminDelay: 0n,
        issuers: [],
        burners: [a.outsider.address],
        pausers: [],
        trustedForwarder: ethers.ZeroAddress,
        epochSeconds: 0n,
        validityEpochs: 0n,
      },
      {
        token: ethers.ZeroAddress,
        admin: a.admin.address,
        adminDelay: 0n,
        merchantName: "M",
        merchantAdmin: a.merchantAdmin.address,
        catalogManagers: [],
        fulfillers: [],
        issuers: [a.outsider.address],
        trustedForwarder: a.outsider.address,
      },
    );
    const token = await ethers.getContractAt("PointsToken", await d.token());
    expect(await token.hasRole(await token.BURNER_ROLE(), a.outsider.address)).to.equal(false);
    expect(await token.hasRole(await token.BURNER_ROLE(), await d.mall())).to.equal(true);
  });

  it("the EarningRules module deploys a merchant's rules with the roles its parameters name", async function () {
    const s = await loadFixture(systemFixture);
    const { rules } = await ignition.deploy(EarningRulesModule, {
      parameters: {
        EarningRules: { token: await s.token.getAddress(), admin: s.merchantAdmin.address, managers: [s.catalog.address], reporters: [s.fulfiller.address] },
      },
      defaultSender: s.deployer.address,
    });
    const typed = EarningRules__factory.connect(await rules.getAddress(), s.deployer);
    expect(await typed.token()).to.equal(await s.token.getAddress());
    expect(await typed.hasRole(ethers.ZeroHash, s.merchantAdmin.address)).to.equal(true);
    expect(await typed.hasRole(await typed.RULES_MANAGER(), s.catalog.address)).to.equal(true);
    expect(await typed.hasRole(await typed.REPORTER(), s.fulfiller.address)).to.equal(true);
    expect(await typed.hasRole(ethers.ZeroHash, s.deployer.address)).to.equal(false);
  });

  it("refuses to deploy without an admin parameter, naming it", async function () {
    const a = await actors();
    const parameters = parametersFor(a);
    const { admin: _omitted, ...withoutAdmin } = parameters.PointsSystem;
    await expect(ignition.deploy(PointsSystem, { parameters: { PointsSystem: withoutAdmin } })).to.be.rejectedWith(
      /admin/,
    );
  });
});
