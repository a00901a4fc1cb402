import type { Command } from 'commander';
import type { FileKind } from '@yaojia/shared';
import { formatHistory, formatReport, listVersions, progressBar, publishFile, rollbackTo } from '@yaojia/server/ingest/index';
import { action, actor, withDb } from './admin-context.js';
import { publishOpenData } from './open-data.js';

import { reindex } from './search.js';

const LABEL: Record<FileKind, string> = { catalog: '药品目录 (catalog)', institutions: '三进单位 (institutions)', prices: '价格 (prices)', listed: '挂网药品价格 (listed prices)' };

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`expected a version number, got "${v}"`);
  return n;
}

/** `<kind> publish | history | rollback` for one file kind. */
export function registerKind(program: Command, kind: FileKind): Command {
  const group = program.command(kind).description(`${LABEL[kind]}: publish a bureau file, list versions, roll back`);

  group
    .command('publish <file>')
    .description(`validate a ${kind} file (.xlsx/.csv, UTF-8 or GBK) and publish it for a region in one transaction`)
    .requiredOption('--region <slug>', 'region slug: shanxi, jiangxi, ningxia, shenyang')
    .option('--dry-run', 'validate and print the diff against what is live; write nothing')
    .option('--skip-invalid', 'publish the valid rows and list the skipped ones (default: one bad row rejects the file)')
    .option('--publisher <name>', 'who publishes (default: $USER)')
    .option('--no-reindex', 'do not rebuild the search index afterwards')
    .action(
      action(async (file: string, o: { region: string; dryRun?: boolean; skipInvalid?: boolean; publisher?: string; reindex: boolean }) => {
        await withDb(async (db, config) => {
          const bar = progressBar(`${kind} ${o.region}`);
          let report;
          try {
            report = await publishFile(db, {
              file, kind, region: o.region, publisher: actor(o.publisher), dryRun: o.dryRun, skipInvalid: o.skipInvalid, onProgress: bar.onProgress,
            });
          } finally {
            bar.stop();
          }
          console.log(formatReport(report));
          if (report.status === 'rejected') process.exitCode = 1;
          if (report.status === 'published' && kind !== 'listed') await publishOpenData(config, db, [o.region]);
          if (report.status === 'published' && o.reindex) {
            const r = await reindex(config, db);
            console.log(r.line);
            if (!r.ok) process.exitCode = 1;
          }
        });
      }),
    );

  group
    .command('history')
    .description(`list the ${kind} versions of a region, newest first`)
    .requiredOption('--region <slug>', 'region slug')
    .action(
      action(async (o: { region: string }) => {
        await withDb(async (db) => console.log(formatHistory(o.region, kind, await listVersions(db, o.region, kind))));
      }),
    );

  group
    .command('rollback')
    .description(`restore an earlier ${kind} version (its stored snapshot) in one transaction`)
    .requiredOption('--region <slug>', 'region slug')
    .requiredOption('--to <version>', 'version id to restore (see history)', positiveInt)
    .option('--publisher <name>', 'who rolls back (default: $USER)')
    .option('--no-reindex', 'do not rebuild the search index afterwards')
    .action(
      action(async (o: { region: string; to: number; publisher?: string; reindex: boolean }) => {
        await withDb(async (db, config) => {
          const bar = progressBar(`${kind} ${o.region} rollback`);
          let report;
          try {
            report = await rollbackTo(db, { region: o.region, kind, to: o.to, publisher: actor(o.publisher), onProgress: bar.onProgress });
          } finally {
            bar.stop();
          }
          console.log(formatReport(report));
          if (report.status === 'rejected') process.exitCode = 1;
          if (report.status === 'rolled_back' && kind !== 'listed') await publishOpenData(config, db, [o.region]);
          if (report.status === 'rolled_back' && o.reindex) {
            const r = await reindex(config, db);
            console.log(r.line);
            if (!r.ok) process.exitCode = 1;
          }
        });
      }),
    );
  return group;
}
