import { type RegionPolicy, regionPolicy } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { BureauError } from '../errors.js';
import { nowIso } from '../lib/time.js';
import { ensureRegions, policyOf, regionBySlug, type RegionRow } from '../repositories/regions.js';
import { appendAudit } from './audit.js';

/**
 * A region's policy settings as the bureau sets them (`pnpm admin policy show|set|history|rollback`):
 * the overrides in regions.policy on top of the defaults in @yaojia/shared, each change one version in
 * policy_versions (like the bureau files' catalog_versions), audited, in one transaction. The API reads
 * regions.policy per request (repositories/regions.ts; on PostgreSQL the regions table notifies), so a
 * change is live with the next request.
 */

export interface PolicyChange {
  /** 宁夏: a city's markup, percent (002: 也可适当加价，具体由各市结合医保基金等因素确定) */
  cityRates?: Record<string, number>;
  /** cities whose own markup is dropped (they fall back to the default) */
  removeCities?: string[];
  /** 宁夏: the markup of a city that has set none, percent */
  defaultRate?: number;
  /** 五统一: 统一公布医保部门咨询投诉电话 */
  hotline?: string;
}

export interface PolicyView {
  region: string;
  name: string;
  /** the policy in force (defaults + overrides) */
  policy: RegionPolicy;
  /** what the bureau set (regions.policy) */
  overrides: Record<string, unknown>;
  /** the live version, null while the defaults were never changed */
  versionId: number | null;
}

export interface PolicyVersion {
  id: number;
  summary: string;
  publisher: string;
  publishedAt: string;
  status: 'published' | 'superseded' | 'rolled_back';
  restoredFrom: number | null;
  policy: Record<string, unknown>;
}

export interface PolicyResult {
  changed: boolean;
  versionId: number | null;
  summary: string;
  policy: RegionPolicy;
}

/** "15%", "15", "7.5 %", "１５％" → 15; a markup between 0 and 100 percent with at most one decimal. */
export function parseRate(text: string, flag: string): number {
  const v = text.normalize('NFKC').replace(/\s+/g, '').replace(/%$/, '');
  if (!/^\d{1,3}(\.\d)?$/.test(v)) throw new BureauError(`${flag} "${text}": expected a percentage such as 15% or 7.5%`);
  const n = Number(v);
  if (n > 100) throw new BureauError(`${flag} "${text}": a markup above 100% is not a markup a bureau sets`);
  return n;
}

async function requireRegionRow(db: Db, slug: string): Promise<RegionRow> {
  // the known regions exist before their first publish (as publishFile does)
  await ensureRegions(db);
  const row = await regionBySlug(db, slug);
  if (!row) {
    const known = (await db.all<{ slug: string }>('SELECT slug FROM regions ORDER BY id')).map((r) => r.slug);
    throw new BureauError(`unknown region "${slug}"; known: ${known.join(', ')}`);
  }
  return row;
}

async function liveVersion(db: Db, regionId: number): Promise<number | null> {
  const v = await db.get<{ id: number }>(`SELECT id FROM policy_versions WHERE region_id = ? AND status = 'published' ORDER BY id DESC LIMIT 1`, [regionId]);
  return v?.id ?? null;
}

export async function showPolicy(db: Db, slug: string): Promise<PolicyView> {
  const row = await requireRegionRow(db, slug);
  return { region: row.slug, name: row.name, policy: policyOf(row), overrides: row.policy, versionId: await liveVersion(db, row.id) };
}

/**
 * The city as institutions carry it (银川 → 银川市): one of the region's known cities (RegionPolicy.cities)
 * or a city its listed institutions are in. Anything else is refused, since a rate for a misspelt city
 * would silently apply to nobody.
 */
