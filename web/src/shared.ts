import type { PointsClient } from "../../src/sdk/index.js";

export { shortAddress as short } from "../../src/sdk/index.js";

export interface PanelProps {
  reader: PointsClient;
  client: PointsClient | undefined;
  account: string | undefined;
  act: (action: () => Promise<string>) => Promise<void>;
  version: number;
}
