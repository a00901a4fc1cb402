import { eq, sql } from 'drizzle-orm';
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

// every API request resolves its region: keep the compiled query per connection (drizzle builds it anew)
const bySlug = new WeakMap<Db['$client'], ReturnType<typeof prepareBySlug>>();
function prepareBySlug(db: Db) {
  return db.select().from(regions).where(eq(regions.slug, sql.placeholder('slug'))).prepare();
}

export function regionBySlug(db: Db, slug: string): RegionRow | null {
  let q = bySlug.get(db.$client);
  if (!q) bySlug.set(db.$client, (q = prepareBySlug(db)));
  return q.get({ slug }) ?? null;
}

export function regionById(db: Db, id: number): RegionRow | null {
  return db.select().from(regions).where(eq(regions.id, id)).get() ?? null;
}

/** The region's policy: shared defaults with the row's overrides (e.g. 宁夏 city markups) applied. */
export function policyOf(row: RegionRow): RegionPolicy {
  return { ...regionPolicy(row.slug), ...(row.policy as Partial<RegionPolicy>) };
}
