import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { HDNodeWallet, JsonRpcProvider } from "ethers";
import { projectRoot } from "../../scripts/lib/deployment.js";
import { demoWallet } from "../../scripts/lib/demo.js";
import { freePort, waitForOutput } from "./processes.js";

const anvilBin = path.join(projectRoot, "node_modules", ".bin", "anvil");

/** An independent EVM node (anvil, from npm) on a free port, with the test mnemonic's accounts. */
export interface Anvil {
  url: string;
  chainId: number;
  child: ChildProcess;
  provider: JsonRpcProvider;
  /** Raw JSON-RPC, for anvil's own methods (evm_mine, evm_setAutomine, …). */
  rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  stop: () => Promise<void>;
}

export async function startAnvil(chainId: number, extraArgs: string[] = []): Promise<Anvil> {
  const port = await freePort();
  const child = spawn(anvilBin, ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await waitForOutput(child, /Listening on/, 30_000);
  const url = `http://127.0.0.1:${port}`;
  const provider = new JsonRpcProvider(url, chainId, { staticNetwork: true, cacheTimeout: -1 });
  return {
    url,
    chainId,
    child,
    provider,
    rpc: (method, params = []) => provider.send(method, params) as Promise<unknown>,
    stop: async () => {
      provider.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

/** Account `i` of the test mnemonic (funded by anvil). */
export const testAccount = (i: number): HDNodeWallet => demoWallet(i);
