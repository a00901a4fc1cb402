import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { regions } from './regions.js';

/**
 * PostgreSQL twin of ../schema/alerts.ts.
 * 降价提醒 / 到货提醒 subscriptions (issue 16 §3). Privacy: the item, the area (region + city + district,
 * never coordinates) and the subscriber (the SHA-256 of the H5 device's anonymous id, or the WeChat openid),
 * nothing else. Deleted on unsubscribe; expired after 90 days (the alert worker deletes them).
 */
export const alertSubscriptions = pgTable(
  'alert_subscriptions',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['price_drop', 'restock'] }).notNull(),
    regionId: integer('region_id').notNull().references(() => regions.id),
    /** 医保药品编码 */
    code: text('code').notNull(),
    /**
     * 同成分同规格可换厂家: follow every maker's product of the same 通用名 + 规格 (region's products.generic_name
     * + spec of `code`), not only `code`. Prices compared per pack of `code` (by units).
     */
    substitute: integer('substitute').notNull().default(0),
    city: text('city'),
    district: text('district'),
    /** 降价: alert below this price per pack (integer fen) */
    thresholdFen: integer('threshold_fen'),
    subscriberKind: text('subscriber_kind', { enum: ['device', 'wechat'] }).notNull(),
    /** device: sha256 hex of the anonymous id; wechat: the openid */
    subscriber: text('subscriber').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('alert_subscriptions_item').on(t.subscriberKind, t.subscriber, t.kind, t.regionId, t.code),
    index('alert_subscriptions_watch').on(t.regionId, t.code),
    index('alert_subscriptions_expires').on(t.expiresAt),
  ],
);

/**
 * The outbox: notifications written in the same transaction as the change that caused them (a publish, a
 * pharmacy's edit or upload), delivered by the alert worker (alerts/worker.ts) with retries. One a
 * subscription a day (unique subscription + day); the idempotency key goes with every attempt.
 */
export const alertNotifications = pgTable(
  'alert_notifications',
  {
    id: serial('id').primaryKey(),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => alertSubscriptions.id, { onDelete: 'cascade' }),
    /** the China calendar day (UTC+8) */
    day: text('day').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    channel: text('channel', { enum: ['wechat', 'inbox'] }).notNull(),
    institutionId: integer('institution_id').notNull(),
    institutionName: text('institution_name').notNull(),
    priceFen: integer('price_fen').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    /** a worker holds the row until then (a killed worker's row is taken again after it) */
    leaseUntil: text('lease_until'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [
    uniqueIndex('alert_notifications_daily').on(t.subscriptionId, t.day),
    uniqueIndex('alert_notifications_key').on(t.idempotencyKey),
    index('alert_notifications_due').on(t.status, t.nextAttemptAt),
  ],
);
