/** Serves the built web app (web/dist) and its /config.json, which tells the page its chain, contracts, relay and ledger API. */
import path from "node:path";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import type { RunningApi } from "../api/server.js";

export async function serveWeb(root: string, config: Record<string, unknown>, port: number, host: string): Promise<RunningApi | undefined> {
  if (!existsSync(path.join(root, "index.html"))) return undefined;
  const app = new Hono();
  app.get("/config.json", (c) => c.json(config, 200, { "cache-control": "no-store" }));
  app.use("/*", serveStatic({ root: path.relative(process.cwd(), root) || "." }));
  // The app routes in the page: unknown paths get the page.
  app.get("*", async (c) => c.html(await readFile(path.join(root, "index.html"), "utf8")));
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host, overrideGlobalObjects: false }, (info: AddressInfo) =>
      resolve({ url: `http://${host}:${info.port}`, close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
    server.once("error", reject);
  });
}
