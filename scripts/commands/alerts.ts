import type { Command } from 'commander';
import { deliverDue, deliveryDeps, startAlertWorker } from '@yaojia/server/alerts/worker';
import { deleteExpiredSubscriptions } from '@yaojia/server/repositories/alerts';
import { action, withDb } from '../lib/admin-context.js';

/**
 * `pnpm admin alerts deliver [--watch]`: delivers the alerts outbox (降价/到货提醒) — once until nothing is
 * due, or, with --watch, until Ctrl-C. `pnpm serve` does the same in-process unless ALERT_WORKER=off;
 * several deliverers may run at once (each notification is leased to one).
 */
export function register(program: Command): void {
  const alerts = program.command('alerts').description('降价提醒 / 到货提醒: deliver the outbox');
  alerts
    .command('deliver')
    .description('deliver due notifications (WeChat subscribe messages; H5 我的提醒), with retries')
    .option('--watch', 'keep delivering every 2 s until stopped')
    .action(
      action(async (o: { watch?: boolean }) => {
        await withDb(async (db, config) => {
          const deps = deliveryDeps(config, (msg, detail) => console.error(`${msg} ${JSON.stringify(detail ?? {})}`));
          if (!o.watch) {
            const expired = await deleteExpiredSubscriptions(db);
            const total = { sent: 0, retried: 0, failed: 0 };
            for (;;) {
              const r = await deliverDue(db, deps);
              total.sent += r.sent;
              total.retried += r.retried;
              total.failed += r.failed;
              if (r.sent + r.retried + r.failed === 0) break;
            }
            console.log(`sent ${total.sent}, to retry ${total.retried}, failed ${total.failed}; expired subscriptions deleted: ${expired}`);
            if (total.failed > 0) process.exitCode = 1;
            return;
          }
          const worker = startAlertWorker(db, deps, 2000);
          console.log('delivering alerts; Ctrl-C stops');
          await new Promise<void>((done) => {
            const stop = () => void worker.stop().then(done);
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
        });
      }),
    );
}
