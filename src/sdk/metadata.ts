import { MetadataError } from "./errors.js";

export { MetadataError };

/**
 * A SKU's metadata: the JSON document its `metadataURI` names. The URI is a `data:application/json,`
 * document (skuMetadataURI), or a path or URL of a document that the system serves, such as
 * `/catalog/mug.json`, resolved against a base (the web app's origin). Browser-safe: fetch only.
 */
export interface SkuMetadata {
  name: string;
  description: string;
  /** An absolute http(s) URL or a data:image URI; relative images are resolved against the document. */
  image: string | undefined;
  /** Conditions of the offer, shown on the item's page. */
  terms: string | undefined;
  /** Whether the item ships (a physical good) or is delivered as a code or at the counter. */
  kind: "physical" | "digital" | undefined;
  /** Texts in other languages, by BCP 47 tag ("zh-CN"): any of name, description, terms. */
  localized: Record<string, { name?: string; description?: string; terms?: string }>;
}


const DATA_JSON = "data:application/json,";
const SAFE_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/;

/** An image reference made absolute against `documentUrl`, or undefined where it is not http(s) or a data image. */
function safeImage(image: unknown, documentUrl: string | undefined): string | undefined {
  if (typeof image !== "string" || image.trim() === "") return undefined;
  if (SAFE_IMAGE.test(image)) return image;
  try {
    const url = documentUrl === undefined ? new URL(image) : new URL(image, documentUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** Checks a parsed document: it needs a name; the rest is optional and ignored when malformed. */
export function parseSkuMetadata(uri: string, json: unknown, documentUrl?: string): SkuMetadata {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new MetadataError(uri, "is not a JSON object", "a SKU's metadata is {name, description, image, terms}");
  }
  const doc = json as Record<string, unknown>;
  const name = text(doc.name);
  if (name === undefined) throw new MetadataError(uri, "has no name", "give the document a \"name\"");
  return {
    name,
    description: text(doc.description) ?? "",
    image: safeImage(doc.image, documentUrl),
    terms: text(doc.terms),
    kind: doc.kind === "physical" || doc.kind === "digital" ? doc.kind : undefined,
    localized: localizedTexts(doc.localized),
  };
}

function localizedTexts(v: unknown): SkuMetadata["localized"] {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return {};
  const out: SkuMetadata["localized"] = {};
  for (const [tag, texts] of Object.entries(v as Record<string, unknown>)) {
    if (texts === null || typeof texts !== "object") continue;
    const t = texts as Record<string, unknown>;
    out[tag] = { name: text(t.name), description: text(t.description), terms: text(t.terms) };
  }
  return out;
}

/**
 * Reads the metadata that `uri` names. `base` resolves a relative URI (the web app's origin);
 * without one, only data: and absolute http(s) URIs can be read.
 */
export async function loadSkuMetadata(
  uri: string,
  options: { base?: string; timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<SkuMetadata> {
  if (uri.startsWith(DATA_JSON)) {
    let json: unknown;
    try {
      json = JSON.parse(decodeURIComponent(uri.slice(DATA_JSON.length)));
    } catch (error) {
      throw new MetadataError(uri, "is not valid JSON", undefined, { cause: error });
    }
    return parseSkuMetadata(uri, json);
  }
  let url: URL;
  try {
    url = options.base === undefined ? new URL(uri) : new URL(uri, options.base);
  } catch (error) {
    throw new MetadataError(uri, "is not a URL", "give a data: URI, a path the web app serves, or an http(s) URL", { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new MetadataError(uri, `${url.protocol} is not served here`, "use a data: URI, a path the web app serves, or an http(s) URL");
  }
  const get = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await get(url.href, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), headers: { accept: "application/json" } });
  } catch (error) {
    throw new MetadataError(uri, "could not be fetched", "check that the web app serves it", { cause: error });
  }
  if (!response.ok) throw new MetadataError(uri, `answered HTTP ${response.status}`, "check the path of the document");
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    throw new MetadataError(uri, "is not JSON", "the URI must name a JSON document", { cause: error });
  }
  return parseSkuMetadata(uri, json, url.href);
}

/**
 * Each SKU's name: from its data: metadata, or from its document where `base` (the web app's URL)
 * resolves it; undefined where neither gives one.
 */
export async function skuNames(skus: { id: number; name: string | undefined; metadataURI: string }[], base?: string): Promise<Map<number, string | undefined>> {
  const names = await Promise.all(
    skus.map(async (s) => s.name ?? (await loadSkuMetadata(s.metadataURI, { base, timeoutMs: 5_000 }).catch(() => undefined))?.name),
  );
  return new Map(skus.map((s, i) => [s.id, names[i]]));
}
