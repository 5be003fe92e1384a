import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en/index.js";
import { zhCN } from "./zh-CN/index.js";

export const LANGUAGES = [
  { code: "en", label: "English" },
  { code: "zh-CN", label: "中文" },
] as const;
export type Language = (typeof LANGUAGES)[number]["code"];

const STORAGE_KEY = "points.language";

/** The language chosen on this device, else the browser's first that we have (any Chinese: zh-CN). */
export function detectLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "zh-CN") return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    if (/^zh\b/i.test(tag)) return "zh-CN";
    if (/^en\b/i.test(tag)) return "en";
  }
  return "en";
}

export async function initI18n(): Promise<void> {
  const lng = detectLanguage();
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, "zh-CN": { translation: zhCN } },
    lng,
    fallbackLng: "en",
    // React escapes what it renders; i18next escaping on top would show &amp; and the like.
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = lng;
}

export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}
