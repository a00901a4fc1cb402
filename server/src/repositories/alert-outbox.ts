import { alertDay, alertMessage, type AlertOfferState, formatYuan, priceDropped, restocked, type StockState } from '@yaojia/shared';
import type { Db } from '../db/client.js';

/**
 * The transactional outbox of alerts (issue 16 §3). Every change of offers — a publish or rollback of a
 * prices file, a pharmacy's edit or CSV upload — opens a watch inside its transaction before it writes and
 * finishes it after: the offers of subscribed items are read before and after, the rules of
 * shared/domain/alerts.ts compare them, and the notifications are inserted in the same transaction. A
 * change that rolls back leaves no notification; one that commits cannot lose its notification.
 * At most one a subscription a day: (subscription, day) is unique and a second insert does nothing.
 */
interface WatchedRow {
  institutionId: number;
  institutionName: string;
  city: string | null;
  district: string | null;
  regionId: number;
  productId: number;
  generic: string;
  spec: string;
  /** units a pack (compares makers' packs of a 通用名 + 规格 group) */
  ratio: number;
  product: string;
  priceFen: number;
  stock: StockState;
}

interface SubscriptionRow {
  id: number;
  kind: 'price_drop' | 'restock';
  regionId: number;
  /** the subscribed product (`code`) and its group */
  productId: number;
  generic: string;
  spec: string;
  ratio: number;
  substitute: number;
  city: string | null;
  district: string | null;
  thresholdFen: number | null;
  subscriberKind: 'device' | 'wechat';
  regionName: string;
}

export interface OfferWatchScope {
  /** only this institution's offers change (a pharmacy's own edit) */
  institutionId?: number;
  /** only this region's offers change (a publish) */
  regionId?: number;
}

/**
 * The live offers of products someone follows, within the scope: the subscribed product itself, and with
 * 同成分同规格可换厂家 (substitute) every maker's product of its 通用名 + 规格 in the region.
 */
async function watchedOffers(tx: Db, scope: OfferWatchScope, nowIso: string): Promise<WatchedRow[]> {
  const params: Array<string | number> = [nowIso];
  let subWhere = '';
  if (scope.regionId !== undefined) {
    subWhere = ' AND s.region_id = ?';
    params.push(scope.regionId);
  }
  let where = '';
  if (scope.institutionId !== undefined) {
    where = 'WHERE o.institution_id = ?';
    params.push(scope.institutionId);
  }
  // driven from the (few) followed products, so a 2 M-offer publish reads only their offers
  return tx.all<WatchedRow>(
    `SELECT o.institution_id AS "institutionId", i.name AS "institutionName", i.city, i.district, p.region_id AS "regionId",
            p.id AS "productId", p.generic_name AS generic, p.spec, p.conversion_ratio AS ratio,
            p.product_name || ' ' || p.spec AS product, o.selling_price_fen AS "priceFen", o.stock_state AS stock
     FROM (SELECT DISTINCT p.id FROM alert_subscriptions s
           JOIN products p0 ON p0.region_id = s.region_id AND p0.code = s.code AND p0.removed_at IS NULL
           JOIN products p ON p.region_id = p0.region_id AND p.generic_name = p0.generic_name AND p.spec = p0.spec AND p.removed_at IS NULL
           WHERE s.expires_at > ?${subWhere} AND (p.id = p0.id OR s.substitute = 1)) w
     JOIN products p ON p.id = w.id
     JOIN offers o ON o.product_id = p.id
     JOIN institutions i ON i.id = o.institution_id AND i.removed_at IS NULL
     ${where}`,
    params,
  );
}

const keyOf = (r: { institutionId: number; productId: number }) => `${r.productId}|${r.institutionId}`;
const inArea = (s: SubscriptionRow, r: WatchedRow) => (s.city === null || s.city === r.city) && (s.district === null || s.district === r.district);
const follows = (s: SubscriptionRow, r: WatchedRow) =>
  r.regionId === s.regionId && (r.productId === s.productId || (s.substitute === 1 && r.generic === s.generic && r.spec === s.spec));
/** a pack price of another maker's product as the price of the subscribed product's pack (by units), fen */
const perSubscribedPack = (s: SubscriptionRow, priceFen: number, ratio: number) =>
  ratio === s.ratio || ratio <= 0 ? priceFen : Math.round((priceFen * s.ratio) / ratio);

export interface OfferWatch {
  /** Compares the offers with the watch's start and inserts the notifications; returns how many were new. */
  finish(): Promise<number>;
}

