import { REGIONS, type RegionPolicy, regionPolicy } from '@yaojia/shared';
import type { Db } from '../db/client.js';

export interface RegionRow {
  id: number;
  slug: string;
  name: string;
  level: string;
  /** RegionPolicy overrides (hotline, 宁夏 city markups…), stored as JSON text */
  policy: Record<string, unknown>;
  createdAt: string;
}

const COLUMNS = `id, slug, name, level, policy, created_at AS "createdAt"`;

function toRegion(r: Omit<RegionRow, 'policy'> & { policy: string }): RegionRow {
  return { ...r, policy: JSON.parse(r.policy) as Record<string, unknown> };
}

/** Inserts the regions known to @yaojia/shared (山西, 江西, 宁夏, 沈阳) if they are missing. Idempotent. */
export async function ensureRegions(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const r of Object.values(REGIONS)) {
      await tx.run(`INSERT INTO regions (slug, name, level, policy, created_at) VALUES (?, ?, ?, '{}', ?) ON CONFLICT (slug) DO NOTHING`, [
        r.slug,
        r.name,
        r.level,
        new Date().toISOString(),
      ]);
    }
  });
}

export async function regionBySlug(db: Db, slug: string): Promise<RegionRow | null> {
  const r = await db.get<RegionRow & { policy: string }>(`SELECT ${COLUMNS} FROM regions WHERE slug = ?`, [slug]);
  return r ? toRegion(r) : null;
}

export async function regionById(db: Db, id: number): Promise<RegionRow | null> {
  const r = await db.get<RegionRow & { policy: string }>(`SELECT ${COLUMNS} FROM regions WHERE id = ?`, [id]);
  return r ? toRegion(r) : null;
}

/** The region's policy: shared defaults with the row's overrides (e.g. 宁夏 city markups) applied. */
export function policyOf(row: RegionRow): RegionPolicy {
  return { ...regionPolicy(row.slug), ...(row.policy as Partial<RegionPolicy>) };
}
