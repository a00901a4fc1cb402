import type { ParsedQuery } from '@yaojia/shared/search';
import type { MeiliIndex } from './meili-index.js';
import type { ProductKeys } from './product-keys.js';
import { EXACT, type MeiliPart, meiliQueryPlan } from './query-plan.js';

/**
 * Meilisearch proposes candidates in two phases of one plain (non-federated) multi-search each,
 * merged as federation would (MeiliIndex.multiSearch): federation cost ≈ 5× the same parts sent plain
 * on Meilisearch 1.21 (docs/BENCHMARKS.md).
 * Phase 1, one round trip: the raw query on all fields and, for Han, its bigrams on the n-gram field
 * (only the raw part when the query is exactly a listed name).
 * Phase 2 only when phase 1 found no group the scorer calls a name match (≥ 80: exact or substring):
 * the pinyin of the Han part (homophone slips) and the bigrams with `frequency` (one slipped character).
 * `sent` collects every part sent (the bench's engine queries).
 */
export async function meiliCandidates(index: MeiliIndex, keys: ProductKeys, q: ParsedQuery, region: string | undefined, sent?: MeiliPart[]): Promise<Map<number, number>> {
  const plan = meiliQueryPlan(q, index.indexUid, region);
  const out = new Map<number, number>();
  const send = (parts: MeiliPart[]) => {
    sent?.push(...parts);
    return index.multiSearch(parts, out);
  };
  // a query that is exactly a listed name (通用名, brand, alias — known here without asking) needs only
  // the raw part; anything else (prefixes, a name with a strength or a maker) gets both in one round trip
  if (plan.phase1.length > 1 && keys.isExactName(q, region)) {
    await send(plan.phase1.slice(0, 1));
    if (keys.confident(q, region, out, EXACT)) return out;
    await send(plan.phase1.slice(1));
  } else await send(plan.phase1);
  if (plan.phase2.length && !keys.confident(q, region, out)) await send(plan.phase2);
  return out;
}
