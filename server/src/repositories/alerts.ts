import { ALERT_KIND_LABELS, ALERT_TTL_DAYS, type AlertKind, type AlertNotification, type AlertSubscribeBody, type AlertSubscription, formatYuan, parseYuan } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { BadRequestError, NotFoundError } from '../errors.js';

/** Who owns a subscription: the SHA-256 of an H5 device's anonymous id, or a WeChat openid. */
export interface Subscriber {
  kind: 'device' | 'wechat';
  id: string;
}

/** 20 medicines × both kinds of alert. */
export const MAX_SUBSCRIPTIONS = 40;
const DAY_MS = 86_400_000;

interface Area {
  city: string | null;
  district: string | null;
}

/**
 * Where the alert looks: a district named by the client (one of the region's), or the district of the
 * institution nearest to a position that is used here and nowhere stored or logged; else the whole region.
 */
async function areaOf(db: Db, regionId: number, body: AlertSubscribeBody): Promise<Area> {
  if (body.district) {
    const known = await db.get<{ city: string | null }>(
      `SELECT city FROM institutions WHERE region_id = ? AND district = ? AND removed_at IS NULL ORDER BY id LIMIT 1`,
      [regionId, body.district],
    );
    if (!known) throw new BadRequestError(`该地区没有名为“${body.district}”的区县`);
    return { city: null, district: body.district };
  }
  if (body.lat !== undefined && body.lng !== undefined) {
    const near = await db.get<Area>(
      `SELECT city, district FROM institutions WHERE region_id = ? AND removed_at IS NULL AND district IS NOT NULL
       ORDER BY (lat - ?) * (lat - ?) + (lng - ?) * (lng - ?) LIMIT 1`,
      [regionId, body.lat, body.lat, body.lng, body.lng],
    );
    if (near) return near;
  }
  return { city: null, district: null };
}

/**
 * The lowest price of the item in the area today (fen a pack of `code`), else in the region; null where
 * nobody sells it. With substitute, any maker's product of the same 通用名 + 规格, counted per pack of `code`.
 */
async function lowestPrice(db: Db, regionId: number, code: string, substitute: boolean, area: Area): Promise<number | null> {
  const rows = await db.all<{ ratio: number; subscribedRatio: number; low: number | null }>(
    `SELECT p.conversion_ratio AS ratio, p0.conversion_ratio AS "subscribedRatio", MIN(o.selling_price_fen) AS low FROM offers o
     JOIN products p ON p.id = o.product_id JOIN institutions i ON i.id = o.institution_id AND i.removed_at IS NULL
     JOIN products p0 ON p0.region_id = p.region_id AND p0.generic_name = p.generic_name AND p0.spec = p.spec
     WHERE p0.region_id = ? AND p0.code = ? AND p0.removed_at IS NULL AND p.removed_at IS NULL AND (p.id = p0.id OR ? = 1)
       AND (CAST(? AS TEXT) IS NULL OR i.city = ?) AND (CAST(? AS TEXT) IS NULL OR i.district = ?)
     GROUP BY p.conversion_ratio, p0.conversion_ratio`,
    [regionId, code, substitute ? 1 : 0, area.city, area.city, area.district, area.district],
  );
  let low: number | null = null;
  for (const r of rows) {
    if (r.low === null) continue;
    const fen = r.ratio === r.subscribedRatio || r.ratio <= 0 ? r.low : Math.round((r.low * r.subscribedRatio) / r.ratio);
    if (low === null || fen < low) low = fen;
  }
  return low;
}

interface SubscriptionRow {
  id: number;
  kind: AlertKind;
  code: string;
  product: string | null;
  region: string;
  regionName: string;
  city: string | null;
  district: string | null;
  thresholdFen: number | null;
  substitute: number;
  subscriberKind: 'device' | 'wechat';
  createdAt: string;
  expiresAt: string;
}

const SUBSCRIPTION_SELECT = `SELECT s.id, s.kind, s.code, (SELECT p.product_name || ' ' || p.spec FROM products p WHERE p.region_id = s.region_id AND p.code = s.code) AS product,
    r.slug AS region, r.name AS "regionName", s.city, s.district, s.threshold_fen AS "thresholdFen", s.substitute, s.subscriber_kind AS "subscriberKind",
    s.created_at AS "createdAt", s.expires_at AS "expiresAt"
  FROM alert_subscriptions s JOIN regions r ON r.id = s.region_id`;

function toSubscription(r: SubscriptionRow): AlertSubscription {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: ALERT_KIND_LABELS[r.kind],
    code: r.code,
    product: r.product ?? r.code,
    region: r.region,
    area: r.district ?? r.city ?? r.regionName,
    district: r.district,
    belowPrice: r.thresholdFen === null ? null : formatYuan(r.thresholdFen),
    substitute: r.substitute === 1,
    channel: r.subscriberKind === 'wechat' ? 'wechat' : 'inbox',
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
  };
}

/**
 * Subscribes (or renews: the same item and kind again replaces the area and price line and restarts the
 * 90 days). Stores the item, the area and the subscriber, nothing else.
 */
