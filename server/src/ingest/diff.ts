import { BADGE_LABELS, type BadgeKind, type FileKind, formatYuan } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { rowKey } from './parse.js';
import type { CatalogRow, InstitutionRow, ListedRow, PriceRow, RowOf, AliasRow } from './types.js';

const ALIAS_KIND_LABELS: Record<AliasRow['kind'], string> = { original: '原研', brand: '商品名', alias: '别名' };

/** What is live for a region + kind, keyed like the file's rows, with the database ids. */
export interface LiveState<K extends FileKind = FileKind> {
  kind: K;
  rows: Map<string, { id: number; row: RowOf[K] }>;
  /**
   * Keys a file does not remove by leaving them out: institutions admitted by command
   * (`pnpm admin institutions add`, version_id NULL), offers whose current price is the pharmacy's own.
   */
  explicit: Set<string>;
  /** institutions (live or not) whose latest badge change was a command: a file does not undo it */
  badgeHolds: Map<string, BadgeHold>;
}

/** The last badge change made by command (`pnpm admin badge grant|revoke`) rather than by a file. */
export interface BadgeHold {
  state: 'granted' | 'revoked';
  at: string;
  reason: string | null;
}

/** offers.source / price_history.source of a pharmacy's own edit (repositories/me.ts) */
const PHARMACY_SOURCE = 'pharmacy';

const bool = (v: unknown) => v === 1 || v === true;

/** one live offer: id, institution code, product code, selling, online, stock state, stock count, observed at, priced by the pharmacy */
type OfferTuple = [number, string, string, number, number | null, PriceRow['stockState'], number | null, string, number | boolean];

const OFFERS_SQL = `SELECT o.id, i.code AS ic, p.code AS pc, o.selling_price_fen AS s, o.online_price_fen AS o, o.stock_state AS st, o.stock_count AS sc, o.observed_at AS at,
        CASE WHEN o.source = '${PHARMACY_SOURCE}' THEN 1 ELSE 0 END AS ph
 FROM offers o JOIN institutions i ON i.id = o.institution_id JOIN products p ON p.id = o.product_id
 WHERE i.region_id = ?`;

/**
 * The live offers of a region as tuples, handed to `each`. SQLite (up to 2 M rows): a raw iterator over the
 * handle, no object per row (better-sqlite3 is synchronous, so this is safe inside the publish transaction).
 * PostgreSQL: COPY (…) TO STDOUT, parsed piece by piece (one query would have node-postgres build every
 * row object of the region before the first is used);
 * a Db without COPY: one query.
 */
async function eachLiveOffer(db: Db, regionId: number, each: (r: OfferTuple) => void): Promise<void> {
  if (db.sqlite) {
    for (const r of db.sqlite.prepare(OFFERS_SQL).raw(true).iterate(regionId) as Iterable<OfferTuple>) each(r);
    return;
  }
  if (db.copyOut && Number.isInteger(regionId)) {
    const num = (v: string | null) => (v === null ? null : Number(v));
    await db.copyOut(`COPY (${OFFERS_SQL.replace('?', String(regionId))}) TO STDOUT`, (rows) => {
      for (const f of rows) each([Number(f[0]), f[1]!, f[2]!, Number(f[3]), num(f[4]!), f[5] as PriceRow['stockState'], num(f[6]!), f[7]!, Number(f[8])]);
    });
    return;
  }
  const list = await db.all<{ id: number; ic: string; pc: string; s: number; o: number | null; st: PriceRow['stockState']; sc: number | null; at: string; ph: number }>(OFFERS_SQL, [regionId]);
  for (const r of list) each([r.id, r.ic, r.pc, r.s, r.o, r.st, r.sc, r.at, r.ph]);
}

