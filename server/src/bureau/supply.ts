import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import {
  DELIVERY_WINDOW_HOURS,
  type DeliveriesResponse,
  type DistributorPerformance,
  type ShortageCreateBody,
  type ShortageCreated,
  stripControlChars,
  SUPPLY_NOTICE,
  type SupplyAlert,
  type SupplyAlertsResponse,
} from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { detectEncoding, RECORD_DELIMITERS } from '../ingest/read.js';
import { parseTimestamp } from '../ingest/values.js';
import { nowIso } from '../lib/time.js';
import { regionBySlug } from '../repositories/regions.js';
import { appendAudit } from './audit.js';
import { BureauError } from '../errors.js';

/**
 * A product is 供应紧张 in a region when an institution there has an open shortage report for it, or
 * when at least OUT_OF_STOCK_THRESHOLD of the institutions offering it (and at least MIN_OFFERS of
 * them, so one empty shelf does not raise a notice) have it out of stock.
 */
export const OUT_OF_STOCK_THRESHOLD = 0.5;
export const MIN_OFFERS = 3;

async function regionId(db: Db, slug: string): Promise<number> {
  const r = await regionBySlug(db, slug);
  if (!r) throw new BureauError(`unknown region "${slug}"`);
  return r.id;
}

/**
 * Records an institution's shortage report (晋医保发〔2026〕13号 一(三)/二(三): 及时…书面报送有关情况，
 * 同时提供相关佐证材料). An open report of the same product by the same institution is updated
 * rather than duplicated.
 */
export async function reportShortage(db: Db, institutionId: number, input: ShortageCreateBody, reportedBy: string): Promise<ShortageCreated> {
  const body = { ...input, evidence: stripControlChars(input.evidence) }; // no terminal escapes reach the operator
  const inst = await db.get<{ id: number; regionId: number; code: string }>(
    'SELECT id, region_id AS "regionId", code FROM institutions WHERE id = ? AND removed_at IS NULL',
    [institutionId],
  );
  if (!inst) throw new BureauError(`institution ${institutionId} is not listed`);
  const product = await db.get<{ id: number; genericName: string; code: string }>(
    'SELECT id, generic_name AS "genericName", code FROM products WHERE region_id = ? AND code = ? AND removed_at IS NULL',
    [inst.regionId, body.productCode],
  );
  if (!product) throw new BureauError(`product ${body.productCode} is not in this region's 集采 catalog`);
  // "today" in China (UTC+8): at 00:30 Beijing time the pharmacy's today is already tomorrow in UTC
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (Number.isNaN(Date.parse(body.since)) || body.since > today) throw new BureauError(`开始日期 ${body.since} 不能晚于今天`);
  const reportedAt = nowIso();
  const id = await db.transaction(async (tx) => {
    const open = await tx.get<{ id: number }>('SELECT id FROM shortages WHERE institution_id = ? AND product_id = ? AND resolved_at IS NULL', [inst.id, product.id]);
    let rowId: number;
    if (open) {
      await tx.run('UPDATE shortages SET since = ?, evidence = ?, reported_at = ?, reported_by = ? WHERE id = ?', [body.since, body.evidence, reportedAt, reportedBy, open.id]);
      rowId = open.id;
    } else {
      const r = await tx.get<{ id: number }>(
        'INSERT INTO shortages (region_id, institution_id, product_id, since, evidence, reported_at, reported_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
        [inst.regionId, inst.id, product.id, body.since, body.evidence, reportedAt, reportedBy],
      );
      rowId = r!.id;
    }
    await appendAudit(tx, reportedBy, 'supply.shortage', `${inst.code}/${product.code}`, { since: body.since, updated: Boolean(open) });
    return rowId;
  });
  return { id, productCode: product.code, genericName: product.genericName, since: body.since, reportedAt };
}

