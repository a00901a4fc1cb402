import type { RegionPolicy } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { toIso } from '../lib/time.js';
import { policyOf, type RegionRow } from './regions.js';

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
export async function regionInfos(db: Db): Promise<RegionInfoRow[]> {
  const rows = await db.all<RegionRow & { policy: string }>(
    `SELECT id, slug, name, level, policy, created_at AS "createdAt" FROM regions ORDER BY id`,
  );
  const out: RegionInfoRow[] = [];
  for (const r of rows) {
    const row: RegionRow = { ...r, policy: JSON.parse(r.policy) as Record<string, unknown> };
    const policy = policyOf(row);
    const last = await db.get<{ at: string | null }>(
      `SELECT max(published_at) AS at FROM catalog_versions WHERE region_id = ? AND status = 'published'`,
      [row.id],
    );
    const districts = await db.column<string>(
      `SELECT DISTINCT district FROM institutions WHERE region_id = ? AND district IS NOT NULL AND removed_at IS NULL ORDER BY district`,
      [row.id],
    );
    out.push({
      slug: row.slug,
      name: row.name,
      hotline: policy.hotline,
      center: policy.center,
      lastPublishedAt: last?.at ? toIso(last.at) : null,
      districts,
      staleAfterDays: policy.staleAfterDays,
      policy,
    });
  }
  return out;
}