/** pack codes per catalog product (product_codes) or 挂网 product (listed_codes), in the file's order (ids ascend as they were written) */
async function livePackCodes(db: Db, regionId: number, table: 'product_codes' | 'listed_codes'): Promise<Map<number, { identifier: string[]; standard: string[]; ean13: string[] }>> {
  const owner = table === 'product_codes' ? 'product_id' : 'listed_id';
  const codes = new Map<number, { identifier: string[]; standard: string[]; ean13: string[] }>();
  for (const c of await db.all<{ ownerId: number; kind: 'identifier' | 'standard' | 'ean13'; code: string }>(
    `SELECT ${owner} AS "ownerId", kind, code FROM ${table} WHERE region_id = ? ORDER BY id`,
    [regionId],
  )) {
    let of = codes.get(c.ownerId);
    if (!of) codes.set(c.ownerId, (of = { identifier: [], standard: [], ean13: [] }));
    of[c.kind].push(c.code);
  }
  return codes;
}

export async function loadLive<K extends FileKind>(db: Db, regionId: number, kind: K): Promise<LiveState<K>> {
  const rows = new Map<string, { id: number; row: RowOf[K] }>();
  const explicit = new Set<string>();
  const badgeHolds = new Map<string, BadgeHold>();
  if (kind === 'catalog') {
    const list = await db.all(`SELECT * FROM products WHERE region_id = ? AND removed_at IS NULL ORDER BY code`, [regionId]);
    const codes = await livePackCodes(db, regionId, 'product_codes');
    for (const r of list) {
      const own = codes.get(r.id as number);
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
        identifierCodes: own?.identifier ?? [],
        standardCodes: own?.standard ?? [],
        barcodes: own?.ean13 ?? [],
      };
      rows.set(row.code, { id: r.id as number, row: row as RowOf[K] });
    }
  } else if (kind === 'aliases') {
    const list = await db.all(`SELECT * FROM drug_aliases WHERE region_id = ? AND removed_at IS NULL ORDER BY stem, name`, [regionId]);
    for (const r of list) {
      const row: AliasRow = {
        stem: r.stem as string,
        name: r.name as string,
        kind: r.kind as AliasRow['kind'],
        maker: (r.maker as string | null) ?? null,
        form: (r.form as string | null) ?? null,
      };
      rows.set(`${row.stem}\u0000${row.name}`, { id: r.id as number, row: row as RowOf[K] });
    }
  } else if (kind === 'listed') {
    const list = await db.all(`SELECT * FROM listed_prices WHERE region_id = ? AND removed_at IS NULL ORDER BY code`, [regionId]);
    const codes = await livePackCodes(db, regionId, 'listed_codes');
    for (const r of list) {
      const own = codes.get(r.id as number);
      const row: ListedRow = {
        code: r.code as string,
        genericName: r.generic_name as string,
        brandName: (r.brand_name as string | null) ?? null,
        dosageForm: r.dosage_form as string,
        spec: r.spec as string,
        conversionRatio: r.conversion_ratio as number,
        maker: r.maker as string,
        listedPriceFen: r.listed_price_fen as number,
        original: bool(r.original),
        consistency: r.consistency === null || r.consistency === undefined ? null : bool(r.consistency),
        identifierCodes: own?.identifier ?? [],
        standardCodes: own?.standard ?? [],
        barcodes: own?.ean13 ?? [],
      };
      rows.set(row.code, { id: r.id as number, row: row as RowOf[K] });
    }
  } else if (kind === 'institutions') {
    const list = await db.all(`SELECT * FROM institutions WHERE region_id = ? AND removed_at IS NULL ORDER BY code`, [regionId]);
    const badgeRows = await db.all<{ id: number; kind: BadgeKind }>(
      `SELECT b.institution_id AS id, b.kind AS kind FROM badges b JOIN institutions i ON i.id = b.institution_id WHERE i.region_id = ? AND b.removed_at IS NULL`,
      [regionId],
    );
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
        priceIndexMet: r.price_index_met === null || r.price_index_met === undefined ? null : bool(r.price_index_met),
      };
      rows.set(row.code, { id: r.id as number, row: row as RowOf[K] });
      if (r.version_id === null) explicit.add(row.code);
    }
    // the latest badge row of each institution, removed ones included (a file may list one again)
    const latest = await db.all<{ code: string; removedAt: string | null; grantedAt: string; reason: string | null; origin: 'file' | 'command' }>(
      `SELECT i.code, b.removed_at AS "removedAt", b.granted_at AS "grantedAt", b.reason, b.origin FROM badges b JOIN institutions i ON i.id = b.institution_id
       WHERE i.region_id = ? AND b.id = (SELECT MAX(id) FROM badges WHERE institution_id = b.institution_id)`,
      [regionId],
    );
    for (const b of latest) {
      // badges.origin: the row's latest change came from a file publish (apply.ts) or a command
      if (b.origin === 'file') continue;
      badgeHolds.set(b.code, b.removedAt === null ? { state: 'granted', at: b.grantedAt, reason: b.reason } : { state: 'revoked', at: b.removedAt, reason: b.reason });
    }
  } else {
    await eachLiveOffer(db, regionId, (r) => {
      const row: PriceRow = { institutionCode: r[1], productCode: r[2], sellingPriceFen: r[3], onlinePriceFen: r[4], stockState: r[5], stockCount: r[6], observedAt: r[7] };
      const key = `${r[1]}\u0000${r[2]}`;
      rows.set(key, { id: r[0], row: row as RowOf[K] });
      if (r[8]) explicit.add(key);
    });
  }
  return { kind, rows, explicit, badgeHolds };
}

