import type { Command } from 'commander';
import type { FileKind } from '@yaojia/shared';
import { formatHistory, formatReport, listVersions, progressBar, publishFile, rollbackTo } from '@yaojia/server/ingest/index';
import type { Db } from '@yaojia/server/db/client';
import { ensureRegions } from '@yaojia/server/repositories/regions';
import { action, actor, withDb } from './admin-context.js';
import { type OpenDataMode, openDataAfterPublish, parseOpenDataMode } from './open-data.js';

import { reindex } from './search.js';

const LABEL: Record<FileKind, string> = { catalog: '药品目录 (catalog)', institutions: '三进单位 (institutions)', prices: '价格 (prices)', listed: '挂网药品价格 (listed prices)', aliases: '药品别名 (brand and other names)' };

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`expected a version number, got "${v}"`);
  return n;
}

const OPEN_DATA_FLAG = '--open-data <when>';
const OPEN_DATA_HELP =
  'the region\'s open datasets: background (default: a separate process writes them after this command returns, log in OPEN_DATA_DIR/<region>/export.log), wait (write them before returning) or skip';

/** the kinds that feed no open dataset (the datasets are the catalog, institutions and prices) */
const NO_OPEN_DATA: ReadonlySet<FileKind> = new Set(['listed', 'aliases']);

async function regionSlugs(db: Db, region: string | undefined): Promise<string[]> {
  if (region) return [region];
  await ensureRegions(db);
  return db.column<string>(`SELECT slug FROM regions ORDER BY id`);
}

/**
 * `<kind> publish | history | rollback` for one file kind. `allRegions`: --region is optional and
 * leaving it out means every region (brand names are national; a bureau may still publish its own).
 */
export function registerKind(program: Command, kind: FileKind, opts: { allRegions?: boolean } = {}): Command {
  const regionOption = (c: Command, what: string) =>
    opts.allRegions ? c.option('--region <slug>', `${what} (default: every region)`) : c.requiredOption('--region <slug>', what);
  const group = program.command(kind).description(`${LABEL[kind]}: publish a bureau file, list versions, roll back`);

  regionOption(
    group.command('publish <file>').description(`validate a ${kind} file (.xlsx/.csv, UTF-8 or GBK) and publish it for a region in one transaction`),
    'region slug: shanxi, jiangxi, ningxia, shenyang',
  )
    .option('--dry-run', 'validate and print the diff against what is live; write nothing')
    .option('--skip-invalid', 'publish the valid rows and list the skipped ones (default: one bad row rejects the file)')
    .option('--publisher <name>', 'who publishes (default: $USER)')
    .option('--no-reindex', 'do not rebuild the search index afterwards')
    .option(OPEN_DATA_FLAG, OPEN_DATA_HELP, parseOpenDataMode, 'background')
    .action(
      action(async (file: string, o: { region?: string; dryRun?: boolean; skipInvalid?: boolean; publisher?: string; reindex: boolean; openData: OpenDataMode }) => {
        await withDb(async (db, config) => {
          let published = false;
          // every region's publish is its own version and transaction; a rejected file is rejected for the first region, before any write
          for (const region of await regionSlugs(db, o.region)) {
            const bar = progressBar(`${kind} ${region}`);
            let report;
            try {
              report = await publishFile(db, {
                file, kind, region, publisher: actor(o.publisher), dryRun: o.dryRun, skipInvalid: o.skipInvalid, onProgress: bar.onProgress,
              });
            } finally {
              bar.stop();
            }
            console.log(formatReport(report));
            if (report.status === 'rejected') {
              process.exitCode = 1;
              break;
            }
            if (report.status === 'published') {
              published = true;
              if (!NO_OPEN_DATA.has(kind)) await openDataAfterPublish(config, db, region, o.openData);
            }
          }
          if (published && o.reindex) {
            const r = await reindex(config, db);
            console.log(r.line);
            if (!r.ok) process.exitCode = 1;
          }
        });
      }),
    );

  regionOption(group.command('history').description(`list the ${kind} versions of a region, newest first`), 'region slug')
    .action(
      action(async (o: { region?: string }) => {
        await withDb(async (db) => {
          for (const region of await regionSlugs(db, o.region)) console.log(formatHistory(region, kind, await listVersions(db, region, kind)));
        });
      }),
    );

  regionOption(group.command('rollback').description(`restore an earlier ${kind} version (its stored snapshot) in one transaction`), 'region slug (default: the version\'s own)')
    .requiredOption('--to <version>', 'version id to restore (see history)', positiveInt)
    .option('--publisher <name>', 'who rolls back (default: $USER)')
    .option('--no-reindex', 'do not rebuild the search index afterwards')
    .option(OPEN_DATA_FLAG, OPEN_DATA_HELP, parseOpenDataMode, 'background')
    .action(
      action(async (o: { region?: string; to: number; publisher?: string; reindex: boolean; openData: OpenDataMode }) => {
        await withDb(async (db, config) => {
          const region =
            o.region ??
            (await db.get<{ slug: string }>(`SELECT r.slug FROM catalog_versions v JOIN regions r ON r.id = v.region_id WHERE v.id = ? AND v.kind = ?`, [o.to, kind]))?.slug ??
            // unknown version: rollbackTo says so
            (await regionSlugs(db, undefined))[0]!;
          const bar = progressBar(`${kind} ${region} rollback`);
          let report;
          try {
            report = await rollbackTo(db, { region, kind, to: o.to, publisher: actor(o.publisher), onProgress: bar.onProgress });
          } finally {
            bar.stop();
          }
          console.log(formatReport(report));
          if (report.status === 'rejected') process.exitCode = 1;
          if (report.status === 'rolled_back' && !NO_OPEN_DATA.has(kind)) await openDataAfterPublish(config, db, region, o.openData);
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
