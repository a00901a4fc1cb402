import { DEMO_PLACES, type DemoRegionSlug, type RegionPlaces } from './places.js';
import { type DemoCatalogRow, demoCatalog, regionCatalog } from './catalog.js';
import { buildInstitutions, type DemoInstitution } from './institutions.js';
import { buildOffers, type DemoOffer } from './offers.js';
import { hashString, Rng } from './random.js';

/**
 * Demo data written as bureau files, to be published through the real ingest (issue 3 §7).
 * Everything is drawn from a seeded PRNG, so the same seed writes the same files; only 更新时间
 * depends on `now`.
 */

export type DemoFileKind = 'catalog' | 'institutions' | 'prices' | 'listed';
export interface DemoFile {
  path: string;
  kind: DemoFileKind;
  region: DemoRegionSlug;
}
export interface DemoOptions {
  /** the demo's "now": 更新时间 are placed relative to it */
  now?: Date;
  seed?: number;
}

export const DEMO_REGION_SLUGS: readonly DemoRegionSlug[] = ['shanxi', 'shenyang'];
export const DEFAULT_DEMO_SEED = 20250601;
/** 更新时间 older than this many days are stale (regions use 30, shared/policy/regions.ts) */
export const DEMO_STALE_DAYS = 30;

// ——— the whole data set ———

export interface DemoRegionData {
  slug: DemoRegionSlug;
  places: RegionPlaces;
  catalog: DemoCatalogRow[];
  institutions: DemoInstitution[];
  offers: DemoOffer[];
}

export function buildDemoData(options: DemoOptions = {}): DemoRegionData[] {
  const now = options.now ?? new Date();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const all = demoCatalog();
  return DEMO_REGION_SLUGS.map((slug) => {
    const rng = new Rng((seed ^ hashString(slug)) >>> 0);
    const places = DEMO_PLACES[slug];
    const catalog = regionCatalog(slug, all);
    const institutions = buildInstitutions(rng, places);
    const offers = buildOffers(rng, slug, catalog, institutions, now);
    return { slug, places, catalog, institutions, offers };
  });
}
