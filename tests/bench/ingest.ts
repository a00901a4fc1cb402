/**
 * Ingest only: publishes catalog → institutions → prices → the 1 % delta into a fresh SQLite file and
 * prints the phases of each publish (parse+validate, snapshot, diff, write). The dataset is generated
 * once into --data (default .tmp/bench-ingest-<size>-<seed>) and reused by later runs.
 *
 *   node --import tsx tests/bench/ingest.ts [--size small|full] [--seed N] [--no-delta] [--db file.sqlite]
 *   (--db: publish into that file and keep it, e.g. to time the diff of the delta on its own)
 *   node --cpu-prof --cpu-prof-dir .tmp/ingest-prof --import tsx tests/bench/ingest.ts --size full
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDb } from '@yaojia/server/db/client';
import { publishFile } from '@yaojia/server/ingest/index';
import { SIZES, generateDataset } from './dataset.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const sizeName = (arg('size') ?? 'small') as keyof typeof SIZES;
const seed = Number(arg('seed') ?? 42);
const data = resolve(arg('data') ?? `.tmp/bench-ingest-${sizeName}-${seed}`);
const files = {
  catalog: join(data, 'catalog.csv'),
  institutions: join(data, 'institutions.csv'),
  prices: join(data, 'prices.csv'),
  pricesDelta: join(data, 'prices-delta.csv'),
};

async function main() {
  if (!existsSync(join(data, '.done'))) {
    mkdirSync(data, { recursive: true });
    const ds = generateDataset(data, SIZES[sizeName], seed);
    Object.assign(files, ds.files);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(data, '.done'), JSON.stringify(ds.files));
  } else {
    const { readFileSync } = await import('node:fs');
    Object.assign(files, JSON.parse(readFileSync(join(data, '.done'), 'utf8')));
  }
  const tmp = mkdtempSync(join(tmpdir(), 'yaojia-ingest-'));
  const db = await openDb(arg('db') ? resolve(arg('db')!) : join(tmp, 'yaojia.sqlite'));
  console.log(`size ${sizeName}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  try {
    const run = async (label: string, kind: 'catalog' | 'institutions' | 'prices', file: string) => {
      const t0 = performance.now();
      const marks: Record<string, number> = {};
      const report = await publishFile(db, { kind, region: 'shanxi', file, publisher: 'bench', onProgress: (e) => void (marks[e.phase] ??= performance.now()) });
      const end = performance.now();
      if (report.status !== 'published') throw new Error(`${label}: ${report.status} ${report.message} ${report.errors.slice(0, 3).map((e) => e.message).join('; ')}`);
      const snap = marks.snapshot ?? end;
      const diff = marks.diff ?? end;
      const apply = marks.apply ?? end;
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.log(
        `${label.padEnd(13)} ${String(report.rows).padStart(8)} rows ${s(end - t0).padStart(9)}  ${Math.round(report.rows / ((end - t0) / 1000))} rows/s  ` +
          `(parse+validate ${s(snap - t0)}, snapshot ${s(diff - snap)}, diff ${s(apply - diff)}, write ${s(end - apply)}; ` +
          `+${report.diff?.added} ~${report.diff?.changed} -${report.diff?.removed}) load ${loadavg()[0]!.toFixed(1)}`,
      );
    };
    await run('catalog', 'catalog', files.catalog);
    await run('institutions', 'institutions', files.institutions);
    await run('prices', 'prices', files.prices);
    if (!args.includes('--no-delta')) await run('delta 1 %', 'prices', files.pricesDelta);
  } finally {
    await db.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
