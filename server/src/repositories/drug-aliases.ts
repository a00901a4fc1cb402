import { type AliasTable, buildAliasTable, ingredientStem } from '@yaojia/shared/search';
import { toHalfWidth } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import type { AliasRow } from '../ingest/types.js';
import { keptUntilDataChanges } from './kept.js';

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

/** 缓释 / 控释 / 肠溶…: a 挂网 brand of such a form names that form only (拜新同 is 硝苯地平's 控释片, not its plain tablet) */
const RELEASE_FORM = /缓释|控释|肠溶|分散|口崩|咀嚼|泡腾|滴眼|注射|吸入|贴/;

/**
 * The 商品名 of the region's 挂网药品价格 as alias rows (issue 15 §3): a brand the bureau's own list names is
 * searchable without the alias table (络活喜 on the list finds 苯磺酸氨氯地平片 whatever the table says).
 */
async function listedBrandRows(db: Db): Promise<Array<AliasRow & { regionSlug: string }>> {
  const rows = await db.all<{ regionSlug: string; genericName: string; dosageForm: string; brandName: string; maker: string; original: number | boolean }>(
    `SELECT r.slug AS "regionSlug", l.generic_name AS "genericName", l.dosage_form AS "dosageForm", l.brand_name AS "brandName", l.maker, l.original
     FROM listed_prices l JOIN regions r ON r.id = l.region_id WHERE l.removed_at IS NULL AND l.brand_name IS NOT NULL ORDER BY l.id`,
  );
  return rows.map((r) => ({
    regionSlug: r.regionSlug,
    stem: ingredientStem(r.genericName),
    name: r.brandName,
    kind: r.original === true || r.original === 1 ? 'original' : 'brand',
    maker: r.maker,
    form: RELEASE_FORM.exec(`${r.genericName}${r.dosageForm}`)?.[0] ?? null,
  }));
}

/** `base`: the shipped default rows (defaultAliasRows); a region's published names and its 挂网 商品名 are added to it */
export async function aliasTables(db: Db, base: readonly AliasRow[]): Promise<AliasTables> {
  const published = [
    ...(await db.all<AliasRow & { regionSlug: string }>(
      `SELECT r.slug AS "regionSlug", a.stem, a.name, a.kind, a.maker, a.form FROM drug_aliases a JOIN regions r ON r.id = a.region_id
       WHERE a.removed_at IS NULL ORDER BY a.id`,
    )),
    ...(await listedBrandRows(db)),
  ];
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

/** a name as compared: half-width, lower case, no spaces or ®/™ (the same as a listed 商品名's) */
export function normalizeName(s: string): string {
  return toHalfWidth(s).replace(/[\s®™©]+/g, '').toLowerCase();
}

interface NameIndex {
  byName: Map<string, AliasRow[]>;
  /** every row of a stem (a listed product without a 商品名 is named by its maker's) */
  byStem: Map<string, AliasRow[]>;
  /** names longest first, so "络活喜5mg" names 络活喜 */
  names: string[];
}

// a region's names (shipped default + its bureau's), kept until the database changes (Db.dataVersion)
const nameIndexes = keptUntilDataChanges<NameIndex>(1000);

/** The region's alias rows (shipped default, then what its bureau published) by normalized name and by stem. */
export function regionAliasIndex(db: Db, regionId: number, base: readonly AliasRow[]): Promise<NameIndex> {
  return nameIndexes(db, String(regionId), async () => {
    const published = await db.all<AliasRow>(
      `SELECT stem, name, kind, maker, form FROM drug_aliases WHERE region_id = ? AND removed_at IS NULL ORDER BY id`,
      [regionId],
    );
    const byName = new Map<string, AliasRow[]>();
    const byStem = new Map<string, AliasRow[]>();
    for (const r of [...base, ...published]) {
      const key = normalizeName(r.name);
      byName.set(key, [...(byName.get(key) ?? []), r]);
      byStem.set(r.stem, [...(byStem.get(r.stem) ?? []), r]);
    }
    return { byName, byStem, names: [...byName.keys()].sort((a, b) => b.length - a.length) };
  });
}

/** The alias rows of the name a query is (or starts with, at least 2 characters), or null. */
export function aliasRowsNamedBy(index: NameIndex, query: string, opts: { prefix: boolean }): AliasRow[] | null {
  const q = normalizeName(query);
  if (q.length < 2) return null;
  const exact = index.byName.get(q);
  if (exact) return exact;
  if (!opts.prefix) return null;
  const name = index.names.find((n) => n.length >= 2 && q.startsWith(n));
  return name ? index.byName.get(name)! : null;
}
