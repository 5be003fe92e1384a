/** What the delivery routes ask the chain: orders, roles and who signed typed data. */
import { getAddress, verifyTypedData, type ContractRunner } from "ethers";
import { PointsMall__factory } from "../../../types/ethers-contracts/index.js";
import { ContractRevertError, NetworkError, deliveryDomain, merchantRoleId, orderStatusName, toPointsError, type DELIVERY_TYPES } from "../../sdk/index.js";
import { ApiError, badParam } from "../params.js";

/** The chain the API checks signatures, orders and roles against. */
export interface DeliveryChain {
  runner: ContractRunner;
  mall: string;
  chainId: bigint;
}

export function chainReader(chain: DeliveryChain | undefined) {
  const chainOf = (): DeliveryChain => {
    if (chain === undefined) throw new ApiError(503, "this API has no connection to the chain, so it cannot check signatures against orders", "run it with the ledger (points serve) and an RPC URL");
    return chain;
  };

  /** The order as the chain has it now (not the index, which may be a few blocks behind). */
  async function orderOnChain(id: bigint) {
    const c = chainOf();
    try {
      const v = await PointsMall__factory.connect(c.mall, c.runner).order(id);
      return { buyer: getAddress(v.buyer), merchantId: Number(v.merchantId), status: orderStatusName(v.status) };
    } catch (error) {
      const e = toPointsError(error);
      if (e instanceof ContractRevertError && e.errorName === "UnknownOrder") throw new ApiError(404, `there is no order ${id} on this chain`, "check the order's number on its receipt");
      if (e instanceof NetworkError) throw new ApiError(503, "the chain did not answer", "try again in a moment");
      throw e;
    }
  }

  async function isFulfiller(address: string, merchantId: number): Promise<boolean> {
    const c = chainOf();
    try {
      return await PointsMall__factory.connect(c.mall, c.runner).hasRole(merchantRoleId("FULFILLER", merchantId), address);
    } catch {
      throw new ApiError(503, "the chain did not answer whether this account is a fulfiller", "try again in a moment");
    }
  }

  /** Who signed typed data: a signature that recovers no address is refused as malformed. */
  function typedSigner(types: typeof DELIVERY_TYPES, value: Record<string, unknown>, signature: string): string {
    const c = chainOf();
    try {
      return verifyTypedData(deliveryDomain(c.chainId, c.mall), types, value, signature);
    } catch {
      return badParam("signature", "is not a valid signature", "sign the request again with the wallet");
    }
  }

  return { chainOf, orderOnChain, isFulfiller, typedSigner };
}

export type ChainReader = ReturnType<typeof chainReader>;
