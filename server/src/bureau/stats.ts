import {
  type CoveragePoint,
  formatYuan,
  INSTITUTION_TYPES,
  type InstitutionType,
  STATS_GROUP_LABELS,
  STATS_GROUPS,
  type StatsColumn,
  type StatsGroup,
  type StatsResponse,
} from '@yaojia/shared';
import type { Db } from '../db/client.js';
import type { InstitutionRecord, OfferRecord, ProductRecord } from '../db/schema/index.js';
import { nowIso } from '../lib/time.js';
import { regionBySlug } from '../repositories/regions.js';
import { appendAudit } from './audit.js';
import { BureauError } from '../errors.js';

/**
 * How the 7 institution types map onto the columns of 宁夏 附件3 (定点药店, 民营医疗机构, 村卫生室, 社区卫生站):
 * - 定点药店 ← 零售连锁药店 + 单体药店
 * - 民营医疗机构 ← 民营三级综合医院 + 其他民营医疗机构
 * - 村卫生室 ← 村卫生室
 * - 社区卫生站 ← 社区卫生服务站/中心 (our type does not tell 中心 from 站)
 * - 乡镇卫生院: not a column of 附件3 — seed 002 一(二)1 has 村卫生室/社区卫生服务站 buying through the
 *   乡镇卫生院 or 社区卫生服务中心 — so it is reported in its own column, and counted in 汇总.
 */
export const GROUP_TYPES: Record<StatsGroup, InstitutionType[]> = {
  designated_pharmacy: ['retail_chain', 'retail_single'],
  private_medical: ['private_tertiary', 'private_other'],
  village_clinic: ['village_clinic'],
  community_health_station: ['community_health_station'],
  township_health_center: ['township_health_center'],
};

/**
 * Purchase amounts are an estimate: bureaus send us prices and stock, not purchase orders. An offer's
 * stock on hand is taken as one month's purchase (the shelf is assumed to turn over every
 * TURNOVER_DAYS days), bought at the 中选价: amount = Σ 中选价 × 库存数量 × days held in the window / 30.
 */
export const TURNOVER_DAYS = 30;

/** 江西 (seed 001 一): 争取到2025年底…覆盖率达80%以上、2026年底达90%以上 */
export const COVERAGE_TARGETS = {
  jiangxi: [
    { by: '2025-12-31', share: 0.8, source: '江西省“三进”工作通知：2025年底覆盖率达80%以上' },
    { by: '2026-12-31', share: 0.9, source: '江西省“三进”工作通知：2026年底达90%以上' },
  ],
} as const satisfies Record<string, ReadonlyArray<{ by: string; share: number; source: string }>>;

/** A region's own coverage targets: only 江西's notice sets any, so 山西 or 沈阳 are never judged by them. */
export function coverageTargetsOf(region: string): ReadonlyArray<{ by: string; share: number; source: string }> {
  return (COVERAGE_TARGETS as Record<string, ReadonlyArray<{ by: string; share: number; source: string }>>)[region] ?? [];
}

export interface Period {
  label: string;
  start: string;
  /** exclusive */
  end: string;
}

export function parsePeriod(label: string): Period {
  const m = /^(\d{4})Q([1-4])$/.exec(label.trim().toUpperCase());
  if (!m) throw new BureauError(`period "${label}" must look like 2026Q3`);
  const y = Number(m[1]);
  const q = Number(m[2]);
  const mm = (n: number) => String(n).padStart(2, '0');
  const start = `${y}-${mm((q - 1) * 3 + 1)}-01`;
  const end = q === 4 ? `${y + 1}-01-01` : `${y}-${mm(q * 3 + 1)}-01`;
  return { label: `${y}Q${q}`, start, end };
}

function previousPeriod(p: Period): Period {
  const [y, q] = [Number(p.label.slice(0, 4)), Number(p.label.slice(5))];
  return parsePeriod(q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`);
}

/** The calendar day in China time (UTC+8) of an ISO timestamp; a bare YYYY-MM-DD is returned as is. Periods are China-time quarters. */
export function chinaDay(s: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const t = Date.parse(s.includes('T') || s.endsWith('Z') ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? s.slice(0, 10) : new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const days = (a: string, b: string) => Math.max(0, (Date.parse(b) - Date.parse(a)) / 86_400_000);

/** An institution as the stats count it: `joined` is its join day (else its listing day) in China time. */
type CountedInstitution = Pick<InstitutionRecord, 'id' | 'removedAt'> & { type: InstitutionType; joined: string };

/** An offer's stock valued at its product's 中选价, from the day it was first seen (China time). */
type StockedOffer = Pick<OfferRecord, 'institutionId' | 'stockCount'> &
  Pick<ProductRecord, 'genericName' | 'winningPriceFen'> & { firstSeen: string };

function groupOf(type: InstitutionType): StatsGroup | null {
  for (const g of STATS_GROUPS) if (GROUP_TYPES[g].includes(type)) return g;
  return null;
}

/** Records the bureau's count of 医保定点医药机构 (the coverage denominator) as of a date. */
export async function recordDesignatedCount(db: Db, opts: { region: string; count: number; asOf: string; source?: string; actor: string }): Promise<void> {
  const region = await regionBySlug(db, opts.region);
  if (!region) throw new BureauError(`unknown region "${opts.region}"`);
  if (!Number.isInteger(opts.count) || opts.count <= 0) throw new BureauError('--count must be a positive whole number');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new BureauError('--as-of must be YYYY-MM-DD');
  await db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO designated_counts (region_id, as_of, count, source, recorded_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (region_id, as_of) DO UPDATE SET count = excluded.count, source = excluded.source, recorded_at = excluded.recorded_at`,
      [region.id, opts.asOf, opts.count, opts.source ?? null, nowIso()],
    );
    await appendAudit(tx, opts.actor, 'stats.designated', opts.region, { count: opts.count, asOf: opts.asOf, source: opts.source ?? null });
  });
}

