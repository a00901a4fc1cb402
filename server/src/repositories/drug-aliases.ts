import { type AliasTable, buildAliasTable } from '@yaojia/shared/search';
import type { Db } from '../db/client.js';
import type { AliasRow } from '../ingest/types.js';

/**
 * Brand names and other names of molecules (issue 15 §3): the shipped default (ingest/default-aliases.ts),
 * plus what each region's bureau published (`pnpm admin aliases publish`). Both feed the search index.
 */
export interface AliasTables {
  /** the table of a region that published names of its own (default + published) */
  byRegion: ReadonlyMap<string, AliasTable>;
  /** the table of a region that published none */
  fallback: AliasTable;
  /** every name known anywhere */
  all: AliasTable;
  /** changes when any published name changes */
  fingerprint: string;
}

/** `base`: the shipped default rows (defaultAliasRows) */
export async function aliasTables(db: Db, base: readonly AliasRow[]): Promise<AliasTables> {
  const published = await db.all<AliasRow & { regionSlug: string }>(
    `SELECT r.slug AS "regionSlug", a.stem, a.name, a.kind, a.maker, a.form FROM drug_aliases a JOIN regions r ON r.id = a.region_id
     WHERE a.removed_at IS NULL ORDER BY a.id`,
  );
  const perRegion = new Map<string, AliasRow[]>();
  for (const r of published) {
    const list = perRegion.get(r.regionSlug);
    if (list) list.push(r);
    else perRegion.set(r.regionSlug, [r]);
  }
  const byRegion = new Map([...perRegion].map(([slug, rows]) => [slug, buildAliasTable([...base, ...rows])]));
  return {
    byRegion,
    fallback: buildAliasTable(base),
    all: buildAliasTable([...base, ...published]),
    fingerprint: published.map((r) => `${r.regionSlug}\u0001${r.stem}\u0001${r.name}\u0001${r.form ?? ''}`).join('\u0002'),
  };
}
