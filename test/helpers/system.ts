import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import PointsSystem, { ExpiringPointsSystem } from "../../ignition/modules/PointsSystem.js";
import {
  ExpiringPointsToken__factory,
  PointsDeployer__factory,
  PointsForwarder__factory,
  PointsMall__factory,
  PointsToken__factory,
  type ExpiringPointsToken,
  type PointsDeployer,
  type PointsForwarder,
  type PointsMall,
  type PointsToken,
} from "../../types/ethers-contracts/index.js";
import type { IPointsMall } from "../../types/ethers-contracts/contracts/PointsMall.js";

export const connection = await network.getOrCreate();
export const { ethers, networkHelpers, ignition } = connection;

export const ISSUER_QUOTA = 1_000_000n;
export const ADMIN_DELAY = 3 * 24 * 60 * 60;
export const ZERO_REF = ethers.ZeroHash;

/** A bytes32 reference from a short text, as merchants write them ("receipt-42"). */
export function ref(text: string): string {
  return ethers.encodeBytes32String(text);
}

export interface Actors {
  deployer: HardhatEthersSigner;
  admin: HardhatEthersSigner;
  issuer: HardhatEthersSigner;
  pauser: HardhatEthersSigner;
  catalog: HardhatEthersSigner;
  fulfiller: HardhatEthersSigner;
  merchantAdmin: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
}

export interface System extends Actors {
  token: PointsToken;
  mall: PointsMall;
  deployerContract: PointsDeployer;
  forwarder: PointsForwarder;
}

const roles = [
  "deployer",
  "admin",
  "issuer",
  "pauser",
  "catalog",
  "fulfiller",
  "merchantAdmin",
  "alice",
  "bob",
  "carol",
  "outsider",
] as const satisfies readonly (keyof Actors)[];

/** One signer per role, in the order of Hardhat's accounts. */
export async function actors(): Promise<Actors> {
  const signers = await ethers.getSigners();
  const entries = roles.map((role, i) => {
    const signer = signers[i];
    if (signer === undefined) throw new Error(`the test network needs ${roles.length} accounts`);
    return [role, signer] as const;
  });
  return Object.fromEntries(entries) as unknown as Actors;
}

/** The Ignition parameters that give each actor its role; the deployer is named nowhere. */
export function parametersFor(a: Actors, overrides: Record<string, unknown> = {}) {
  return {
    PointsSystem: {
      name: "Mall Points",
      symbol: "MPT",
      supplyCap: 0n,
      admin: a.admin.address,
      adminDelay: ADMIN_DELAY,
      issuers: [{ account: a.issuer.address, quota: ISSUER_QUOTA }],
      pausers: [a.pauser.address],
      merchantName: "Demo Store",
      merchantAdmin: a.merchantAdmin.address,
      catalogManagers: [a.catalog.address],
      fulfillers: [a.fulfiller.address],
      ...overrides,
    },
  };
}

/** Deploys through the Ignition module, as an operator would. */
export async function deploySystem(overrides: Record<string, unknown> = {}): Promise<System> {
  const a = await actors();
  const deployed = await ignition.deploy(PointsSystem, {
    parameters: parametersFor(a, overrides),
    defaultSender: a.deployer.address,
  });
  return {
    ...a,
    token: PointsToken__factory.connect(await deployed.token.getAddress(), a.deployer),
    mall: PointsMall__factory.connect(await deployed.mall.getAddress(), a.deployer),
    deployerContract: PointsDeployer__factory.connect(await deployed.deployer.getAddress(), a.deployer),
    forwarder: PointsForwarder__factory.connect(await deployed.forwarder.getAddress(), a.deployer),
  };
}

/** Epochs of the expiring fixture: a day each, points valid 3 epochs. */
export const EXPIRY_EPOCH = 86_400;
export const EXPIRY_VALIDITY = 3;

/** The system with ExpiringPointsToken (ERC-7818), through the ExpiringPointsSystem module. */
export async function deployExpiringSystem(overrides: Record<string, unknown> = {}): Promise<System & { expiring: ExpiringPointsToken }> {
  const a = await actors();
  const params = parametersFor(a, { epochSeconds: EXPIRY_EPOCH, validityEpochs: EXPIRY_VALIDITY, ...overrides });
  const deployed = await ignition.deploy(ExpiringPointsSystem, {
    parameters: { ExpiringPointsSystem: params.PointsSystem },
    defaultSender: a.deployer.address,
  });
  const tokenAddress = await deployed.token.getAddress();
  return {
    ...a,
    token: PointsToken__factory.connect(tokenAddress, a.deployer),
    expiring: ExpiringPointsToken__factory.connect(tokenAddress, a.deployer),
    mall: PointsMall__factory.connect(await deployed.mall.getAddress(), a.deployer),
    deployerContract: PointsDeployer__factory.connect(await deployed.deployer.getAddress(), a.deployer),
    forwarder: PointsForwarder__factory.connect(await deployed.forwarder.getAddress(), a.deployer),
  };
}

export async function expiringFixture() {
  return deployExpiringSystem();
}

export async function systemFixture(): Promise<System> {
  return deploySystem();
}

export type SkuInput = IPointsMall.SkuInputStruct;

export function skuInput(categoryId: bigint | number, overrides: Partial<SkuInput> = {}): SkuInput {
  return {
    categoryId,
    price: 100n,
    stock: 10n,
    unlimited: false,
    perWalletLimit: 0n,
    saleStart: 0n,
    saleEnd: 0n,
    active: true,
    metadataURI: "ipfs://bafy/mug.json",
    ...overrides,
  };
}

/** A system with one category (id 1) and one SKU (id 1: 100 points, 10 in stock), and Alice
 *  holding 1,000 points. */
export async function catalogFixture(): Promise<System> {
  const s = await deploySystem();
  await s.mall.connect(s.catalog).createCategory(1, "Mugs");
  await s.mall.connect(s.catalog).createSku(skuInput(1));
  await s.token.connect(s.issuer).issue(s.alice.address, 1_000n, ref("welcome"));
  return s;
}

/** catalogFixture plus order 1: Alice redeemed 2 of SKU 1 for 200 points. */
export async function orderFixture(): Promise<System> {
  const s = await catalogFixture();
  await s.mall.connect(s.alice).redeem(1, 2, 100);
  return s;
}
