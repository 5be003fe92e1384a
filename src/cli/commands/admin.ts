/** Administration: roles, merchants, quotas, pausing, and who you are. */
import { Argument } from "commander";
import {
  GRANTABLE_TOKEN_ROLES,
  MERCHANT_ROLES,
  grantMerchantRole,
  grantTokenRole,
  isTokenRole,
  issuerQuota,
  merchantRoles,
  pause,
  registerMerchant,
  revokeMerchantRole,
  revokeTokenRole,
  setIssuerQuota,
  setMerchantIssuer,
  tokenRoles,
  unpause,
  type MerchantRole,
} from "../../sdk/index.js";
import { argument, kinds, option } from "../args.js";
import type { CommandGroup } from "../context.js";

const merchantOption = (what: string) => option("--merchant <id>", what, kinds.merchant, { value: 1n, shown: "1" });

export const admin: CommandGroup = (program, cli) => {
  program
    .command("roles")
    .description("the token roles and merchant roles an address holds")
    .addArgument(argument("address", "whose roles", kinds.address))
    .addOption(merchantOption("whose merchant roles to show"))
    .action(async (address: string, o: { merchant: bigint }) => {
      const client = await cli.reader();
      const [token, merchant] = await Promise.all([tokenRoles(client, address), merchantRoles(client, address, o.merchant)]);
      const roles = [...token, ...merchant.map((r) => `${r} of merchant ${o.merchant}`)];
      cli.print({ address, token, merchant: { id: o.merchant, roles: merchant } }, () => (roles.length === 0 ? "no role" : roles.join("\n")));
    });

  for (const [name, tokenFn, merchantFn] of [
    ["grant", grantTokenRole, grantMerchantRole],
    ["revoke", revokeTokenRole, revokeMerchantRole],
  ] as const) {
    program
      .command(name)
      .description(`${name} a token role (token admin) or a merchant role (that merchant's admin)`)
      .addArgument(new Argument("<role>", "the role").choices([...GRANTABLE_TOKEN_ROLES, ...MERCHANT_ROLES]))
      .addArgument(argument("address", "whose role", kinds.address))
      .addOption(merchantOption("for a merchant role: which merchant"))
      .action(async (role: string, address: string, o: { merchant: bigint }) => {
        const client = await cli.writer();
        const receipt = isTokenRole(role)
          ? await tokenFn(client, { role, account: address })
          : await merchantFn(client, { role: role as MerchantRole, merchantId: o.merchant, account: address });
        const scope = isTokenRole(role) ? "" : ` of merchant ${o.merchant}`;
        cli.sent(receipt, `${name === "grant" ? "granted" : "revoked"} ${role}${scope} ${name === "grant" ? "to" : "from"} ${address}`);
      });
  }

  program
    .command("add-merchant")
    .description("register a merchant (platform admin)")
    .addArgument(argument("name", "the merchant's name", kinds.text))
    .addOption(option("--admin <address>", "who manages its catalog managers and fulfillers", kinds.address).makeOptionMandatory())
    .action(async (name: string, o: { admin: string }) => {
      const r = await registerMerchant(await cli.writer(), { name, admin: o.admin });
      cli.print({ merchantId: r.merchantId, tx: r.receipt.hash }, () => `registered merchant ${r.merchantId}, "${name}" (tx ${r.receipt.hash})`);
    });

  program
    .command("merchant-issuer")
    .description("count an issuer's points as a merchant's, for settlement (platform admin)")
    .addArgument(argument("issuer", "the issuer's address", kinds.address))
    .addArgument(argument("merchant", "merchant id (0: none)", kinds.merchantOrNone))
    .action(async (issuer: string, merchant: bigint) =>
      cli.sent(await setMerchantIssuer(await cli.writer(), { issuer, merchantId: merchant }), `points issued by ${issuer} count for merchant ${merchant}`),
    );

  program
    .command("quota")
    .description("the points an issuer may still issue; with --set, set it (token admin)")
    .addArgument(argument("issuer", "the issuer's address", kinds.address))
    .addOption(option("--set <points>", "set the points it may still issue (0: none)", kinds.pointsOrZero))
    .action(async (issuer: string, o: { set?: bigint }) => {
      if (o.set === undefined) {
        const quota = await issuerQuota(await cli.reader(), issuer);
        cli.print({ issuer, quota }, () => `${quota} points left to issue`);
      } else {
        cli.sent(await setIssuerQuota(await cli.writer(), { issuer, quota: o.set }), `quota of ${issuer} set to ${o.set}`);
      }
    });

  program.command("pause").description("stop transfers, issuance and redemption (pausers)").action(async () => cli.sent(await pause(await cli.writer()), "paused"));
  program.command("unpause").description("resume them (pausers)").action(async () => cli.sent(await unpause(await cli.writer()), "unpaused"));

  program
    .command("whoami")
    .description("the address you sign with")
    .action(async () => {
      const address = await (await cli.writer()).signer!.getAddress();
      cli.print({ address }, () => address);
    });
};
