import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { FileKind } from '@yaojia/shared';
import { type PublishReport, formatReport, progressBar, publishFile } from '@yaojia/server/ingest/index';
import { action, actor, withDb } from '../lib/admin-context.js';
import { publishOpenData } from '../lib/open-data.js';

import { reindex } from '../lib/search.js';

interface DemoModule {
  writeDemoFiles(dir: string): Promise<Array<{ path: string; kind: FileKind; region: string }>>;
}
const GENERATOR = '@yaojia/server/demo/generate';
const ORDER: Record<FileKind, number> = { catalog: 0, institutions: 1, prices: 2, listed: 3 };

/**
 * `pnpm admin demo`: writes realistic bureau files into ./data/demo-files and publishes them through
 * the same ingest path as a bureau's own files (catalog, institutions, prices per region), then
 * reindexes search once.
 */
export function register(program: Command): void {
  program
    .command('demo')
    .description('write demo bureau files to ./data/demo-files and publish them through the real ingest')
    .option('--dir <dir>', 'where to write the files', './data/demo-files')
    .option('--publisher <name>', 'who publishes (default: $USER)')
    .option('--no-reindex', 'do not rebuild the search index afterwards')
    .action(
      action(async (o: { dir: string; publisher?: string; reindex: boolean }) => {
        let mod: DemoModule;
        try {
          mod = (await import(GENERATOR)) as DemoModule;
        } catch (e) {
          if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new Error(`the demo generator (${GENERATOR}) is not in this build yet`);
          throw e;
        }
        const dir = resolve(o.dir);
        const files = (await mod.writeDemoFiles(dir)).sort((a, b) => a.region.localeCompare(b.region) || ORDER[a.kind] - ORDER[b.kind]);
        console.log(`wrote ${files.length} demo file(s) to ${dir}`);
        await withDb(async (db, config) => {
          const reports: PublishReport[] = [];
          for (const f of files) {
            const bar = progressBar(`${f.kind} ${f.region}`);
            let report: PublishReport;
            try {
              report = await publishFile(db, { file: f.path, kind: f.kind, region: f.region, publisher: actor(o.publisher), onProgress: bar.onProgress });
            } finally {
              bar.stop();
            }
            reports.push(report);
            if (report.status === 'rejected') {
              console.log(formatReport(report));
              process.exitCode = 1;
              return;
            }
          }
          console.log('── demo data ' + '─'.repeat(40));
          for (const r of reports) {
            const d = r.diff;
            console.log(`${r.status.padEnd(10)} ${r.region.padEnd(9)} ${r.kind.padEnd(13)} ${String(r.rows).padStart(6)} rows${d ? `  +${d.added} -${d.removed} ~${d.changed}` : ''}  ${r.file}${r.versionId ? ` v${r.versionId}` : ''}`);
          }
          await publishOpenData(config, db, reports.filter((r) => r.status === 'published').map((r) => r.region));
          if (o.reindex && reports.some((r) => r.status === 'published')) {
            const s = await reindex(config, db);
            console.log(s.line);
            if (!s.ok) process.exitCode = 1;
          }
        });
      }),
    );
}
