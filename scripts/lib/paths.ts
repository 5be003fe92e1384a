/** Where the project is, and which local deployment this process is about: light, for npm start's first moments. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The Ignition deployment id of the local system; tests use their own. */
export const localDeploymentId = process.env.POINTS_DEPLOYMENT_ID ?? "local";
