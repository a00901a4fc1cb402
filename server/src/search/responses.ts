import type { DrugGroup } from '@yaojia/shared';
import type { Ranked } from './answer-cache.js';
import type { ProductKeys, SearchQuery } from './product-keys.js';

/*
 * What the search routes answer, shaped from the ranked 通用名 and the products' keys.
 */

/**
 * `productsPerGroup`: list only a group's cheapest products, with `productCount` saying how many it has
 * (the mini-program shows three and links to the group's offers page for the rest).
 */
export function drugGroups(keys: ProductKeys, ranked: Ranked, q: SearchQuery, opts: { region?: string; limit?: number; productsPerGroup?: number }): DrugGroup[] {
  const per = opts.productsPerGroup;
  return ranked.slice(0, opts.limit ?? 20).map((r) => {
    const g = keys.group(r.genericName, q, opts.region);
    return per !== undefined && g.products.length > per ? { ...g, products: g.products.slice(0, per), productCount: g.products.length } : g;
  });
}

export interface Suggestion {
  genericName: string;
  label: string;
  code?: string;
}

export function suggestions(keys: ProductKeys, ranked: Ranked, q: SearchQuery, region: string | undefined): Suggestion[] {
  return ranked.slice(0, 10).map((r) => {
    // a suggestion that names one product goes straight to its prices
    const rows = keys.productsOf(r.genericName, region);
    const code = rows.length === 1 ? rows[0]!.code : undefined;
    return { genericName: r.genericName, label: keys.label(r.genericName, q), ...(code ? { code } : {}) };
  });
}
