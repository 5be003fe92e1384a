import { loadSkuMetadata, type SkuMetadata } from "../../../src/sdk/index.js";

// One fetch per document per page load; a failure is forgotten so that a later read tries again.
const cache = new Map<string, Promise<SkuMetadata | undefined>>();

/** A SKU's metadata document, or undefined where it cannot be read (the item then shows its id). */
export function skuMetadata(uri: string): Promise<SkuMetadata | undefined> {
  if (uri === "") return Promise.resolve(undefined);
  let entry = cache.get(uri);
  if (entry === undefined) {
    entry = loadSkuMetadata(uri, { base: window.location.origin }).catch(() => {
      cache.delete(uri);
      return undefined;
    });
    cache.set(uri, entry);
  }
  return entry;
}
