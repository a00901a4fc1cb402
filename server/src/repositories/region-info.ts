import type { RegionPolicy } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { toIso } from '../lib/time.js';
import { policyOf } from './regions.js';
import { regions } from '../db/schema/index.js';

export interface RegionInfoRow {
  slug: string;
  name: string;
  hotline: string;
  center: { lat: number; lng: number; city: string };
  lastPublishedAt: string | null;
  districts: string[];
  staleAfterDays: number;
  policy: RegionPolicy;
}

/** Regions with their policy, last publish time and the districts their institutions are in. */
export function regionInfos(db: Db): RegionInfoRow[] {
  const lastPublished = db.$client.prepare(
    `SELECT max(published_at) AS at FROM catalog_versions WHERE region_id = ? AND status = 'published'`,
  );
  const districts = db.$client.prepare(
    `SELECT DISTINCT district FROM institutions WHERE region_id = ? AND district IS NOT NULL AND removed_at IS NULL ORDER BY district`,
  );
  return db
    .select()
    .from(regions)
    .all()
    .map((row) => {
      const policy = policyOf(row);
      const at = (lastPublished.get(row.id) as { at: string | null }).at;
      return {
        slug: row.slug,
        name: row.name,
        hotline: policy.hotline,
        center: policy.center,
        lastPublishedAt: at ? toIso(at) : null,
        districts: (districts.all(row.id) as { district: string }[]).map((d) => d.district),
        staleAfterDays: policy.staleAfterDays,
        policy,
      };
    });
}
