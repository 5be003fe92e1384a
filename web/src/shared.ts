import type { PointsClient } from "../../src/sdk/index.js";

export const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

export interface PanelProps {
  reader: PointsClient;
  client: PointsClient | undefined;
  account: string | undefined;
  act: (action: () => Promise<string>) => Promise<void>;
  version: number;
}
