import { parseQuery } from '@yaojia/shared/search';
import { meiliCandidates } from './candidates.js';
import type { MeiliIndex } from './meili-index.js';
import type { ProductKeys } from './product-keys.js';
import type { MeiliPart } from './query-plan.js';

/**
 * The query bodies the service sends to Meilisearch for `text` (every step it would take), for the
 * benchmark's "Meilisearch direct" measurement. Runs the query for real; the index must be ready.
 */
export async function engineQueries(index: MeiliIndex, keys: ProductKeys, text: string, region: string | undefined): Promise<Record<string, unknown>[]> {
  const sent: MeiliPart[] = [];
  await meiliCandidates(index, keys, keys.withMaker(parseQuery(text)), region, sent);
  return sent.map((p) => p.query);
}
