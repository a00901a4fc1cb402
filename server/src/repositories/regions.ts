import { eq } from 'drizzle-orm';
import { REGIONS, type RegionPolicy, regionPolicy } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { regions } from '../db/schema/index.js';

export type RegionRow = typeof regions.$inferSelect;

/** Inserts the regions known to @yaojia/shared (山西, 江西, 宁夏, 沈阳) if they are missing. Idempotent. */
export function ensureRegions(db: Db): void {
  db.transaction((tx) => {
    for (const r of Object.values(REGIONS)) {
      tx.insert(regions).values({ slug: r.slug, name: r.name, level: r.level }).onConflictDoNothing().run();
    }
  });
}

export function regionBySlug(db: Db, slug: string): RegionRow | null {
  return db.select().from(regions).where(eq(regions.slug, slug)).get() ?? null;
}

export function regionById(db: Db, id: number): RegionRow | null {
  return db.select().from(regions).where(eq(regions.id, id)).get() ?? null;
}

/** The region's policy: shared defaults with the row's overrides (e.g. 宁夏 city markups) applied. */
export function policyOf(row: RegionRow): RegionPolicy {
  return { ...regionPolicy(row.slug), ...(row.policy as Partial<RegionPolicy>) };
}
