/**
 * Ingest only: publishes catalog → institutions → prices → the 1 % delta into a fresh SQLite file (or a
 * throwaway PostgreSQL cluster, --database pg) and prints the phases of each publish (parse+validate,
 * snapshot, diff, write). The dataset is generated once into --data (default
 * .tmp/bench-ingest-<size>-<seed>) and reused by later runs.
 *
 *   node --import tsx tests/bench/ingest.ts [--size small|medium|full] [--seed N] [--no-delta] [--db file.sqlite]
 *   (--db: publish into that file and keep it, e.g. to time the diff of the delta on its own)
 *   node --import tsx tests/bench/ingest.ts --database pg [--pg-stats] --size medium
 *   (--pg-stats: pg_stat_statements, track = all, printed after each publish: the statements of the
 *   publish by total time, foreign-key checks run by triggers included; --pg-no-fk, a diagnostic: the
 *   publishes run with session_replication_role=replica, i.e. without foreign-key checks)
 *   node --cpu-prof --cpu-prof-dir .tmp/ingest-prof --import tsx tests/bench/ingest.ts --size full
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publishFile } from '@yaojia/server/ingest/index';
import { type BenchDatabase, formatStatements, openBenchDatabase, parseDatabaseKind } from './database.js';
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
  const kind = parseDatabaseKind(arg('database'));
  const opening = openBenchDatabase(kind, arg('db') ? resolve(arg('db')!) : join(tmp, 'yaojia.sqlite'), {
    pgStats: args.includes('--pg-stats'),
    // diagnostic: the publish with PostgreSQL's foreign-key triggers off (session_replication_role=replica)
    pgOptions: args.includes('--pg-no-fk') ? '-c session_replication_role=replica' : undefined,
  });
  // one stop, whoever asks first (Ctrl-C, or the end of the run); it waits for a cluster still starting
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      process.on('uncaughtException', (e) => console.error(`(while stopping) ${e.message}`));
      await (await opening.catch(() => null))?.stop();
      rmSync(tmp, { recursive: true, force: true });
    })());
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    const database: BenchDatabase = await opening;
    const { db } = database;
    console.log(`size ${sizeName}, ${database.describe}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    await database.statements?.reset();
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
      if (database.statements) {
        for (const l of formatStatements(await database.statements.top(8))) console.log(l);
        await database.statements.reset();
      }
    };
    await run('catalog', 'catalog', files.catalog);
    await run('institutions', 'institutions', files.institutions);
    await run('prices', 'prices', files.prices);
    if (!args.includes('--no-delta')) await run('delta 1 %', 'prices', files.pricesDelta);
    console.log(`database size ${((await database.sizeBytes()) / 2 ** 20).toFixed(1)} MB (${database.sizeLabel})`);
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