async function resolveCity(db: Db, row: RegionRow, policy: RegionPolicy, name: string): Promise<string> {
  const v = name.normalize('NFKC').replace(/\s+/g, '');
  const listed = (await db.all<{ city: string }>('SELECT DISTINCT city FROM institutions WHERE region_id = ? AND city IS NOT NULL ORDER BY city', [row.id])).map((r) => r.city);
  const known = [...new Set([...(policy.cities ?? []), ...listed])];
  const hit = known.find((c) => c === v) ?? known.find((c) => c.replace(/(市|地区|自治州|州|盟)$/, '') === v);
  if (!hit) throw new BureauError(`--city "${name}" is not a city of ${row.name}; known: ${known.join(', ') || 'none'}`);
  return hit;
}

const pct = (n: number | undefined) => (n === undefined ? '—' : `${n}%`);

/** Applies one change to a region's policy: validated first, then one transaction (version, regions row, audit). */
export async function setPolicy(db: Db, opts: { region: string; change: PolicyChange; actor: string }): Promise<PolicyResult> {
  const row = await requireRegionRow(db, opts.region);
  const current = policyOf(row);
  const c = opts.change;
  const hasMarkup = c.cityRates !== undefined || c.removeCities !== undefined || c.defaultRate !== undefined;
  if (!hasMarkup && c.hotline === undefined) throw new BureauError('nothing to set: give --city with --rate, --remove-city, --default-rate or --hotline');
  const next: Record<string, unknown> = { ...row.policy };
  const words: string[] = [];
  if (hasMarkup) {
    const r = current.retail;
    if (r.kind !== 'city_markup') {
      throw new BureauError(`${row.name} has no city markup rule (its retail rule is ${r.kind}); city rates are 宁夏's (002: 具体由各市结合医保基金等因素确定)`);
    }
    const byCity = { ...r.byCity };
    for (const [name, rate] of Object.entries(c.cityRates ?? {})) {
      const city = await resolveCity(db, row, current, name);
      if (byCity[city] !== rate) words.push(`${city} ${pct(byCity[city])} → ${pct(rate)}`);
      byCity[city] = rate;
    }
    for (const name of c.removeCities ?? []) {
      const city = await resolveCity(db, row, current, name);
      if (byCity[city] === undefined) throw new BureauError(`--remove-city "${name}": ${city} has no rate of its own`);
      words.push(`${city} ${pct(byCity[city])} → 按默认`);
      delete byCity[city];
    }
    const defaultPct = c.defaultRate ?? r.defaultPct;
    if (defaultPct !== r.defaultPct) words.push(`默认 ${pct(r.defaultPct)} → ${pct(defaultPct)}`);
    next.retail = { kind: 'city_markup', byCity, defaultPct };
  }
  if (c.hotline !== undefined) {
    const h = c.hotline.normalize('NFKC').trim();
    if (!/^(\d{5}|\d{3,4}-?\d{7,8}|1[3-9]\d{9}|400-?\d{3}-?\d{4})$/.test(h)) {
      throw new BureauError(`--hotline "${c.hotline}": expected a phone number such as 12393 or 0951-1234567`);
    }
    if (h !== current.hotline) words.push(`投诉电话 ${current.hotline} → ${h}`);
    next.hotline = h;
  }
  if (words.length === 0) return { changed: false, versionId: await liveVersion(db, row.id), summary: 'no change', policy: current };
  const summary = words.join('；');
  return db.transaction(async (tx) => {
    const versionId = await writeVersion(tx, row, next, summary, opts.actor, null);
    await appendAudit(tx, opts.actor, 'policy.set', row.slug, { version: versionId, summary, change: c });
    return { changed: true, versionId, summary, policy: { ...regionPolicy(row.slug), ...(next as Partial<RegionPolicy>) } };
  });
}

/**
 * Inside the caller's transaction: keeps the state before the first change as a version (so it can be
 * rolled back to), supersedes the live version, stores the new one and writes regions.policy.
 */