export async function resolveShortage(db: Db, id: number, note: string, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await tx.run('UPDATE shortages SET resolved_at = ?, resolution_note = ? WHERE id = ? AND resolved_at IS NULL', [nowIso(), note, id]);
    if (r.changes === 0) throw new BureauError(`no open shortage ${id}`);
    await appendAudit(tx, actor, 'supply.shortage.resolve', `shortages:${id}`, { note });
  });
}

export interface ShortagesByProduct {
  maker: string;
  code: string;
  genericName: string;
  spec: string;
  open: number;
  earliestSince: string;
  institutions: Array<{ id: number; shortageId: number; code: string; name: string; since: string; evidence: string; reportedAt: string }>;
}

/** Open shortages of a region by maker, then product (生产企业是供应保障的责任主体, 13号 一(一)). */
export async function shortagesByProduct(db: Db, region: string): Promise<ShortagesByProduct[]> {
  const rows = await db.all<{
    shortageId: number; since: string; evidence: string; reportedAt: string; pcode: string; genericName: string; spec: string; maker: string; iid: number; icode: string; iname: string;
  }>(
    `SELECT s.id AS "shortageId", s.since, s.evidence, s.reported_at AS "reportedAt", p.code AS pcode, p.generic_name AS "genericName", p.spec, p.maker,
            i.id AS iid, i.code AS icode, i.name AS iname
     FROM shortages s JOIN products p ON p.id = s.product_id JOIN institutions i ON i.id = s.institution_id
     WHERE s.region_id = ? AND s.resolved_at IS NULL ORDER BY p.maker, p.code, s.since, s.id`,
    [await regionId(db, region)],
  );
  const by = new Map<string, ShortagesByProduct>();
  for (const r of rows) {
    let g = by.get(r.pcode);
    if (!g) {
      g = { maker: r.maker, code: r.pcode, genericName: r.genericName, spec: r.spec, open: 0, earliestSince: r.since, institutions: [] };
      by.set(r.pcode, g);
    }
    g.open++;
    if (r.since < g.earliestSince) g.earliestSince = r.since;
    g.institutions.push({ id: r.iid, shortageId: r.shortageId, code: r.icode, name: r.iname, since: r.since, evidence: r.evidence, reportedAt: r.reportedAt });
  }
  return [...by.values()];
}

export interface StockOutSignal {
  code: string;
  genericName: string;
  productName: string;
  spec: string;
  maker: string;
  offers: number;
  outOfStock: number;
  share: number;
}

/** Per product of a region: how many institutions offer it and how many of them are out of stock (from offers.stock_state). */
export async function stockOutSignal(db: Db, region: string): Promise<StockOutSignal[]> {
  // GROUP BY the primary key: PostgreSQL accepts the other product columns as functionally dependent;
  // COUNT/SUM come back as numbers on both (the pg pool parses int8 and numeric)
  const rows = await db.all<Omit<StockOutSignal, 'share'>>(
    `SELECT p.code, p.generic_name AS "genericName", p.product_name AS "productName", p.spec, p.maker,
            COUNT(o.id) AS offers, SUM(CASE WHEN o.stock_state = 'out_of_stock' THEN 1 ELSE 0 END) AS "outOfStock"
     FROM products p JOIN offers o ON o.product_id = p.id JOIN institutions i ON i.id = o.institution_id AND i.removed_at IS NULL
     WHERE p.region_id = ? AND p.removed_at IS NULL GROUP BY p.id ORDER BY p.id`,
    [await regionId(db, region)],
  );
  return rows
    .map((r) => ({ ...r, share: r.offers ? Math.round((r.outOfStock / r.offers) * 1000) / 1000 : 0 }))
    .sort((a, b) => b.share - a.share || b.outOfStock - a.outOfStock || a.code.localeCompare(b.code));
}