/** Field names as the bureau's files call them, for the diff's wording. */
const LABELS: Record<string, string> = {
  genericName: '通用名', productName: '产品名称', dosageForm: '剂型', spec: '规格', conversionRatio: '转换比',
  minUnit: '最小制剂单位', packUnit: '最小包装单位', packaging: '包装材质', maker: '生产企业', bidder: '投标企业',
  winningPriceFen: '中选价', approvalNo: '批准文号', brandName: '商品名', recommended: '推荐配备', special: '特药',
  therapeuticArea: '治疗领域', name: '机构名称', type: '机构类型', creditCode: '统一社会信用代码', address: '地址',
  city: '市', district: '区县', lat: '纬度', lng: '经度', phone: '联系电话', hours: '营业时间', specialDesignated: '特药定点',
  commitment: '承诺', legalRepresentative: '法人代表', contactName: '联系人', joinedAt: '加入日期', badge: '集采标识', priceIndexMet: '量价比较指数',
  sellingPriceFen: '销售价', onlinePriceFen: '网售价', stockState: '库存状态', stockCount: '库存',
  identifierCodes: '药品标识码', standardCodes: '本位码', barcodes: '条形码',
  listedPriceFen: '挂网价格', original: '是否原研', consistency: '是否过评',
  stem: '活性成分', kind: '名称类型', form: '剂型限定',
};

function show(field: string, v: unknown): string {
  if (field === 'priceIndexMet') return v === true ? '达标' : v === false ? '未达标' : '未评定';
  if (v === null || v === undefined) return '—';
  if (field.endsWith('Fen') && typeof v === 'number') return formatYuan(v);
  if (field === 'badge') return BADGE_LABELS[v as BadgeKind] ?? String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? v.join('、') : '—';
  return String(v);
}

const CODE_FIELDS = ['identifierCodes', 'standardCodes', 'barcodes'] as const;

/** Fields that differ; a prices file's 更新时间 alone does not make a change, nor does an absent 集采标识 column. */
export function changedFields(kind: FileKind, live: RowOf[FileKind], next: RowOf[FileKind]): string[] {
  if (kind === 'prices') return changedPriceFields(live as PriceRow, next as PriceRow);
  const out: string[] = [];
  const a = live as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if ((k === 'badge' || k === 'priceIndexMet') && b[k] === undefined) continue;
    if (k === 'lat' || k === 'lng') {
      if (Math.abs((a[k] as number) - (b[k] as number)) > 1e-9) out.push(k);
      continue;
    }
    if (Array.isArray(b[k]) || Array.isArray(a[k])) {
      // pack codes: a version published before the code columns existed has none
      if (((a[k] as string[] | undefined) ?? []).join('\u0000') !== ((b[k] as string[] | undefined) ?? []).join('\u0000')) out.push(k);
      continue;
    }
    if ((a[k] ?? null) !== (b[k] ?? null)) out.push(k);
  }
  // a snapshot from before the code columns (a rollback to it) has no codes: the live ones go
  if (kind === 'catalog' || kind === 'listed') for (const k of CODE_FIELDS) if (!(k in b) && (a[k] as string[] | undefined)?.length) out.push(k);
  return out;
}

