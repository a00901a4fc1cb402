/**
 * The database a benchmark runs on: a SQLite file in the run's temp dir (the default), or a throwaway
 * PostgreSQL cluster (`--database pg`) started with server/test/postgres.ts's startPostgres — the tests'
 * cluster, but with PostgreSQL's crash-safe defaults (fsync, synchronous_commit, full_page_writes on)
 * rather than the tests' fsync=off, so the numbers are those of a database that keeps what it commits.
 */
import { type Db, type Param, openDb } from '@yaojia/server/db/client';
import { startPostgres, type TestPostgres } from '../../server/test/postgres.js';
import { diskBytes } from './load.js';

export type DatabaseKind = 'sqlite' | 'pg';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'pg'];

/** pg_settings worth printing next to PostgreSQL numbers */
const SHOWN_SETTINGS = [
  'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'work_mem', 'effective_cache_size',
  'max_wal_size', 'checkpoint_timeout', 'random_page_cost', 'jit', 'autovacuum',
];

export interface StatementStat {
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  /** top level (1) or run inside another statement (0: e.g. a foreign-key check in a trigger) */
  toplevel: boolean;
  query: string;
}

export interface BenchDatabase {
  kind: DatabaseKind;
  /** 'SQLite' | 'PostgreSQL' */
  label: string;
  /** what DATABASE_URL the API process gets */
  url: string;
  db: Db;
  /** e.g. "PostgreSQL 15.14 · fsync=on synchronous_commit=on …"; SQLite: journal mode and synchronous */
  describe: string;
  settings: Record<string, string>;
  /** bytes on disk: SQLite file + WAL + shm (checkpoint first), PostgreSQL pg_database_size */
  sizeBytes(): Promise<number>;
  /** how sizeBytes is measured, for the table */
  sizeLabel: string;
  /** PostgreSQL with pg_stat_statements loaded (`--pg-stats`): the statements since the last reset, by total time */
  statements?: { reset(): Promise<void>; top(n: number): Promise<StatementStat[]> };
  /** PostgreSQL: EXPLAIN (ANALYZE, BUFFERS) of a statement as the app sends it (`?` placeholders) */
  explain?(text: string, params: readonly Param[]): Promise<string[]>;
  /** PostgreSQL: VACUUM (ANALYZE) the database; ms */
  vacuumAnalyze?(): Promise<number>;
  /** closes the connection pool and stops what was started (idempotent) */
  stop(): Promise<void>;
}

export function parseDatabaseKind(value: string | undefined): DatabaseKind {
  const kind = (value ?? 'sqlite') as DatabaseKind;
  if (!DATABASE_KINDS.includes(kind)) {
    console.error(`--database must be one of ${DATABASE_KINDS.join(', ')}`);
    process.exit(2);
  }
  return kind;
}

/**
 * Opens the bench's database. `sqliteFile`: where the SQLite file goes (ignored for PostgreSQL).
 * `pgStats`: load pg_stat_statements (track = all, so statements run by triggers — foreign-key checks — are
 * counted on their own); it costs a little on every statement, so the headline runs go without it.
 * `pgOptions`: e.g. `-c session_replication_role=replica` (foreign-key triggers off) for an A/B of the ingest.
 */
