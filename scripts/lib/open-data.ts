import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@yaojia/server/config';
import type { Db } from '@yaojia/server/db/client';
import { exportOpenData } from '@yaojia/server/open-data/export';

/** How a publish's open datasets are written: after the command returns (default), before it returns, or not at all. */
export type OpenDataMode = 'background' | 'wait' | 'skip';

export function parseOpenDataMode(v: string): OpenDataMode {
  if (v === 'background' || v === 'wait' || v === 'skip') return v;
  throw new Error(`--open-data must be background, wait or skip, got "${v}"`);
}

const regionDir = (config: Config, region: string) => join(config.openDataDir, region);
/** the region's export log, beside its versions in OPEN_DATA_DIR/<region>/ (the lock: open-data/export.ts) */
export const exportLogFile = (config: Config, region: string) => join(regionDir(config, region), 'export.log');

/**
 * The region's open datasets (OPEN_DATA_DIR, keeping OPEN_DATA_KEEP versions), written here and now.
 * Prints one line per region; a failure sets a non-zero exit code but does not undo the publish.
 */
export async function publishOpenData(config: Config, db: Db, regions: Iterable<string>): Promise<void> {
  for (const region of [...new Set(regions)].sort()) {
    try {
      const t0 = performance.now();
      const r = await exportOpenData(db, region, {
        dir: config.openDataDir,
        keep: config.openDataKeep,
        onWait: (lock) => console.log(`open data: ${region}: waiting for the export already running (${lock})`),
      });
      console.log(`open data: ${r.message} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    } catch (e) {
      console.error(`✖ open data ${region}: ${(e as Error).message}`);
      process.exitCode = 1;
    }
  }
}

/** node flags of this process that a child must not inherit (a profiler or debugger of the publish) */
const PRIVATE_FLAG = /^--(cpu-prof|heap-prof|inspect|prof)/;

/**
 * After a publish: the open datasets are written by a separate process, `pnpm admin open-data export
 * --region <slug>`, started detached so the command returns once the publish has committed (on a 2 M-row
 * file the export took longer than the publish itself). The datasets stay consistent: the export reads
 * the committed version and records its files only if no other publish of the region committed while it
 * read (exportOpenData); exports of a region queue on a lock file. Its output goes to
 * OPEN_DATA_DIR/<region>/export.log. Until it records its files the listing serves the previous version's.
 */
export function startOpenDataExport(config: Config, region: string): { pid: number | undefined; log: string } {
  mkdirSync(regionDir(config, region), { recursive: true });
  const log = exportLogFile(config, region);
  const fd = openSync(log, 'a');
  const [script] = process.argv.slice(1, 2);
  const child = spawn(process.execPath, [...process.execArgv.filter((a) => !PRIVATE_FLAG.test(a)), script!, 'open-data', 'export', '--region', region], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: process.env,
  });
  child.unref();
  return { pid: child.pid, log };
}

/** What a publish or rollback does about the region's open datasets, as `mode` says; one line each. */
export async function openDataAfterPublish(config: Config, db: Db, region: string, mode: OpenDataMode): Promise<void> {
  if (mode === 'skip') {
    console.log(`open data: not exported (--open-data skip); run pnpm admin open-data export --region ${region}`);
    return;
  }
  if (mode === 'wait') return publishOpenData(config, db, [region]);
  try {
    const { pid, log } = startOpenDataExport(config, region);
    console.log(`open data: export started in the background (pid ${pid}), log ${log}`);
  } catch (e) {
    // the publish has committed: say what did not happen and how to catch up, as a failed export does
    console.error(`✖ open data ${region}: the export did not start (${(e as Error).message}); run pnpm admin open-data export --region ${region}`);
    process.exitCode = 1;
  }
}
