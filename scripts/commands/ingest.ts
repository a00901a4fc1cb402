import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LockedError } from '@yaojia/server/errors';
import { formatRun, runNightly } from '@yaojia/server/bureau/nightly';
import { checkPattern, scheduleJob } from '@yaojia/server/lib/schedule';
import { isPostgresUrl } from '@yaojia/server/db/client';
import { action, actor, withDb } from '../lib/admin-context.js';
import { reindex } from '../lib/search.js';

/**
 * `pnpm admin ingest --from <dir> [--schedule "0 2 * * *"]`: the nightly cycle over a bureau inbox
 * (server/src/bureau/nightly.ts). Without --schedule it runs once and exits non-zero when a file was
 * rejected or reindexing failed; with --schedule it keeps running and runs on the cron pattern.
 */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('publish new bureau files from an inbox folder (catalog → institutions → prices), reindex once, write a run report')
    .requiredOption('--from <dir>', 'the inbox folder (kind/region from manifest.json or <region>.<kind>.<date>.xlsx|csv)')
    .option('--schedule <cron>', 'keep running and ingest on this cron pattern (Asia/Shanghai), e.g. "0 2 * * *"')
    .option('--publisher <name>', 'who publishes (default: $USER)')
    .option('--no-reindex', 'do not rebuild the search index after publishing')
    .action(
      action(async (o: { from: string; schedule?: string; publisher?: string; reindex: boolean }) => {
        const dir = resolve(o.from);
        const once = async (): Promise<boolean> =>
          withDb(async (db, config) => {
            // the lock sits beside the database: two inboxes feeding one database still cannot overlap.
            // PostgreSQL has no file here: the lock file goes in the local data directory (beside the
            // bundled Meilisearch's), and runNightly also takes an advisory lock in the database, which
            // keeps runs on other machines apart
            const lockFile =
              config.databaseUrl === ':memory:'
                ? join(dir, '.ingest.lock')
                : isPostgresUrl(config.databaseUrl)
                  ? join(dirname(config.meiliDataDir), '.ingest.lock')
                  : join(dirname(config.databaseUrl), '.ingest.lock');
            mkdirSync(dirname(lockFile), { recursive: true });
            const report = await runNightly(db, {
              dir, lockFile, publisher: actor(o.publisher),
              reindex: o.reindex ? () => reindex(config, db) : undefined,
              openData: { dir: config.openDataDir, keep: config.openDataKeep },
            });
            console.log(formatRun(report));
            return report.rejected === 0 && (report.reindex?.ok ?? true);
          });
        if (!o.schedule) {
          if (!(await once())) process.exitCode = 1;
          return;
        }
        checkPattern(o.schedule);
        const job = scheduleJob(
          o.schedule,
          async () => {
            try {
              await once();
            } catch (e) {
              if (e instanceof LockedError) console.warn(`⚠ ${e.message}`);
              else throw e;
            } finally {
              console.log(`next run   ${job.next()?.toISOString() ?? '—'}`);
            }
          },
          {
            onError: (e) => console.error(`✖ nightly ingest failed: ${(e as Error).message}`),
            onSkip: () => console.warn('⚠ the previous run is still going; this tick is skipped'),
          },
        );
        console.log(`scheduled  ingest of ${dir} on "${o.schedule}" (Asia/Shanghai); next run ${job.next()?.toISOString() ?? '—'}; Ctrl-C to stop`);
        await new Promise<void>((done) => {
          const stop = (sig: string) => {
            console.log(`${sig}: stopping after the current run`);
            void job.stop().then(done);
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
        });
      }),
    );
}
