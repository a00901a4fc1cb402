import { BADGE_LABELS, type BadgeKind, type FileKind, formatYuan } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { rowKey } from './parse.js';
import type { CatalogRow, InstitutionRow, PriceRow, RowOf } from './types.js';

/** What is live for a region + kind, keyed like the file's rows, with the database ids. */
export interface LiveState<K extends FileKind = FileKind> {
  kind: K;
  rows: Map<string, { id: number; row: RowOf[K] }>;
}

const bool = (v: unknown) => v === 1 || v === true;

type Sql = Db['$client'];

export function loadLive<K extends FileKind>(sqlite: Sql, regionId: number, kind: K): LiveState<K> {
  const rows = new Map<string, { id: number; row: RowOf[K] }>();
  if (kind === 'catalog') {
    const list = sqlite.prepare(`SELECT * FROM products WHERE region_id = ? AND removed_at IS NULL`).all(regionId) as Array<Record<string, unknown>>;
    for (const r of list) {
      const row: CatalogRow = {
        code: r.code as string,
        genericName: r.generic_name as string,
        productName: r.product_name as string,
        dosageForm: r.dosage_form as string,
        spec: r.spec as string,
        conversionRatio: r.conversion_ratio as number,
        minUnit: r.min_unit as string,
        packUnit: r.pack_unit as string,
        packaging: (r.packaging as string | null) ?? null,
        maker: r.maker as string,
        bidder: (r.bidder as string | null) ?? null,
        winningPriceFen: r.winning_price_fen as number,
        approvalNo: (r.approval_no as string | null) ?? null,
        brandName: (r.brand_name as string | null) ?? null,
        recommended: bool(r.recommended),
        special: bool(r.special),
        therapeuticArea: (r.therapeutic_area as string | null) ?? null,
      };
      rows.set(row.code, { id: r.id as number, row: row as RowOf[K] });
    }
  } else if (kind === 'institutions') {
    const list = sqlite.prepare(`SELECT * FROM institutions WHERE region_id = ? AND removed_at IS NULL`).all(regionId) as Array<Record<string, unknown>>;
    const badgeRows = sqlite
      .prepare(`SELECT b.institution_id AS id, b.kind AS kind FROM badges b JOIN institutions i ON i.id = b.institution_id WHERE i.region_id = ? AND b.removed_at IS NULL`)
      .all(regionId) as Array<{ id: number; kind: BadgeKind }>;
    const badgeOf = new Map(badgeRows.map((b) => [b.id, b.kind]));
    for (const r of list) {
      const row: InstitutionRow = {
        code: r.code as string,
        name: r.name as string,
        type: r.type as InstitutionRow['type'],
        creditCode: (r.credit_code as string | null) ?? null,
        address: r.address as string,
        city: (r.city as string | null) ?? null,
        district: (r.district as string | null) ?? null,
        lat: r.lat as number,
        lng: r.lng as number,
        phone: (r.phone as string | null) ?? null,
        hours: (r.hours as string | null) ?? null,
        specialDesignated: bool(r.special_designated),
        commitment: (r.commitment as InstitutionRow['commitment']) ?? null,
        legalRepresentative: (r.legal_representative as string | null) ?? null,
        contactName: (r.contact_name as string | null) ?? null,
        joinedAt: (r.joined_at as string | null) ?? null,
        badge: badgeOf.get(r.id as number) ?? null,
      };
      rows.set(row.code, { id: r.id as number, row: row as RowOf[K] });
    }
  } else {
    const stmt = sqlite.prepare(
      `SELECT o.id, i.code AS ic, p.code AS pc, o.selling_price_fen AS s, o.online_price_fen AS o, o.stock_state AS st, o.stock_count AS sc, o.observed_at AS at
       FROM offers o JOIN institutions i ON i.id = o.institution_id JOIN products p ON p.id = o.product_id
       WHERE i.region_id = ?`,
    );
    stmt.raw(true);
    for (const r of stmt.iterate(regionId) as Iterable<[number, string, string, number, number | null, PriceRow['stockState'], number | null, string]>) {
      const row: PriceRow = { institutionCode: r[1], productCode: r[2], sellingPriceFen: r[3], onlinePriceFen: r[4], stockState: r[5], stockCount: r[6], observedAt: r[7] };
      rows.set(`${r[1]}\u0000${r[2]}`, { id: r[0], row: row as RowOf[K] });
    }
  }
  return { kind, rows };
}

