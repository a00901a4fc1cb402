import type { Settings } from 'meilisearch';
import type { ParsedQuery } from '@yaojia/shared/search';

/** One search document per distinct set of search keys (SEARCH-NOTES: derived fields, not dictionary/synonyms). */
export interface ProductDoc {
  id: number;
  regionSlug: string;
  genericName: string;
  productName: string;
  stem: string;
  aliases: string[];
  grams: string[];
  pinyin: string[];
  initials: string[];
}

/** Index settings live in code (STYLE §7); applied to every freshly built index. */
export const INDEX_SETTINGS: Settings = {
  searchableAttributes: ['stem', 'aliases', 'genericName', 'productName', 'grams', 'pinyin', 'initials'],
  filterableAttributes: ['regionSlug', 'genericName'],
  displayedAttributes: ['id', 'genericName'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'exactness'],
  typoTolerance: { enabled: true, disableOnAttributes: ['initials', 'grams'], minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  proximityPrecision: 'byAttribute',
  pagination: { maxTotalHits: 1000 },
};

/** How many Meilisearch hits (per query part) become candidates for grouping and re-ranking. */
export const CANDIDATES = 80;
/** A scoreKeys score at or above this is a name match (exact or substring): no phase 2 needed. */
export const CONFIDENT = 80;
/** An exact name (通用名, brand, alias, stem): the raw part found what was asked for. */
export const EXACT = 98;

export interface MeiliPart {
  weight: number;
  query: Record<string, unknown>;
}

/**
 * The query parts SearchService sends to Meilisearch for a parsed query (exported so the benchmark
 * sends the same bodies straight to Meilisearch). Only the parts a query needs: a Latin query (pinyin
 * or initials typed) has no Han bigrams or pinyin part; a 2-character Han query no bigram part.
 */
export function meiliQueryPlan(q: ParsedQuery, indexUid: string, region: string | undefined): { phase1: MeiliPart[]; phase2: MeiliPart[] } {
  const filter = region ? [`regionSlug = ${JSON.stringify(region)}`] : undefined;
  const base = { indexUid, filter, matchingStrategy: 'all', attributesToRetrieve: ['id'], limit: CANDIDATES, showRankingScore: true };
  const phase1: MeiliPart[] = [{ weight: 1, query: { ...base, q: q.text } }];
  const phase2: MeiliPart[] = [];
  if (q.bigrams.length > 1) phase1.push({ weight: 0.9, query: { ...base, q: q.bigrams.join(' '), attributesToSearchOn: ['grams'] } });
  if (q.pinyin.length >= 4) phase2.push({ weight: 0.8, query: { ...base, q: q.pinyin, attributesToSearchOn: ['pinyin'] } });
  if (q.bigrams.length >= 3) {
    // one slipped character breaks two bigrams: let Meilisearch drop some, ranked well below
    phase2.push({ weight: 0.5, query: { ...base, q: q.bigrams.join(' '), attributesToSearchOn: ['grams'], matchingStrategy: 'frequency' } });
  }
  return { phase1, phase2 };
}
