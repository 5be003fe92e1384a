import type { en } from "./en/index.js";

// Every t("key") is checked against the English resources, and zh-CN must have the same keys.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
  }
}
