import type { Command } from 'commander';
import { resolve } from 'node:path';
import { demoFilesDir, publishDemo } from '@yaojia/server/demo/publish';
import { formatReport, progressBar } from '@yaojia/server/ingest/index';
import { action, actor, withDb } from '../lib/admin-context.js';
import { reindex } from '../lib/search.js';

/**
 * `pnpm admin demo`: realistic bureau files published through the same ingest as a bureau's own
 * (catalog, institutions, prices, listed prices per region), the open datasets, then one reindex.
 */
export function register(program: Command): void {
  program
    .command('demo')
    .description('write demo bureau files (beside the SQLite database unless --dir) and publish them through the real ingest')
    .option('--dir <dir>', 'where to write the files')
    .option('--publisher <name>', 'who publishes (default: $USER)')
    .option('--no-reindex', 'do not rebuild the search index afterwards')
    .action(
      action(async (o: { dir?: string; publisher?: string; reindex: boolean }) => {
        await withDb(async (db, config) => {
          const dir = o.dir ? resolve(o.dir) : demoFilesDir(config);
          const r = await publishDemo(db, {
            dir,
            publisher: actor(o.publisher),
            openData: { dir: config.openDataDir, keep: config.openDataKeep },
            progress: (f) => progressBar(`${f.kind} ${f.region}`),
          });
          console.log(`wrote ${r.files.length} demo file(s) to ${dir}`);
          if (r.rejected) {
            console.log(formatReport(r.rejected));
            process.exitCode = 1;
            return;
          }
          console.log('── demo data ' + '─'.repeat(40));
          for (const p of r.reports) {
            const d = p.diff;
            console.log(`${p.status.padEnd(10)} ${p.region.padEnd(9)} ${p.kind.padEnd(13)} ${String(p.rows).padStart(6)} rows${d ? `  +${d.added} -${d.removed} ~${d.changed}` : ''}  ${p.file}${p.versionId ? ` v${p.versionId}` : ''}`);
          }
          for (const e of r.openData) console.log(`open data: ${e.message}`);
          if (o.reindex && r.reports.some((p) => p.status === 'published')) {
            const s = await reindex(config, db);
            console.log(s.line);
            if (!s.ok) process.exitCode = 1;
          }
        });
      }),
    );
}
