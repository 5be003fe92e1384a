import { accountTexts } from "./account.js";
import { commonTexts } from "./common.js";
import { consoleTexts } from "./console.js";
import { explorerTexts } from "./explorer.js";
import { mechanicsTexts } from "./mechanics.js";
import { shopTexts } from "./shop.js";

/** English: the reference resources, one file per area. zh-CN must have the same keys (checked by tsc). */
export const en = { ...commonTexts, ...shopTexts, ...accountTexts, ...consoleTexts, ...explorerTexts, ...mechanicsTexts };

/** The shape every language must have: the same keys, any text; by area. */
type Translated<T> = T extends string ? string : { [K in keyof T]: Translated<T[K]> };
export type Resources = {
  common: Translated<typeof commonTexts>;
  shop: Translated<typeof shopTexts>;
  account: Translated<typeof accountTexts>;
  console: Translated<typeof consoleTexts>;
  explorer: Translated<typeof explorerTexts>;
  mechanics: Translated<typeof mechanicsTexts>;
};