/** Field names as the bureau's files call them, for the diff's wording. */
const LABELS: Record<string, string> = {
  genericName: '通用名', productName: '产品名称', dosageForm: '剂型', spec: '规格', conversionRatio: '转换比',
  minUnit: '最小制剂单位', packUnit: '最小包装单位', packaging: '包装材质', maker: '生产企业', bidder: '投标企业',
  winningPriceFen: '中选价', approvalNo: '批准文号', brandName: '商品名', recommended: '推荐配备', special: '特药',
  therapeuticArea: '治疗领域', name: '机构名称', type: '机构类型', creditCode: '统一社会信用代码', address: '地址',
  city: '市', district: '区县', lat: '纬度', lng: '经度', phone: '联系电话', hours: '营业时间', specialDesignated: '特药定点',
  commitment: '承诺', legalRepresentative: '法人代表', contactName: '联系人', joinedAt: '加入日期', badge: '集采标识',
  sellingPriceFen: '销售价', onlinePriceFen: '网售价', stockState: '库存状态', stockCount: '库存',
};

function show(field: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (field.endsWith('Fen') && typeof v === 'number') return formatYuan(v);
  if (field === 'badge') return BADGE_LABELS[v as BadgeKind] ?? String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** Fields that differ; a prices file's 更新时间 alone does not make a change, nor does an absent 集采标识 column. */
export function changedFields(kind: FileKind, live: RowOf[FileKind], next: RowOf[FileKind]): string[] {
  const out: string[] = [];
  const a = live as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (kind === 'prices' && k === 'observedAt') continue;
    if (k === 'badge' && b[k] === undefined) continue;
    if (k === 'lat' || k === 'lng') {
      if (Math.abs((a[k] as number) - (b[k] as number)) > 1e-9) out.push(k);
      continue;
    }
    if ((a[k] ?? null) !== (b[k] ?? null)) out.push(k);
  }
  return out;
}

export function describeRow(kind: FileKind, row: RowOf[FileKind]): string {
  if (kind === 'catalog') {
    const r = row as CatalogRow;
    return `${r.code} ${r.productName} ${r.spec} ×${r.conversionRatio} ${r.maker} 中选价 ${formatYuan(r.winningPriceFen)}`;
  }
  if (kind === 'institutions') {
    const r = row as InstitutionRow;
    return `${r.code} ${r.name} (${r.address})`;
  }
  const r = row as PriceRow;
  return `${r.institutionCode} × ${r.productCode} 销售价 ${formatYuan(r.sellingPriceFen)}${r.onlinePriceFen !== null ? ` 网售价 ${formatYuan(r.onlinePriceFen)}` : ''}`;
}

export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** prices: offers whose selling or online price changed (each appends to price_history) */
  priceChanged: number;
  /** the first rows of each, worded for people */
  samples: { added: string[]; removed: string[]; changed: string[] };
}

export interface Diff<K extends FileKind = FileKind> {
  summary: DiffSummary;
  /** indexes into the new rows */
  added: number[];
  changed: Array<{ index: number; id: number; fields: string[] }>;
  removed: Array<{ id: number; key: string }>;
}

export const SAMPLE_ROWS = 5;

export function diffRows<K extends FileKind>(kind: K, live: LiveState<K>, rows: Array<RowOf[K]>): Diff<K> {
  const summary: DiffSummary = { added: 0, removed: 0, changed: 0, unchanged: 0, priceChanged: 0, samples: { added: [], removed: [], changed: [] } };
  const diff: Diff<K> = { summary, added: [], changed: [], removed: [] };
  const present = new Set<string>();
  rows.forEach((row, index) => {
    const key = rowKey(kind, row);
    present.add(key);
    const cur = live.rows.get(key);
    if (!cur) {
      diff.added.push(index);
      if (summary.samples.added.length < SAMPLE_ROWS) summary.samples.added.push(describeRow(kind, row));
      return;
    }
    const fields = changedFields(kind, cur.row, row);
    if (!fields.length) {
      summary.unchanged++;
      return;
    }
    diff.changed.push({ index, id: cur.id, fields });
    if (kind === 'prices' && (fields.includes('sellingPriceFen') || fields.includes('onlinePriceFen'))) summary.priceChanged++;
    if (summary.samples.changed.length < SAMPLE_ROWS) {
      const a = cur.row as unknown as Record<string, unknown>;
      const b = row as unknown as Record<string, unknown>;
      const what = fields.map((f) => `${LABELS[f] ?? f} ${show(f, a[f])} → ${show(f, b[f])}`).join('; ');
      summary.samples.changed.push(`${key.replace('\u0000', ' × ')}: ${what}`);
    }
  });
  for (const [key, cur] of live.rows) {
    if (present.has(key)) continue;
    diff.removed.push({ id: cur.id, key });
    if (summary.samples.removed.length < SAMPLE_ROWS) summary.samples.removed.push(describeRow(kind, cur.row));
  }
  summary.added = diff.added.length;
  summary.changed = diff.changed.length;
  summary.removed = diff.removed.length;
  return diff;
}