export async function openBenchDatabase(kind: DatabaseKind, sqliteFile: string, opts: { pgStats?: boolean; pgOptions?: string } = {}): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const db = await openDb(sqliteFile);
    return {
      kind, label: 'SQLite', url: sqliteFile, db,
      describe: 'better-sqlite3 · journal_mode=WAL synchronous=NORMAL',
      settings: { journal_mode: 'WAL', synchronous: 'NORMAL' },
      sizeLabel: 'SQLite (db + wal)',
      async sizeBytes() {
        if (db.sqlite?.open) db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        return diskBytes(sqliteFile) + diskBytes(`${sqliteFile}-wal`) + diskBytes(`${sqliteFile}-shm`);
      },
      stop: () => db.close(),
    };
  }

  const cluster: TestPostgres = await startPostgres({
    durable: true,
    settings: opts.pgStats ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : {},
    database: 'yaojia_bench',
  });
  let db: Db | null = null;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // pool.end() waits for checked-out connections: on Ctrl-C in the middle of a publish, stop the
    // cluster after a moment anyway (a fast shutdown ends those connections)
    if (db) await Promise.race([db.close().catch(() => {}), new Promise((r) => setTimeout(r, 3000).unref())]);
    await cluster.stop();
  };
  try {
    // pgOptions: session settings for every connection (libpq's `options`), for diagnostics only
    const url = opts.pgOptions ? `${cluster.databaseUrl!}?options=${encodeURIComponent(opts.pgOptions)}` : cluster.databaseUrl!;
    db = await openDb(url);
    const open = db;
    if (opts.pgStats) await open.run('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const version = ((await open.get<{ v: string }>('SELECT version() AS v'))?.v ?? '').replace(/ on .*/, '');
    const rows = await open.all<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN (${SHOWN_SETTINGS.map((n) => `'${n}'`).join(', ')})`,
    );
    const settings: Record<string, string> = {};
    for (const name of SHOWN_SETTINGS) {
      const r = rows.find((x) => x.name === name);
      if (r) settings[name] = withUnit(r.setting, r.unit);
    }
    if (opts.pgStats) settings['pg_stat_statements.track'] = 'all';
    if (opts.pgOptions) {
      const role = (await open.get<{ session_replication_role: string }>('SHOW session_replication_role'))?.session_replication_role;
      settings.options = `${opts.pgOptions} (session_replication_role=${role})`;
    }
    const bench: BenchDatabase = {
      kind, label: 'PostgreSQL', url, db: open,
      describe: `${version} · ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(' ')} · pool 10 per process`,
      settings,
      sizeLabel: 'PostgreSQL (pg_database_size)',
      async sizeBytes() {
        return (await open.get<{ n: number }>('SELECT pg_database_size(current_database()) AS n'))!.n;
      },
      async explain(text, params) {
        const plan = await open.all<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
        return plan.map((r) => r['QUERY PLAN']);
      },
      async vacuumAnalyze() {
        const t0 = performance.now();
        await open.run('VACUUM (ANALYZE)');
        return Math.round(performance.now() - t0);
      },
      stop,
    };
    if (opts.pgStats) {
      bench.statements = {
        async reset() {
          await open.run('SELECT pg_stat_statements_reset()');
        },
        async top(n) {
          const r = await open.all<{ calls: number; total: number; rows: number; toplevel: boolean; query: string }>(
            `SELECT calls, total_exec_time AS total, rows, toplevel, query FROM pg_stat_statements
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
             ORDER BY total_exec_time DESC LIMIT ?`,
            [n],
          );
          return r.map((x) => ({
            calls: x.calls, totalMs: Math.round(x.total), meanMs: Number((x.total / Math.max(1, x.calls)).toFixed(3)), rows: x.rows,
            toplevel: x.toplevel, query: x.query.replace(/\s+/g, ' ').trim(),
          }));
        },
      };
    }
    return bench;
  } catch (e) {
    await stop();
    throw e;
  }
}

function withUnit(setting: string, unit: string | null): string {
  if (unit === '8kB') {
    const mb = (Number(setting) * 8) / 1024;
    return mb >= 1024 ? `${mb / 1024}GB` : `${mb}MB`;
  }
  if (unit === 'kB') return Number(setting) >= 1024 ? `${Number(setting) / 1024}MB` : `${setting}kB`;
  if (unit === 'MB') return Number(setting) >= 1024 ? `${Number(setting) / 1024}GB` : `${setting}MB`;
  return unit ? `${setting}${unit}` : setting;
}

/** The statements a call makes, as the app sends them (`?` placeholders): EXPLAIN them afterwards. */
export function recordingDb(db: Db, log: Array<{ text: string; params: readonly Param[] }>): Db {
  return new Proxy(db, {
    get(target, key) {
      const v = Reflect.get(target, key) as unknown;
      if (key === 'all' || key === 'get' || key === 'column' || key === 'run') {
        return (text: string, params: readonly Param[] = []) => {
          log.push({ text, params });
          return (v as (t: string, p: readonly Param[]) => unknown).call(target, text, params);
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** One line per statement: "  calls · total · mean · rows · query" */
export function formatStatements(stats: StatementStat[], width = 150): string[] {
  return stats.map((s) =>
    `  ${String(s.calls).padStart(8)} calls ${`${(s.totalMs / 1000).toFixed(2)} s`.padStart(9)} ${`${s.meanMs} ms`.padStart(11)} ${String(s.rows).padStart(9)} rows ` +
    `${s.toplevel ? ' ' : '↳'} ${s.query.length > width ? `${s.query.slice(0, width)}…` : s.query}`,
  );
}
