/**
 * The width in bits of each kind of number the contracts take, read from their ABIs, so that a
 * SKU id, a quantity or a price is refused locally exactly where the contract's integer type ends.
 */
import { EarningRules__factory, PointsMall__factory } from "./contracts.js";

interface AbiParam {
  readonly name: string;
  readonly type: string;
  readonly components?: readonly AbiParam[];
}
interface AbiItem {
  readonly type: string;
  readonly name?: string;
  readonly inputs?: readonly AbiParam[];
}
type FunctionName<A extends readonly AbiItem[]> = Extract<A[number], { type: "function" }>["name"];

/** The bits of the unsigned integer at `path` ("skuId", "input.stock") of function `fn`'s inputs. */
function bits<A extends readonly AbiItem[]>(abi: A, fn: FunctionName<A>, path: string): number {
  const [first, ...rest] = path.split(".");
  let param = abi.find((f) => f.type === "function" && f.name === fn)?.inputs?.find((i) => i.name === first);
  for (const part of rest) param = param?.components?.find((c) => c.name === part);
  const m = /^uint(\d+)$/.exec(param?.type ?? "");
  if (m === null) throw new Error(`the ABI has no unsigned integer ${fn}(${path})`);
  return Number(m[1]);
}

const mall = PointsMall__factory.abi;

/** Bits of each kind of number, as the contracts declare them. */
export const BITS = {
  sku: bits(mall, "redeem", "skuId"),
  quantity: bits(mall, "redeem", "qty"),
  price: bits(mall, "redeem", "maxPricePerUnit"),
  order: bits(mall, "cancel", "orderId"),
  merchant: bits(mall, "createCategory", "merchantId"),
  category: bits(mall, "renameCategory", "categoryId"),
  stock: bits(mall, "createSku", "input.stock"),
  restock: bits(mall, "restock", "added"),
  walletLimit: bits(mall, "createSku", "input.perWalletLimit"),
  saleTime: bits(mall, "createSku", "input.saleStart"),
  rule: bits(EarningRules__factory.abi, "retireRule", "ruleId"),
} as const;
