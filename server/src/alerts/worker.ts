import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { claimNotification, dueNotifications, markNotificationFailed, markNotificationSent } from '../repositories/alert-outbox.js';
import { deleteExpiredSubscriptions } from '../repositories/alerts.js';
import { WeChatError } from '../errors.js';
import { WeChatApi } from '../lib/wechat.js';

/**
 * The alert worker: delivers the outbox (alert_notifications, written by repositories/alert-outbox.ts in the transaction of
 * each change). A row is claimed with a lease (status 'sending', lease_until) committed before the
 * delivery, so a worker killed mid-delivery leaves it to be taken again once the lease runs out, with the
 * same idempotency key; a delivery that succeeded is marked 'sent' and never taken again. A failure is
 * retried with growing pauses (30 s, 1 min, 2 min … at most 1 h) up to MAX_ATTEMPTS; an answer that no
 * retry can change (the user has no subscription left) fails the row at once.
 * H5 subscriptions ('inbox') are delivered by being marked sent: 我的提醒 lists sent rows.
 */
export const MAX_ATTEMPTS = 8;
const BATCH = 20;

export interface DeliveryDeps {
  wechat: WeChatApi | null;
  templates: { price_drop: string; restock: string } | null;
  leaseMs: number;
  now?: () => Date;
  log?: (msg: string, detail?: Record<string, unknown>) => void;
}

export interface DeliveryRound {
  sent: number;
  retried: number;
  failed: number;
}

export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** One pass over the due rows; returns what happened. Several workers may run at once (the lease decides). */
export async function deliverDue(db: Db, deps: DeliveryDeps): Promise<DeliveryRound> {
  const now = deps.now ?? (() => new Date());
  const round: DeliveryRound = { sent: 0, retried: 0, failed: 0 };
  for (const id of await dueNotifications(db, now(), BATCH)) {
    const at = now();
    const row = await claimNotification(db, id, at, new Date(at.getTime() + deps.leaseMs));
    if (!row) continue; // another worker has it, or it went with an unsubscribed subscription
    try {
      if (row.channel === 'wechat') {
        if (!deps.wechat || !deps.templates) throw new WeChatError('WeChat alerts are not configured (WECHAT_APPID …)', null, false);
        await deps.wechat.send(
          {
            openid: row.subscriber,
            templateId: deps.templates[row.kind],
            page: `subpackages/alerts/pages/inbox/index?n=${row.id}`,
            product: row.product ?? row.title,
            institution: row.institutionName,
            price: (row.priceFen / 100).toFixed(2),
            note: row.kind === 'price_drop' ? '降价了，价格以店内为准' : '有货了，建议先电话确认',
          },
          row.idempotencyKey,
        );
      }
      await markNotificationSent(db, id, now());
      round.sent++;
    } catch (e) {
      const err = e as Error;
      const permanent = err instanceof WeChatError && err.permanent;
      const giveUp = permanent || row.attempts >= MAX_ATTEMPTS;
      await markNotificationFailed(db, id, err.message, giveUp ? null : new Date(now().getTime() + backoffMs(row.attempts)));
      if (giveUp) round.failed++;
      else round.retried++;
      deps.log?.('alert delivery failed', { notification: id, attempts: row.attempts, giveUp, error: err.message });
    }
  }
  return round;
}

export interface AlertWorker {
  /** deliver now instead of at the next tick */
  kick(): void;
  stop(): Promise<void>;
}

export function deliveryDeps(config: Config, log?: DeliveryDeps['log']): DeliveryDeps {
  return {
    wechat: config.wechat ? new WeChatApi(config.wechat, config.wechatApiBase) : null,
    templates: config.wechat?.templates ?? null,
    leaseMs: config.alertLeaseSeconds * 1000,
    log,
  };
}

/**
 * Runs deliverDue every `intervalMs` (and deletes subscriptions past their 90 days once an hour) until
 * stopped; a round that fails (database away) is logged and the next one tries again.
 */
export function startAlertWorker(db: Db, deps: DeliveryDeps, intervalMs = 2000): AlertWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let lastSweep = 0;
  const tick = async () => {
    try {
      if (Date.now() - lastSweep > 3_600_000) {
        lastSweep = Date.now();
        await deleteExpiredSubscriptions(db);
      }
      let r: DeliveryRound;
      do r = await deliverDue(db, deps);
      while (!stopped && r.sent + r.retried + r.failed > 0);
    } catch (e) {
      deps.log?.('alert worker round failed', { error: (e as Error).message });
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = null;
        schedule();
      });
    }, intervalMs);
  };
  schedule();
  return {
    kick() {
      if (stopped || running) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        running = tick().finally(() => {
          running = null;
          schedule();
        });
      }, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
