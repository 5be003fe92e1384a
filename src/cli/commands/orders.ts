/** Orders: a customer redeems; the merchant's fulfillers fulfil or cancel. */
import { Option } from "commander";
import { cancel, fulfil, listOrders, ORDER_STATUSES, redeem, type OrderStatus } from "../../sdk/index.js";
import { argument, kinds, option } from "../args.js";
import type { CommandGroup } from "../context.js";
import { table } from "../output.js";

export const orders: CommandGroup = (program, cli) => {
  program
    .command("redeem")
    .description("redeem points for goods")
    .addArgument(argument("sku", "the SKU's id (points catalog list)", kinds.sku))
    .addArgument(argument("quantity", "how many units", kinds.quantity))
    .addOption(option("--max-price <points>", "the most you pay a unit (default: the price now)", kinds.price))
    .action(async (sku: bigint, qty: bigint, o: { maxPrice?: bigint }) => {
      const r = await redeem(await cli.writer(), { skuId: sku, qty, maxPricePerUnit: o.maxPrice });
      cli.print({ orderId: r.orderId, pointsPaid: r.pointsPaid, tx: r.receipt.hash }, () => `order ${r.orderId} placed: ${r.pointsPaid} points paid (tx ${r.receipt.hash})`);
    });

  program
    .command("orders")
    .description("orders, all or by buyer and status")
    .addOption(option("--buyer <address>", "only this buyer's", kinds.address))
    .addOption(new Option("--status <status>", "only orders in this state").choices(ORDER_STATUSES.filter((s) => s !== "None")))
    .action(async (o: { buyer?: string; status?: OrderStatus }) => {
      const list = await listOrders(await cli.reader(), o);
      cli.print(list, () => table(["order", "buyer", "sku", "qty", "points", "status"], list.map((x) => [x.id, x.buyer, x.skuId, x.qty, x.pointsPaid, x.status])));
    });

  program
    .command("fulfil")
    .description("mark a Placed order delivered (the merchant's fulfillers)")
    .addArgument(argument("order", "the order's id", kinds.order))
    .addOption(option("--ref <delivery>", "shipment or voucher reference", kinds.reference).makeOptionMandatory())
    .action(async (order: bigint, o: { ref: string }) => cli.sent(await fulfil(await cli.writer(), { orderId: order, deliveryRef: o.ref }), `order ${order} fulfilled`));

  program
    .command("cancel")
    .description("cancel a Placed order: refunds its points, puts its units back")
    .addArgument(argument("order", "the order's id", kinds.order))
    .addOption(option("--reason <text>", "why, for the customer and the books", kinds.reference).makeOptionMandatory())
    .action(async (order: bigint, o: { reason: string }) => cli.sent(await cancel(await cli.writer(), { orderId: order, reason: o.reason }), `order ${order} cancelled and refunded`));
};
