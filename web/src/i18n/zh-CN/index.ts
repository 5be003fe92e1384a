import type { en } from "../en/index.js";
import { accountTexts } from "./account.js";
import { commonTexts } from "./common.js";
import { consoleTexts } from "./console.js";
import { explorerTexts } from "./explorer.js";
import { mechanicsTexts } from "./mechanics.js";
import { shopTexts } from "./shop.js";

/** 简体中文：键与英文相同（tsc 检查）；中文无复数形式，_one 与 _other 同文。 */
export const zhCN: typeof en = { ...commonTexts, ...shopTexts, ...accountTexts, ...consoleTexts, ...explorerTexts, ...mechanicsTexts };
