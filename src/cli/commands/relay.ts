/** `points relay`: runs the relay that pays customers' gas (src/relay), from the key the CLI signs with. */
import type { Command } from "commander";
import { formatEther, getAddress, parseEther } from "ethers";
import { PointsError } from "../../sdk/index.js";
import { RELAYED_SUMMARY, startRelay } from "../../relay/index.js";
import { connect, findDeployment, type ConnectionOptions } from "../connect.js";

function positiveNumber(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new PointsError(`${option} ${text}: give a number above 0`);
  return n;
}

interface RelayOptions {
  port: string;
  host: string;
  requestsPerMinute: string;
  spendCap: string;
  allowOrigin?: string[];
  rules?: string[];
}

export function registerRelayCommand(program: Command): void {
  program
    .command("relay")
    .description(`run the relayer that pays customers' gas (ERC-2771; forwards ${RELAYED_SUMMARY})`)
    .option("--port <n>", "port on 127.0.0.1", "8090")
    .option("--host <address>", "interface to listen on; keep 127.0.0.1 and put a TLS proxy in front for the internet", "127.0.0.1")
    .option("--requests-per-minute <n>", "most requests one address may send a minute", "10")
    .option("--spend-cap <coin>", "most native coin the relayer spends for one address a day", "0.01")
    .option("--allow-origin <url...>", "web pages (origins) that may call the relay, e.g. http://127.0.0.1:8080")
    .option("--rules <address...>", "EarningRules contracts whose claimPurchase it forwards (default: the deployment file's \"rules\" list)")
    .action(async (o: RelayOptions) => {
      const globals = program.opts<ConnectionOptions>();
      const port = positiveNumber(o.port, "--port");
      const requests = Math.floor(positiveNumber(o.requestsPerMinute, "--requests-per-minute"));
      let cap: bigint;
      try {
        cap = parseEther(o.spendCap);
      } catch {
        throw new PointsError(`--spend-cap ${o.spendCap}: give an amount of native coin, like 0.01`);
      }
      const deployment = findDeployment(globals.deployment);
      if (deployment.forwarder === undefined) {
        throw new PointsError("the deployment does not name its forwarder", "deploy with ignition/modules/PointsSystem.ts, which deploys PointsForwarder");
      }
      const client = await connect(globals, true);
      if (!(await client.token.isTrustedForwarder(deployment.forwarder))) {
        throw new PointsError(`the token does not trust ${deployment.forwarder}`, "check --deployment: its forwarder is not the token's");
      }
      const signer = client.signer!;
      const rules = o.rules ?? deployment.rules ?? [];
      const { url } = await startRelay(
        {
          signer,
          forwarder: deployment.forwarder,
          token: await client.token.getAddress(),
          mall: await client.mall.getAddress(),
          rules,
          rateLimit: { requests, windowSeconds: 60 },
          spendCap: { wei: cap, windowSeconds: 86_400 },
          allowOrigins: o.allowOrigin ?? [],
        },
        port,
        o.host,
      );
      const relayer = await signer.getAddress();
      const balance = await client.provider.getBalance(relayer);
      console.log(`relay listening on ${url}`);
      console.log(`  relayer ${relayer} (balance ${formatEther(balance)}): it pays the gas and holds no role`);
      console.log(`  forwards ${RELAYED_SUMMARY}`);
      console.log(`  rules contracts: ${rules.length === 0 ? "none" : rules.map((r) => getAddress(r)).join(", ")}`);
      console.log(`  per address: one request at a time, ${requests} requests a minute, ${o.spendCap} of gas a day (failed transactions count)`);
      console.log("  Ctrl-C stops it");
      await new Promise(() => undefined); // serve until stopped
    });
}
