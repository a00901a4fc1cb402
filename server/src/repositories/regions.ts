import { nearestRegion, REGIONS, type RegionPolicy, regionPolicy } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { keptUntilDataChanges } from './kept.js';

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

// every API request resolves its region (a round trip on PostgreSQL, a query and a JSON parse on
// SQLite), so rows are kept per Db until the database changes (dataVersion(); regions is a watched table)
const bySlug = keptUntilDataChanges<RegionRow | null>(1000);

export function regionBySlug(db: Db, slug: string): Promise<RegionRow | null> {
  return bySlug(db, slug, async () => {
    const r = await db.get<RegionRow & { policy: string }>(`SELECT ${COLUMNS} FROM regions WHERE slug = ?`, [slug]);
    return r ? toRegion(r) : null;
  });
}

/** The region named by a slug; NotFoundError (404) when there is none. */
export async function requireRegion(db: Db, slug: string): Promise<RegionRow> {
  const row = await regionBySlug(db, slug);
  if (!row) throw new NotFoundError(`unknown region "${slug}"`);
  return row;
}

export async function regionById(db: Db, id: number): Promise<RegionRow | null> {
  const r = await db.get<RegionRow & { policy: string }>(`SELECT ${COLUMNS} FROM regions WHERE id = ?`, [id]);
  return r ? toRegion(r) : null;
}

/** The region's policy: shared defaults with the row's overrides (e.g. 宁夏 city markups) applied. */
export function policyOf(row: RegionRow): RegionPolicy {
  return { ...regionPolicy(row.slug), ...(row.policy as Partial<RegionPolicy>) };
}

/**
 * The region a request is about: the one named, else the region the point is in (nearestRegion, the
 * mini-program's rule too), else 山西 (the first demo region). An unknown slug is a 400.
 */
export async function resolveRegion(db: Db, slug?: string, lat?: number, lng?: number): Promise<{ id: number; slug: string; policy: RegionPolicy }> {
  let chosen = slug;
  if (!chosen && lat !== undefined && lng !== undefined) {
    chosen = nearestRegion(Object.values(REGIONS), { lat, lng })?.slug;
  }
  const row = await regionBySlug(db, chosen ?? 'shanxi');
  if (!row) throw new BadRequestError(`unknown region "${slug}"; known: ${Object.keys(REGIONS).join(', ')}`);
  return { id: row.id, slug: row.slug, policy: policyOf(row) };
}