/** changedFields of two price rows, field by field in PriceRow's order (observedAt left out); most rows are unchanged. */
function changedPriceFields(a: PriceRow, b: PriceRow): string[] {
  if (
    a.sellingPriceFen === b.sellingPriceFen && (a.onlinePriceFen ?? null) === (b.onlinePriceFen ?? null) &&
    a.stockState === b.stockState && (a.stockCount ?? null) === (b.stockCount ?? null) &&
    a.institutionCode === b.institutionCode && a.productCode === b.productCode
  ) return [];
  const out: string[] = [];
  if (a.institutionCode !== b.institutionCode) out.push('institutionCode');
  if (a.productCode !== b.productCode) out.push('productCode');
  if ((a.sellingPriceFen ?? null) !== (b.sellingPriceFen ?? null)) out.push('sellingPriceFen');
  if ((a.onlinePriceFen ?? null) !== (b.onlinePriceFen ?? null)) out.push('onlinePriceFen');
  if ((a.stockState ?? null) !== (b.stockState ?? null)) out.push('stockState');
  if ((a.stockCount ?? null) !== (b.stockCount ?? null)) out.push('stockCount');
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
  if (kind === 'aliases') {
    const r = row as AliasRow;
    return `${r.stem}: ${r.name}（${ALIAS_KIND_LABELS[r.kind]}${r.maker ? `，${r.maker}` : ''}${r.form ? `，仅${r.form}` : ''}）`;
  }
  if (kind === 'listed') {
    const r = row as ListedRow;
    return `${r.code} ${r.genericName}${r.brandName ? `（${r.brandName}）` : ''} ${r.spec} ×${r.conversionRatio} ${r.maker} 挂网价格 ${formatYuan(r.listedPriceFen)}${r.original ? ' 原研' : ''}`;
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
  /** left as they are although the file differs: an explicit action or a newer observation wins */
  kept: {
    /** prices: the file's 更新时间 is older than the pharmacy's own price (its observation goes to price_history only) */
    newerPharmacyObservation: number;
    /** prices: offers the pharmacy priced itself, not in the file */
    pharmacyOffersNotInFile: number;
    /** institutions admitted by `pnpm admin institutions add`, not in the file */
    institutionsAddedByCommand: number;
    /** institutions: 集采标识 that contradicts a `pnpm admin badge grant|revoke` */
    badgesSetByCommand: number;
  };
  /** rows of the file overridden by an explicit action, by index into the rows (worded for a warning) */
  notices: Array<{ index: number; message: string }>;
  /** the first rows of each, worded for people */
  samples: { added: string[]; removed: string[]; changed: string[]; kept: string[] };
}

export interface Diff<K extends FileKind = FileKind> {
  summary: DiffSummary;
  /** indexes into the new rows */
  added: number[];
  changed: Array<{ index: number; id: number; fields: string[] }>;
  removed: Array<{ id: number; key: string }>;
  /** prices: rows older than the pharmacy's own current price; only their observation is recorded */
  olderThanPharmacy: Array<{ index: number; id: number }>;
  /** institutions: rows whose 集采标识 is not applied (a badge command holds) */
  badgeHeld: Set<number>;
}

const day = (iso: string) => iso.slice(0, 10);

/** The warning for a 集采标识 that a badge command overrides; null when the file agrees with it. */
function badgeNotice(code: string, badge: InstitutionRow['badge'], hold: BadgeHold | undefined): string | null {
  if (!hold || badge === undefined) return null;
  const why = hold.reason ? ` (${hold.reason})` : '';
  if (hold.state === 'revoked' && badge) return `集采标识 是 ignored: badge revoked on ${day(hold.at)}${why}; use pnpm admin badge grant --institution ${code}`;
  if (hold.state === 'granted' && !badge) return `集采标识 否 ignored: badge granted on ${day(hold.at)}${why}; use pnpm admin badge revoke --institution ${code}`;
  return null;
}

export const SAMPLE_ROWS = 5;

/** a live entry, marked by the diffRows call whose file lists it */
type Listed = { id: number; row: RowOf[FileKind]; listedBy?: object };

export function diffRows<K extends FileKind>(kind: K, live: LiveState<K>, rows: Array<RowOf[K]>): Diff<K> {
  const summary: DiffSummary = {
    added: 0, removed: 0, changed: 0, unchanged: 0, priceChanged: 0,
    kept: { newerPharmacyObservation: 0, pharmacyOffersNotInFile: 0, institutionsAddedByCommand: 0, badgesSetByCommand: 0 },
    notices: [],
    samples: { added: [], removed: [], changed: [], kept: [] },
  };
  const diff: Diff<K> = { summary, added: [], changed: [], removed: [], olderThanPharmacy: [], badgeHeld: new Set() };
  const keep = (what: string) => {
    if (summary.samples.kept.length < SAMPLE_ROWS) summary.samples.kept.push(what);
  };
  /** institutions: true when a badge command overrides the row's 集采标识 (recorded as a notice) */
  const holdsBadge = (index: number, row: RowOf[K]): boolean => {
    if (kind !== 'institutions') return false;
    const r = row as InstitutionRow;
    const message = badgeNotice(r.code, r.badge, live.badgeHolds.get(r.code));
    if (!message) return false;
    diff.badgeHeld.add(index);
    summary.kept.badgesSetByCommand++;
    summary.notices.push({ index, message });
    keep(`${r.code}: ${message}`);
    return true;
  };
  // live entries the file lists are marked with this call's token (no Set of 2 M keys); when the file lists
  // every live entry, nothing can be removed and the live rows need no second pass
  const token = {};
  let listed = 0;
  if (live.rows.size === 0 && kind !== 'institutions') {
    // nothing live (a region's first file of this kind): every row is added, no key to build and look up
    // (2 M-row prices file: 0.37 s of keys for an empty map); institutions still ask about badge holds
    diff.added = Array.from({ length: rows.length }, (_, i) => i);
    summary.samples.added = rows.slice(0, SAMPLE_ROWS).map((row) => describeRow(kind, row));
  } else rows.forEach((row, index) => {
    const key = rowKey(kind, row);
    const cur = live.rows.get(key) as Listed | undefined;
    if (cur && cur.listedBy !== token) {
      cur.listedBy = token;
      listed++;
    }
    if (!cur) {
      holdsBadge(index, row);
      diff.added.push(index);
      if (summary.samples.added.length < SAMPLE_ROWS) summary.samples.added.push(describeRow(kind, row));
      return;
    }
    let fields = changedFields(kind, cur.row, row);
    if (fields.includes('badge') && holdsBadge(index, row)) fields = fields.filter((f) => f !== 'badge');
    if (fields.length && kind === 'prices' && live.explicit.has(key)) {
      // the latest observation wins: a file row observed before the pharmacy's own price does not replace it
      const at = (row as PriceRow).observedAt;
      const curAt = (cur.row as PriceRow).observedAt;
      if (at !== null && curAt !== null && Date.parse(at) < Date.parse(curAt)) {
        diff.olderThanPharmacy.push({ index, id: cur.id });
        summary.kept.newerPharmacyObservation++;
        keep(`${key.replace('\u0000', ' × ')}: pharmacy's ${show('sellingPriceFen', (cur.row as PriceRow).sellingPriceFen)} of ${curAt} kept over the file's ${show('sellingPriceFen', (row as PriceRow).sellingPriceFen)} of ${at}`);
        return;
      }
    }
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
  if (listed < live.rows.size) for (const [key, cur] of live.rows) {
    if ((cur as Listed).listedBy === token) continue;
    if (live.explicit.has(key)) {
      // added by an explicit action: only an explicit action removes it
      if (kind === 'prices') summary.kept.pharmacyOffersNotInFile++;
      else summary.kept.institutionsAddedByCommand++;
      keep(`${describeRow(kind, cur.row)}: not in the file, kept (${kind === 'prices' ? 'priced by the pharmacy' : 'added by command; pnpm admin institutions remove'})`);
      continue;
    }
    diff.removed.push({ id: cur.id, key });
    if (summary.samples.removed.length < SAMPLE_ROWS) summary.samples.removed.push(describeRow(kind, cur.row));
  }
  summary.added = diff.added.length;
  summary.changed = diff.changed.length;
  summary.removed = diff.removed.length;
  return diff;
}