/** Products of a region to show as 供应紧张, with the reason. */
export async function supplyAlerts(db: Db, region: string, filter: { code?: string; genericName?: string } = {}): Promise<SupplyAlertsResponse> {
  const rid = await regionId(db, region);
  const signal = new Map((await stockOutSignal(db, region)).map((s) => [s.code, s]));
  const shortages = await db.all<{ code: string; genericName: string; productName: string; spec: string; maker: string; n: number; since: string }>(
    `SELECT p.code, p.generic_name AS "genericName", p.product_name AS "productName", p.spec, p.maker, COUNT(*) AS n, MIN(s.since) AS since
     FROM shortages s JOIN products p ON p.id = s.product_id
     WHERE s.region_id = ? AND s.resolved_at IS NULL AND p.removed_at IS NULL GROUP BY p.id ORDER BY p.id`,
    [rid],
  );
  const items = new Map<string, SupplyAlert>();
  for (const s of shortages) {
    const sig = signal.get(s.code);
    items.set(s.code, {
      code: s.code, genericName: s.genericName, productName: s.productName, spec: s.spec, maker: s.maker, notice: SUPPLY_NOTICE,
      reason: `${s.n} 家机构报告自 ${s.since} 起无法采购`,
      openShortages: s.n, shortSince: s.since, offers: sig?.offers ?? 0, outOfStock: sig?.outOfStock ?? 0, outOfStockShare: sig?.share ?? 0,
    });
  }
  for (const sig of signal.values()) {
    if (sig.offers < MIN_OFFERS || sig.share < OUT_OF_STOCK_THRESHOLD) continue;
    const existing = items.get(sig.code);
    const why = `${sig.offers} 家在售机构中 ${sig.outOfStock} 家缺货`;
    if (existing) existing.reason = `${existing.reason}；${why}`;
    else {
      items.set(sig.code, {
        code: sig.code, genericName: sig.genericName, productName: sig.productName, spec: sig.spec, maker: sig.maker, notice: SUPPLY_NOTICE,
        reason: why, openShortages: 0, shortSince: null, offers: sig.offers, outOfStock: sig.outOfStock, outOfStockShare: sig.share,
      });
    }
  }
  const list = [...items.values()]
    .filter((a) => (!filter.code || a.code === filter.code) && (!filter.genericName || a.genericName === filter.genericName))
    .sort((a, b) => b.openShortages - a.openShortages || b.outOfStockShare - a.outOfStockShare || a.code.localeCompare(b.code));
  return { region, outOfStockThreshold: OUT_OF_STOCK_THRESHOLD, minOffers: MIN_OFFERS, items: list };
}

// ── deliveries ────────────────────────────────────────────────────────────────────────────

/** Columns of a distributor's delivery record file, with the variants seen. */
const DELIVERY_COLUMNS = {
  orderNo: ['订单号', '订单编号', '采购订单号'],
  distributor: ['配送企业', '配送企业名称', '配送商'],
  institutionCode: ['机构医保编码', '医疗机构编码', '机构编码'],
  productCode: ['药品统一编码', '药品编码', '医保药品编码'],
  orderedQty: ['订购数量', '采购数量', '订单数量'],
  deliveredQty: ['配送数量', '到货数量', '送达数量'],
  orderedAt: ['下单时间', '订单时间', '采购时间'],
  deliveredAt: ['到货时间', '送达时间', '配送时间'],
} as const;
type DeliveryField = keyof typeof DELIVERY_COLUMNS;
const REQUIRED: DeliveryField[] = ['orderNo', 'distributor', 'orderedAt'];

export interface DeliveryImport {
  file: string;
  inserted: number;
  updated: number;
  rejected: Array<{ row: number; message: string }>;
}

/**
 * Loads a distributor's delivery records (CSV, UTF-8 or GBK) for a region. A record already held
 * (same distributor, order number and product) is updated: a later file may add the delivery time.
 * Rows with problems are listed and left out; the others are stored in one transaction.
 */