/** Call inside the transaction, before its writes; call finish() after them, still inside it. */
export async function watchOffers(tx: Db, scope: OfferWatchScope = {}, now = new Date()): Promise<OfferWatch> {
  const nowIso = now.toISOString();
  const before = new Map((await watchedOffers(tx, scope, nowIso)).map((r) => [keyOf(r), r]));
  return {
    async finish() {
      const after = await watchedOffers(tx, scope, nowIso);
      if (after.length === 0) return 0;
      // the 通用名 + 规格 groups that changed: every subscription following one of their products
      const groups = new Map(after.map((r) => [`${r.regionId}|${r.generic}|${r.spec}`, r]));
      const subs: SubscriptionRow[] = [];
      for (const g of groups.values()) {
        subs.push(
          ...(await tx.all<SubscriptionRow>(
            `SELECT s.id, s.kind, s.region_id AS "regionId", p0.id AS "productId", p0.generic_name AS generic, p0.spec,
                    p0.conversion_ratio AS ratio, s.substitute, s.city, s.district, s.threshold_fen AS "thresholdFen",
                    s.subscriber_kind AS "subscriberKind", r.name AS "regionName"
             FROM alert_subscriptions s JOIN regions r ON r.id = s.region_id
             JOIN products p0 ON p0.region_id = s.region_id AND p0.code = s.code AND p0.removed_at IS NULL
             WHERE s.region_id = ? AND p0.generic_name = ? AND p0.spec = ? AND s.expires_at > ?`,
            [g.regionId, g.generic, g.spec, nowIso],
          )),
        );
      }
      const day = alertDay(now);
      let created = 0;
      for (const s of subs) {
        // the cheapest offer in the area that crossed the line in this change
        // (another maker's price counted per pack of the subscribed product)
        let best: WatchedRow | null = null;
        let bestFen = 0;
        for (const r of after) {
          if (!follows(s, r) || !inArea(s, r)) continue;
          const was = before.get(keyOf(r));
          const prev: AlertOfferState | null = was ? { priceFen: perSubscribedPack(s, was.priceFen, was.ratio), stock: was.stock } : null;
          const next: AlertOfferState = { priceFen: perSubscribedPack(s, r.priceFen, r.ratio), stock: r.stock };
          const hit = s.kind === 'price_drop' ? s.thresholdFen !== null && priceDropped(s.thresholdFen, prev, next) : restocked(prev, next);
          if (hit && (!best || next.priceFen < bestFen)) [best, bestFen] = [r, next.priceFen];
        }
        if (!best) continue;
        const msg = alertMessage({ kind: s.kind, product: best.product, institution: best.institutionName, price: formatYuan(best.priceFen), area: s.district ?? s.city ?? s.regionName });
        const res = await tx.run(
          `INSERT INTO alert_notifications (subscription_id, day, idempotency_key, channel, institution_id, institution_name, price_fen, title, body,
             status, attempts, next_attempt_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
           ON CONFLICT (subscription_id, day) DO NOTHING`,
          [s.id, day, `alert-${s.id}-${day}`, s.subscriberKind === 'wechat' ? 'wechat' : 'inbox', best.institutionId, best.institutionName, best.priceFen,
            msg.title, msg.text, nowIso, nowIso],
        );
        created += res.changes;
      }
      return created;
    },
  };
}

// ------------------------------------------------------------------------------------- delivery (alerts/worker.ts)

/** A notification claimed for one delivery attempt, with what the message needs. */
export interface ClaimedNotification {
  id: number;
  idempotencyKey: string;
  channel: 'wechat' | 'inbox';
  /** attempts so far, this one included */
  attempts: number;
  title: string;
  institutionName: string;
  priceFen: number;
  kind: 'price_drop' | 'restock';
  /** the openid (wechat) or the device id's hash (inbox) */
  subscriber: string;
  product: string | null;
}

/** Ids of notifications due for an attempt and held by no live lease, oldest first. */
export async function dueNotifications(db: Db, now: Date, limit: number): Promise<number[]> {
  const at = now.toISOString();
  return db.column<number>(
    `SELECT id FROM alert_notifications WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
     ORDER BY id LIMIT ?`,
    [at, at, limit],
  );
}

/**
 * Takes a notification for one attempt until `leaseUntil` (committed before the attempt, so a worker killed
 * during it leaves the row to the next worker after the lease). null: another worker has it, or it is gone.
 */
export async function claimNotification(db: Db, id: number, now: Date, leaseUntil: Date): Promise<ClaimedNotification | null> {
  const claimed = await db.run(
    `UPDATE alert_notifications SET status = 'sending', lease_until = ?, attempts = attempts + 1
     WHERE id = ? AND status IN ('pending', 'sending') AND (lease_until IS NULL OR lease_until <= ?)`,
    [leaseUntil.toISOString(), id, now.toISOString()],
  );
  if (claimed.changes === 0) return null;
  return (
    (await db.get<ClaimedNotification>(
      `SELECT n.id, n.idempotency_key AS "idempotencyKey", n.channel, n.attempts, n.title, n.institution_name AS "institutionName",
              n.price_fen AS "priceFen", s.kind, s.subscriber,
              (SELECT p.product_name || ' ' || p.spec FROM products p WHERE p.region_id = s.region_id AND p.code = s.code) AS product
       FROM alert_notifications n JOIN alert_subscriptions s ON s.id = n.subscription_id WHERE n.id = ?`,
      [id],
    )) ?? null
  );
}

export async function markNotificationSent(db: Db, id: number, at: Date): Promise<void> {
  await db.run(`UPDATE alert_notifications SET status = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?`, [at.toISOString(), id]);
}

/** A failed attempt: tried again at `retryAt`, or, with retryAt null, given up. */
export async function markNotificationFailed(db: Db, id: number, error: string, retryAt: Date | null): Promise<void> {
  await db.run(`UPDATE alert_notifications SET status = ?, lease_until = NULL, last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?`, [
    retryAt ? 'pending' : 'failed',
    error.slice(0, 500),
    retryAt?.toISOString() ?? null,
    id,
  ]);
}
