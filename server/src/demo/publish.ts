import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isPostgresUrl, type Config } from '../config.js';
import type { Db } from '../db/client.js';
import { publishFile, type OnProgress, type PublishReport } from '../ingest/index.js';
import { exportOpenData, type OpenDataExport } from '../open-data/export.js';
import { type DemoFile, writeDemoFiles } from './generate.js';

const ORDER: Record<DemoFile['kind'], number> = { catalog: 0, institutions: 1, prices: 2, listed: 3 };

/**
 * Where the demo's bureau files go: beside the SQLite file they are published into, so a demo for
 * another database never writes into the checkout; for PostgreSQL (no file of its own) a temp folder.
 */
export function demoFilesDir(config: Pick<Config, 'databaseUrl'>): string {
  const url = config.databaseUrl;
  if (isPostgresUrl(url) || url === ':memory:') return join(tmpdir(), 'yaojia-demo-files');
  return join(dirname(url), 'demo-files');
}

export interface DemoPublishOptions {
  /** where the files are written (default demoFilesDir) */
  dir: string;
  publisher: string;
  /** open datasets after the publish (skipped when absent) */
  openData?: { dir: string; keep: number };
  /** a progress callback per file (the CLI's bars) */
  progress?: (file: DemoFile) => { onProgress: OnProgress | undefined; stop(): void };
  now?: Date;
}

export interface DemoPublishResult {
  files: DemoFile[];
  reports: PublishReport[];
  /** the first rejected file stops the demo; its report is the last one */
  rejected: PublishReport | null;
  openData: OpenDataExport[];
}

/**
 * The demo, the one way `pnpm admin demo`, `npm start` and the e2e stack load it: realistic bureau files
 * written to disk and published through the same ingest as a bureau's own, region by region (catalog,
 * institutions, prices, listed prices), then the open datasets of every region published.
 */
export async function publishDemo(db: Db, opts: DemoPublishOptions): Promise<DemoPublishResult> {
  const files = (await writeDemoFiles(opts.dir, { now: opts.now })).sort((a, b) => a.region.localeCompare(b.region) || ORDER[a.kind] - ORDER[b.kind]);
  const result: DemoPublishResult = { files, reports: [], rejected: null, openData: [] };
  for (const f of files) {
    const bar = opts.progress?.(f);
    try {
      const report = await publishFile(db, { file: f.path, kind: f.kind, region: f.region, publisher: opts.publisher, onProgress: bar?.onProgress, now: opts.now });
      result.reports.push(report);
      if (report.status === 'rejected') {
        result.rejected = report;
        return result;
      }
    } finally {
      bar?.stop();
    }
  }
  if (opts.openData) {
    const regions = [...new Set(result.reports.filter((r) => r.status === 'published').map((r) => r.region))].sort();
    for (const region of regions) result.openData.push(await exportOpenData(db, region, opts.openData));
  }
  return result;
}
