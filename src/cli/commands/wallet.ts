/** `points wallet`: your key, in an encrypted keystore file. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Wallet } from "ethers";
import { InvalidInputError, PointsError, parseAddress } from "../../sdk/index.js";
import { decryptKeystore } from "../connect.js";
import type { Cli, CommandGroup } from "../context.js";
import { promptHidden } from "../prompt.js";

async function newPassword(cli: Cli): Promise<string> {
  const fromEnv = cli.environment.env.POINTS_PASSWORD;
  const short = () => new PointsError("the password is shorter than 8 characters", "choose a longer one");
  if (fromEnv !== undefined) {
    if (fromEnv.length < 8) throw short();
    return fromEnv;
  }
  const first = await promptHidden("new password (8 characters or more): ");
  if (first.length < 8) throw short();
  if ((await promptHidden("again: ")) !== first) throw new PointsError("the passwords differ", "run it again and type the same password twice");
  return first;
}

async function saveKeystore(cli: Cli, w: Wallet, out: string): Promise<void> {
  const file = path.resolve(cli.environment.cwd, out);
  if (existsSync(file)) throw new InvalidInputError("--out", `${out} exists`, "choose another file; a keystore is never overwritten");
  writeFileSync(file, await w.encrypt(await newPassword(cli)), { mode: 0o600 });
  cli.print({ address: w.address, keystore: out }, () => `address ${w.address}\nkeystore ${out} (keep it and its password: together they are your points)`);
}

function keystoreOf(cli: Cli): string {
  const file = cli.globals().keystore;
  if (file === undefined) throw new PointsError("which keystore?", "pass --keystore <file> (or set POINTS_KEYSTORE)");
  return file;
}

export const wallet: CommandGroup = (program, cli) => {
  const group = program.command("wallet").description("your key, in an encrypted keystore file");

  group
    .command("new")
    .description('create a key and save it encrypted (the seed\'s "register and get a private key")')
    .requiredOption("--out <file>", "where to write the keystore")
    .action(async (o: { out: string }) => saveKeystore(cli, Wallet.createRandom() as unknown as Wallet, o.out));

  group
    .command("import")
    .description("encrypt an existing private key (read from POINTS_PRIVATE_KEY or a prompt)")
    .requiredOption("--out <file>", "where to write the keystore")
    .action(async (o: { out: string }) => {
      const key = cli.environment.env.POINTS_PRIVATE_KEY ?? (await promptHidden("private key: "));
      let w: Wallet;
      try {
        w = new Wallet(key.trim());
      } catch (error) {
        throw new PointsError("that is not a private key", "a private key is 0x and 64 hex digits", { cause: error });
      }
      await saveKeystore(cli, w, o.out);
    });

  group
    .command("show")
    .description("the address of a keystore (with --check, also try its password)")
    .option("--check", "decrypt it, to check the password")
    .action(async (o: { check?: boolean }) => {
      const file = keystoreOf(cli);
      let address: string;
      if (o.check === true) address = (await decryptKeystore(file, cli.environment.env)).address;
      else {
        const json = JSON.parse(readFileSync(file, "utf8")) as { address?: unknown };
        if (typeof json.address !== "string") throw new PointsError(`${file} names no address`, "run points wallet show --check, which decrypts it");
        address = parseAddress(json.address.startsWith("0x") ? json.address : `0x${json.address}`, "keystore address");
      }
      cli.print({ address, keystore: file }, () => `address ${address}`);
    });
};