export async function importDeliveries(db: Db, file: string, region: string, actor: string): Promise<DeliveryImport> {
  const rid = await regionId(db, region);
  const buf = readFileSync(file);
  const { encoding } = detectEncoding(buf.subarray(0, 64 * 1024));
  // iconv-lite strips a UTF-8/UTF-16 BOM
  const text = iconv.decode(buf, encoding);
  const records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, record_delimiter: RECORD_DELIMITERS }) as string[][];
  const name = basename(file);
  const out: DeliveryImport = { file: name, inserted: 0, updated: 0, rejected: [] };
  const headerIdx = records.findIndex((r) => r.some((c) => DELIVERY_COLUMNS.orderNo.includes(c.trim() as never)));
  if (headerIdx < 0) throw new BureauError(`${name}: no header row naming 订单号, 配送企业, 下单时间 (and 机构医保编码, 药品统一编码, 订购数量, 配送数量, 到货时间)`);
  const header = records[headerIdx]!.map((c) => c.trim());
  const col = Object.fromEntries(
    (Object.keys(DELIVERY_COLUMNS) as DeliveryField[]).map((f) => [f, header.findIndex((h) => (DELIVERY_COLUMNS[f] as readonly string[]).includes(h))]),
  ) as Record<DeliveryField, number>;
  const missing = REQUIRED.filter((f) => col[f] < 0);
  if (missing.length) throw new BureauError(`${name}: missing column(s) ${missing.map((f) => DELIVERY_COLUMNS[f][0]).join(', ')}`);
  const now = nowIso();
  await db.transaction(async (tx) => {
    for (const [i, cells] of records.slice(headerIdx + 1).entries()) {
      const row = headerIdx + 2 + i;
      const get = (f: DeliveryField) => (col[f] >= 0 ? (cells[col[f]] ?? '').trim() : '');
      if (cells.every((c) => !c.trim())) continue;
      const problems: string[] = [];
      const orderNo = get('orderNo');
      const distributor = get('distributor');
      if (!orderNo) problems.push('订单号 is empty');
      if (!distributor) problems.push('配送企业 is empty');
      const ordered = parseTimestamp(get('orderedAt'));
      if (!ordered.ok) problems.push(`下单时间 "${get('orderedAt')}": expected ${ordered.expected}`);
      let deliveredAt: string | null = null;
      if (get('deliveredAt')) {
        const d = parseTimestamp(get('deliveredAt'));
        if (!d.ok) problems.push(`到货时间 "${get('deliveredAt')}": expected ${d.expected}`);
        else deliveredAt = d.value;
      }
      if (ordered.ok && deliveredAt && deliveredAt < ordered.value) problems.push('到货时间 is before 下单时间');
      const qty = (f: DeliveryField, label: string) => {
        const v = get(f);
        if (!v) return null;
        if (!/^\d+$/.test(v)) {
          problems.push(`${label} "${v}" is not a whole number`);
          return null;
        }
        return Number(v);
      };
      const orderedQty = qty('orderedQty', '订购数量');
      const deliveredQty = qty('deliveredQty', '配送数量');
      let institutionId: number | null = null;
      if (get('institutionCode')) {
        const r = await tx.get<{ id: number }>('SELECT id FROM institutions WHERE region_id = ? AND code = ?', [rid, get('institutionCode')]);
        if (!r) problems.push(`机构医保编码 ${get('institutionCode')} is not an institution of ${region}`);
        else institutionId = r.id;
      }
      let productId: number | null = null;
      if (get('productCode')) {
        const r = await tx.get<{ id: number }>('SELECT id FROM products WHERE region_id = ? AND code = ?', [rid, get('productCode')]);
        if (!r) problems.push(`药品统一编码 ${get('productCode')} is not in ${region}'s catalog`);
        else productId = r.id;
      }
      if (problems.length || !ordered.ok) {
        out.rejected.push({ row, message: `${name} row ${row}: ${problems.join('; ')}` });
        continue;
      }
      // IS NOT DISTINCT FROM: a record without a product matches another without one (SQLite ≥ 3.39 and PostgreSQL)
      const existing = await tx.get<{ id: number }>(
        'SELECT id FROM deliveries WHERE region_id = ? AND distributor = ? AND order_no = ? AND product_id IS NOT DISTINCT FROM ? ORDER BY id LIMIT 1',
        [rid, distributor, orderNo, productId],
      );
      if (existing) {
        await tx.run(
          'UPDATE deliveries SET institution_id = ?, ordered_qty = ?, delivered_qty = ?, ordered_at = ?, delivered_at = ?, source = ?, recorded_at = ? WHERE id = ?',
          [institutionId, orderedQty, deliveredQty, ordered.value, deliveredAt, name, now, existing.id],
        );
        out.updated++;
      } else {
        await tx.run(
          `INSERT INTO deliveries (region_id, order_no, distributor, institution_id, product_id, ordered_qty, delivered_qty, ordered_at, delivered_at, source, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [rid, orderNo, distributor, institutionId, productId, orderedQty, deliveredQty, ordered.value, deliveredAt, name, now],
        );
        out.inserted++;
      }
    }
    await appendAudit(tx, actor, 'supply.deliveries.import', region, { file: name, inserted: out.inserted, updated: out.updated, rejected: out.rejected.length });
  });
  return out;
}

const HOUR = 3_600_000;

/**
 * Each distributor's record against 沈阳's rule (seed 003: 在医药机构订单下达的72小时内及时足量供应配送),
 * over order lines placed in [from, to). On time = delivered within 72 h and in full (配送数量 ≥ 订购数量
 * when both are given); late = delivered after 72 h; short = within 72 h but not in full; overdue = not
 * delivered and older than 72 h; pending = not delivered, younger than 72 h (not counted in the rate).
 */
export async function deliveryPerformance(db: Db, region: string, opts: { from?: string; to?: string; now?: Date } = {}): Promise<DeliveriesResponse> {
  const rid = await regionId(db, region);
  const now = opts.now ?? new Date();
  const rows = await db.all<{
    distributor: string; orderedAt: string; deliveredAt: string | null; orderedQty: number | null; deliveredQty: number | null;
  }>(
    `SELECT distributor, ordered_at AS "orderedAt", delivered_at AS "deliveredAt", ordered_qty AS "orderedQty", delivered_qty AS "deliveredQty"
     FROM deliveries WHERE region_id = ? AND (CAST(? AS TEXT) IS NULL OR ordered_at >= ?) AND (CAST(? AS TEXT) IS NULL OR ordered_at < ?) ORDER BY id`,
    [rid, opts.from ?? null, opts.from ?? null, opts.to ?? null, opts.to ?? null],
  );
  const by = new Map<string, DistributorPerformance & { hours: number[] }>();
  for (const r of rows) {
    let g = by.get(r.distributor);
    if (!g) {
      g = { distributor: r.distributor, due: 0, onTime: 0, late: 0, short: 0, overdue: 0, pending: 0, onTimeRate: null, medianHours: null, hours: [] };
      by.set(r.distributor, g);
    }
    const ordered = Date.parse(r.orderedAt);
    if (r.deliveredAt) {
      const h = (Date.parse(r.deliveredAt) - ordered) / HOUR;
      g.hours.push(h);
      g.due++;
      if (h > DELIVERY_WINDOW_HOURS) g.late++;
      else if (r.orderedQty !== null && r.deliveredQty !== null && r.deliveredQty < r.orderedQty) g.short++;
      else g.onTime++;
    } else if ((now.getTime() - ordered) / HOUR > DELIVERY_WINDOW_HOURS) {
      g.due++;
      g.overdue++;
    } else {
      g.pending++;
    }
  }
  const items = [...by.values()].map(({ hours, ...g }) => {
    const sorted = hours.sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length ? (sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2) : null;
    return { ...g, onTimeRate: g.due ? Math.round((g.onTime / g.due) * 1000) / 1000 : null, medianHours: median === null ? null : Math.round(median * 10) / 10 };
  });
  items.sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || b.due - a.due || a.distributor.localeCompare(b.distributor));
  return {
    region,
    windowHours: DELIVERY_WINDOW_HOURS,
    from: opts.from ?? null,
    to: opts.to ?? null,
    asOf: now.toISOString(),
    items,
    note: '按沈阳“订单下达的72小时内及时足量供应配送”统计：准时＝72小时内足量送达；数据来自配送企业上报的配送记录。',
  };
}