/** 宁夏 附件3 for a region and quarter, plus 江西 coverage. Throws BureauError for an unknown region or bad period. */
export async function computeStats(db: Db, regionSlug: string, periodLabel: string): Promise<StatsResponse> {
  const region = await regionBySlug(db, regionSlug);
  if (!region) throw new BureauError(`unknown region "${regionSlug}"`);
  const period = parsePeriod(periodLabel);

  // rows in id order: the amounts below are float sums, the same order gives the same cents on both databases
  const insts = await db.all<CountedInstitution>(
    `SELECT id, type, COALESCE(joined_at, substr(listed_at, 1, 10)) AS joined, removed_at AS "removedAt"
     FROM institutions WHERE region_id = ? ORDER BY id`,
    [region.id],
  );
  for (const i of insts) {
    i.joined = chinaDay(i.joined);
    if (i.removedAt) i.removedAt = chinaDay(i.removedAt);
  }
  // counted at a date: joined before it and not delisted by then
  const memberAt = (i: CountedInstitution, end: string) => i.joined < end && (i.removedAt === null || i.removedAt >= end);

  // an offer first appears with its earliest recorded price (price_history), else its current observation;
  // the earliest of the three is taken here rather than with SQLite's scalar MIN(a, b, c) (PostgreSQL: LEAST)
  const offerRows = await db.all<Omit<StockedOffer, 'firstSeen'> & { firstHistory: string | null; observedAt: string; recordedAt: string }>(
    `SELECT o.institution_id AS "institutionId", p.generic_name AS "genericName", p.winning_price_fen AS "winningPriceFen",
            o.stock_count AS "stockCount", o.observed_at AS "observedAt", o.recorded_at AS "recordedAt",
            (SELECT MIN(h.observed_at) FROM price_history h WHERE h.institution_id = o.institution_id AND h.product_id = o.product_id) AS "firstHistory"
     FROM offers o JOIN products p ON p.id = o.product_id JOIN institutions i ON i.id = o.institution_id
     WHERE i.region_id = ? ORDER BY o.id`,
    [region.id],
  );
  const offers: StockedOffer[] = offerRows.map(({ firstHistory, observedAt, recordedAt, ...o }) => {
    const earliest = [firstHistory ?? observedAt, observedAt, recordedAt].reduce((m, v) => (v < m ? v : m));
    return { ...o, firstSeen: chinaDay(earliest) };
  });

  const instById = new Map(insts.map((i) => [i.id, i]));
  const columns: StatsColumn[] = [];
  const totalFirstSeen = new Map<string, string>();
  const totals = { instNew: 0, instCum: 0, amountNew: 0, amountCum: 0 };
  let noStockCount = 0;

  for (const g of STATS_GROUPS) {
    const members = insts.filter((i) => GROUP_TYPES[g].includes(i.type) && memberAt(i, period.end));
    const memberIds = new Set(members.map((i) => i.id));
    const instNew = members.filter((i) => i.joined >= period.start).length;
    const firstSeen = new Map<string, string>();
    let amountNew = 0;
    let amountCum = 0;
    for (const o of offers) {
      if (!memberIds.has(o.institutionId) || o.firstSeen >= period.end) continue;
      const prev = firstSeen.get(o.genericName);
      if (!prev || o.firstSeen < prev) firstSeen.set(o.genericName, o.firstSeen);
      const t = totalFirstSeen.get(o.genericName);
      if (!t || o.firstSeen < t) totalFirstSeen.set(o.genericName, o.firstSeen);
      if (o.stockCount === null) {
        noStockCount++;
        continue;
      }
      const monthly = o.winningPriceFen * o.stockCount;
      const from = o.firstSeen > period.start ? o.firstSeen : period.start;
      amountNew += (monthly * days(from, period.end)) / TURNOVER_DAYS;
      amountCum += (monthly * days(o.firstSeen, period.end)) / TURNOVER_DAYS;
    }
    const varietiesNew = [...firstSeen.values()].filter((d) => d >= period.start).length;
    columns.push({
      group: g,
      label: STATS_GROUP_LABELS[g],
      types: GROUP_TYPES[g],
      institutions: { new: instNew, cumulative: members.length },
      varieties: { new: varietiesNew, cumulative: firstSeen.size },
      purchaseAmount: { new: formatYuan(Math.round(amountNew)), cumulative: formatYuan(Math.round(amountCum)) },
    });
    totals.instNew += instNew;
    totals.instCum += members.length;
    totals.amountNew += Math.round(amountNew);
    totals.amountCum += Math.round(amountCum);
  }
  columns.push({
    group: 'total',
    label: '汇总',
    types: [...INSTITUTION_TYPES],
    institutions: { new: totals.instNew, cumulative: totals.instCum },
    // 品种 by 通用名 across all columns: a variety stocked by pharmacies and clinics counts once
    varieties: { new: [...totalFirstSeen.values()].filter((d) => d >= period.start).length, cumulative: totalFirstSeen.size },
    purchaseAmount: { new: formatYuan(totals.amountNew), cumulative: formatYuan(totals.amountCum) },
  });

  // coverage: 三进单位 (all types) against the bureau's count of 医保定点医药机构, at each quarter end
  const pointAt = async (p: Period): Promise<CoveragePoint & { asOf: string | null }> => {
    // the count in force at the quarter's end; before the first count, the first one (the bureau's earliest statement)
    const d =
      (await db.get<{ count: number; asOf: string }>(
        'SELECT count, as_of AS "asOf" FROM designated_counts WHERE region_id = ? AND as_of < ? ORDER BY as_of DESC LIMIT 1',
        [region.id, p.end],
      )) ??
      (await db.get<{ count: number; asOf: string }>('SELECT count, as_of AS "asOf" FROM designated_counts WHERE region_id = ? ORDER BY as_of ASC LIMIT 1', [region.id]));
    const joined = insts.filter((i) => memberAt(i, p.end)).length;
    return {
      period: p.label,
      end: dayBefore(p.end),
      joined,
      designated: d?.count ?? null,
      share: d ? Math.round((joined / d.count) * 10_000) / 10_000 : null,
      asOf: d?.asOf ?? null,
    };
  };
  const series: CoveragePoint[] = [];
  const earliest = insts.reduce((m, i) => (i.joined < m ? i.joined : m), period.start);
  let p = period;
  for (let n = 0; n < 8 && p.end > earliest; n++, p = previousPeriod(p)) {
    const { asOf: _a, ...pt } = await pointAt(p);
    series.unshift(pt);
  }
  const now = await pointAt(period);
  const targets = coverageTargetsOf(region.slug).map((t) => ({ ...t, met: now.share === null ? null : now.share >= t.share }));

  // public text (the statistics page reads these): plain Chinese, no column names, formulas or commands
  const notes = [
    '列对应：定点药店＝零售连锁药店＋单体药店；民营医疗机构＝民营三级综合医院＋其他民营医疗机构；社区卫生站含社区卫生服务中心；乡镇卫生院不在附件3样表中，单列并计入汇总。',
    '机构数量：加入“三进”的日期在统计期内的计为新增（没有加入日期的按列入名单的日期）；期末前加入且未退出的计为累计。',
    '品种数量按通用名计；某通用名在该类机构中首次出现（最早价格记录）在期内为新增；汇总列跨类去重。',
    `采购金额为估算，不是采购订单数据：按各药品的中选价乘以公示的库存数量，再按期内在售天数折算（假设库存约每${TURNOVER_DAYS}天周转一次）。` +
      (noStockCount ? `另有 ${noStockCount} 条报价没有库存数量，未计入金额。` : ''),
    now.designated === null
      ? '覆盖率：当地医保部门尚未公布医保定点医药机构总数，暂时无法计算。'
      : `覆盖率＝期末参加“三进”的机构数 ÷ 医保定点医药机构总数（医保部门公布，截至 ${now.asOf}）。` +
        (targets.length ? `目标：${targets.map((t) => `${t.by.slice(0, 4)}年底达到${Math.round(t.share * 100)}%`).join('、')}。` : ''),
  ];

  return {
    region: region.slug,
    regionName: region.name,
    period: period.label,
    start: period.start,
    end: period.end,
    columns,
    coverage: {
      joined: now.joined,
      designated: now.designated,
      share: now.share,
      denominator: now.designated === null ? null : 'bureau',
      designatedAsOf: now.asOf,
      targets,
      series,
    },
    notes,
  };
}

/** The 附件3 rows in the order of the sample table. */
export const TABLE_ROWS: Array<{ label: string; value: (c: StatsColumn) => string | number }> = [
  { label: '参加集采药品医药机构数量（新增）', value: (c) => c.institutions.new },
  { label: '参加集采药品医药机构数量（累计）', value: (c) => c.institutions.cumulative },
  { label: '采购集采药品品种数量（新增）', value: (c) => c.varieties.new },
  { label: '采购集采药品品种数量（累计）', value: (c) => c.varieties.cumulative },
  { label: '采购集采药品金额（新增，元，估算）', value: (c) => c.purchaseAmount.new },
  { label: '采购集采药品金额（累计，元，估算）', value: (c) => c.purchaseAmount.cumulative },
];