async function writeVersion(tx: Db, row: RegionRow, policy: Record<string, unknown>, summary: string, actor: string, restoredFrom: number | null): Promise<number> {
  const now = nowIso();
  const any = await tx.get<{ id: number }>('SELECT id FROM policy_versions WHERE region_id = ? LIMIT 1', [row.id]);
  if (!any) {
    await tx.run(
      `INSERT INTO policy_versions (region_id, policy, summary, publisher, published_at, status, restored_from) VALUES (?, ?, ?, ?, ?, 'superseded', NULL)`,
      [row.id, JSON.stringify(row.policy), '首次修改前的设置', actor, now],
    );
  }
  await tx.run(`UPDATE policy_versions SET status = 'superseded' WHERE region_id = ? AND status = 'published'`, [row.id]);
  const v = await tx.get<{ id: number }>(
    `INSERT INTO policy_versions (region_id, policy, summary, publisher, published_at, status, restored_from) VALUES (?, ?, ?, ?, ?, 'published', ?) RETURNING id`,
    [row.id, JSON.stringify(policy), summary, actor, now, restoredFrom],
  );
  await tx.run('UPDATE regions SET policy = ? WHERE id = ?', [JSON.stringify(policy), row.id]);
  return v!.id;
}

export async function policyHistory(db: Db, slug: string): Promise<PolicyVersion[]> {
  const row = await requireRegionRow(db, slug);
  const rows = await db.all<Omit<PolicyVersion, 'policy'> & { policy: string }>(
    `SELECT id, summary, publisher, published_at AS "publishedAt", status, restored_from AS "restoredFrom", policy
     FROM policy_versions WHERE region_id = ? ORDER BY id DESC`,
    [row.id],
  );
  return rows.map((r) => ({ ...r, policy: JSON.parse(r.policy) as Record<string, unknown> }));
}

/** Restores an earlier version's settings as a new live version; the versions after it are marked rolled_back. */
export async function rollbackPolicy(db: Db, opts: { region: string; to: number; actor: string }): Promise<PolicyResult> {
  const row = await requireRegionRow(db, opts.region);
  const target = await db.get<{ id: number; policy: string; status: string }>('SELECT id, policy, status FROM policy_versions WHERE id = ? AND region_id = ?', [opts.to, row.id]);
  if (!target) throw new BureauError(`no policy version ${opts.to} for ${row.slug}; see pnpm admin policy history --region ${row.slug}`);
  const live = await liveVersion(db, row.id);
  if (live === target.id) throw new BureauError(`policy version ${target.id} is already live for ${row.slug}`);
  const policy = JSON.parse(target.policy) as Record<string, unknown>;
  const summary = `恢复为第 ${target.id} 版`;
  return db.transaction(async (tx) => {
    await tx.run(`UPDATE policy_versions SET status = 'rolled_back' WHERE region_id = ? AND id > ? AND status <> 'rolled_back'`, [row.id, target.id]);
    const versionId = await writeVersion(tx, row, policy, summary, opts.actor, target.id);
    await appendAudit(tx, opts.actor, 'policy.rollback', row.slug, { version: versionId, restoredFrom: target.id });
    return { changed: true, versionId, summary, policy: { ...regionPolicy(row.slug), ...(policy as Partial<RegionPolicy>) } };
  });
}

/** The settings a bureau can change, as lines for `policy show`. */
export function describePolicy(v: PolicyView): string[] {
  const p = v.policy;
  const lines = [`${v.name} (${v.region})${v.versionId ? `, policy version ${v.versionId}` : ', built-in defaults'}`, `  投诉电话  ${p.hotline}`];
  const r = p.retail;
  if (r.kind === 'city_markup') {
    lines.push(`  零售药店加价（量价比较指数达标的药店）: 默认 ${r.defaultPct}%`);
    const cities = [...new Set([...(p.cities ?? []), ...Object.keys(r.byCity)])];
    for (const c of cities) lines.push(`    ${c}  ${r.byCity[c] === undefined ? `— (默认 ${r.defaultPct}%)` : `${r.byCity[c]}%`}`);
  } else if (r.kind === 'committed_markup') {
    lines.push(`  零售药店: 承诺且量价比较指数达标的药店最高加价 ${r.maxMarkupPct}%`);
  } else if (r.kind === 'concentrated_range') {
    lines.push('  零售药店: 可适当加价，不明显高于本市药店相对集中的价格区间');
  } else {
    lines.push('  零售药店: 不高于中选价');
  }
  return lines;
}
