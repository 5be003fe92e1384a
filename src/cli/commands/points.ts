/** Points themselves: balance, issue, transfer. */
import { balanceOf, issue, issuedWithRef, transfer } from "../../sdk/index.js";
import { argument, kinds, option } from "../args.js";
import type { CommandGroup } from "../context.js";

export const points: CommandGroup = (program, cli) => {
  program
    .command("balance")
    .description("points held by an address")
    .addArgument(argument("address", "whose balance", kinds.address))
    .action(async (address: string) => {
      const client = await cli.reader();
      const [held, symbol] = await Promise.all([balanceOf(client, address), client.token.symbol()]);
      cli.print({ address, points: held }, () => `${held} ${symbol}`);
    });

  program
    .command("issue")
    .description("issue points to an address, from your quota; a reference you used before is refused unless --allow-repeat")
    .addArgument(argument("to", "the recipient's address", kinds.address))
    .addArgument(argument("amount", "points", kinds.points))
    .addOption(option("--ref <reference>", "why: a receipt, campaign or reason (31 bytes of text, or 0x… hash)", kinds.reference).makeOptionMandatory())
    .option("--allow-repeat", "issue even if you issued under this reference before")
    .action(async (to: string, amount: bigint, o: { ref: string; allowRepeat?: boolean }) => {
      const client = await cli.writer();
      if (o.allowRepeat === true) {
        const earlier = await issuedWithRef(client, await client.signer!.getAddress(), o.ref);
        if (earlier.length > 0) cli.note(`warning: you issued under "${o.ref}" ${earlier.length} time(s) before; issuing again, as --allow-repeat says`);
      }
      cli.sent(await issue(client, { to, amount, ref: o.ref, allowRepeat: o.allowRepeat === true }), `issued ${amount} to ${to}`);
    });

  program
    .command("transfer")
    .description("send points to another address")
    .addArgument(argument("to", "the recipient's address", kinds.address))
    .addArgument(argument("amount", "points", kinds.points))
    .action(async (to: string, amount: bigint) => {
      cli.sent(await transfer(await cli.writer(), { to, amount }), `sent ${amount} to ${to}`);
    });
};
