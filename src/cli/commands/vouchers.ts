/** `points voucher`: a till signs an earn voucher, the customer claims it. */
import { claimVoucher, decodeVoucher, encodeVoucher, signVoucher } from "../../sdk/index.js";
import { argument, kinds, option } from "../args.js";
import type { CommandGroup } from "../context.js";

export const vouchers: CommandGroup = (program, cli) => {
  const group = program.command("voucher").description("signed earn vouchers: a till signs, the customer claims");

  group
    .command("sign")
    .description("sign a voucher with your issuer key; prints a code for a QR or a message")
    .addArgument(argument("recipient", "who the points go to", kinds.address))
    .addArgument(argument("amount", "points", kinds.points))
    .addOption(option("--ref <reference>", "the receipt it rewards", kinds.reference).makeOptionMandatory())
    .addOption(option("--id <n>", "your number for this voucher, each works once (default: a random 128-bit id)", kinds.voucherId))
    .addOption(option("--expires <duration>", "how long it is valid: 30s, 15m, 12h, 7d", kinds.duration, { value: 30n * 86_400n, shown: "30d" }))
    .action(async (recipient: string, amount: bigint, o: { ref: string; id?: bigint; expires: bigint }) => {
      const client = await cli.writer();
      const now = BigInt((await client.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000));
      const signed = await signVoucher(client, { recipient, amount, ref: o.ref, expiry: now + o.expires, id: o.id });
      const code = encodeVoucher(signed);
      cli.print({ code, ...signed }, () => code);
    });

  group
    .command("claim")
    .description("claim a voucher: its points go to the recipient it names")
    .addArgument(argument("code", "the PV1.… code", kinds.text))
    .action(async (code: string) => {
      const signed = decodeVoucher(code);
      const client = await cli.writer();
      cli.sent(await claimVoucher(client, signed), `claimed ${signed.voucher.amount} points for ${signed.voucher.recipient}`);
    });
};