export async function subscribe(db: Db, who: Subscriber, regionId: number, body: AlertSubscribeBody, now = new Date()): Promise<AlertSubscription> {
  const code = body.code.trim().toUpperCase();
  const product = await db.get<{ id: number }>('SELECT id FROM products WHERE region_id = ? AND code = ? AND removed_at IS NULL', [regionId, code]);
  if (!product) throw new NotFoundError(`本地区“三进”清单里没有药品 ${code}`);
  if (body.kind === 'restock' && body.belowPrice !== undefined) throw new BadRequestError('到货提醒不需要价格线（belowPrice 只用于降价提醒）');
  const area = await areaOf(db, regionId, body);
  const substitute = body.substitute ?? false;
  let thresholdFen: number | null = null;
  if (body.kind === 'price_drop') {
    if (body.belowPrice !== undefined) {
      thresholdFen = parseYuan(body.belowPrice);
      if (thresholdFen === null || thresholdFen <= 0) throw new BadRequestError(`belowPrice must be a price greater than 0 (元), got "${body.belowPrice}"`);
    } else {
      thresholdFen = (await lowestPrice(db, regionId, code, substitute, area)) ??
        (await lowestPrice(db, regionId, code, substitute, { city: null, district: null }));
      if (thresholdFen === null) throw new BadRequestError('附近暂时没有这种药的报价，可以先订阅到货提醒');
    }
  }
  const at = now.toISOString();
  const expires = new Date(now.getTime() + ALERT_TTL_DAYS * DAY_MS).toISOString();
  const id = await db.transaction(async (tx) => {
    const count = await tx.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM alert_subscriptions WHERE subscriber_kind = ? AND subscriber = ? AND NOT (kind = ? AND region_id = ? AND code = ?)`,
      [who.kind, who.id, body.kind, regionId, code],
    );
    if ((count?.n ?? 0) >= MAX_SUBSCRIPTIONS) throw new BadRequestError(`提醒最多 ${MAX_SUBSCRIPTIONS} 个，请先取消不需要的提醒`);
    const row = await tx.get<{ id: number }>(
      `INSERT INTO alert_subscriptions (kind, region_id, code, substitute, city, district, threshold_fen, subscriber_kind, subscriber, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (subscriber_kind, subscriber, kind, region_id, code) DO UPDATE SET substitute = excluded.substitute, city = excluded.city,
         district = excluded.district, threshold_fen = excluded.threshold_fen, created_at = excluded.created_at, expires_at = excluded.expires_at
       RETURNING id`,
      [body.kind, regionId, code, substitute ? 1 : 0, area.city, area.district, thresholdFen, who.kind, who.id, at, expires],
    );
    return row!.id;
  });
  return toSubscription((await db.get<SubscriptionRow>(`${SUBSCRIPTION_SELECT} WHERE s.id = ?`, [id]))!);
}

export async function listSubscriptions(db: Db, who: Subscriber, now = new Date()): Promise<AlertSubscription[]> {
  const rows = await db.all<SubscriptionRow>(
    `${SUBSCRIPTION_SELECT} WHERE s.subscriber_kind = ? AND s.subscriber = ? AND s.expires_at > ? ORDER BY s.id`,
    [who.kind, who.id, now.toISOString()],
  );
  return rows.map(toSubscription);
}

/** Unsubscribing deletes the subscription and its notifications. false: not this subscriber's. */
export async function unsubscribe(db: Db, who: Subscriber, id: number): Promise<boolean> {
  const r = await db.run(`DELETE FROM alert_subscriptions WHERE id = ? AND subscriber_kind = ? AND subscriber = ?`, [id, who.kind, who.id]);
  return r.changes > 0;
}

/** Delivered notifications of the subscriber, newest first (我的提醒). */
export async function listNotifications(db: Db, who: Subscriber, limit = 50): Promise<AlertNotification[]> {
  const rows = await db.all<{
    id: number; subscriptionId: number; kind: AlertKind; code: string; title: string; body: string; institutionId: number;
    institutionName: string; priceFen: number; day: string; sentAt: string;
  }>(
    `SELECT n.id, n.subscription_id AS "subscriptionId", s.kind, s.code, n.title, n.body, n.institution_id AS "institutionId",
            n.institution_name AS "institutionName", n.price_fen AS "priceFen", n.day, n.sent_at AS "sentAt"
     FROM alert_notifications n JOIN alert_subscriptions s ON s.id = n.subscription_id
     WHERE s.subscriber_kind = ? AND s.subscriber = ? AND n.status = 'sent'
     ORDER BY n.sent_at DESC, n.id DESC LIMIT ?`,
    [who.kind, who.id, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscriptionId,
    kind: r.kind,
    code: r.code,
    title: r.title,
    text: r.body,
    institution: { id: r.institutionId, name: r.institutionName },
    price: formatYuan(r.priceFen),
    day: r.day,
    deliveredAt: r.sentAt,
  }));
}

/** Subscriptions past their 90 days are deleted (with their notifications). */
export async function deleteExpiredSubscriptions(db: Db, now = new Date()): Promise<number> {
  return (await db.run(`DELETE FROM alert_subscriptions WHERE expires_at <= ?`, [now.toISOString()])).changes;
}
