/** How the CLI prints: aligned tables for people, JSON (bigints as strings) for scripts. */
import { jsonWithBigints } from "../sdk/index.js";

export function toJson(value: unknown): string {
  return jsonWithBigints(value, 2);
}

export function table(headers: string[], rows: (string | number | bigint | boolean)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^[-+]?[\d,]+$/.test(r[i] ?? "")));
  const line = (r: string[]) =>
    r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(headers), ...cells.map(line)].join("\n");
}
