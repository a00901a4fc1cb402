import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../src/search/meili-process.js';

/**
 * A throwaway PostgreSQL cluster for the test run: Debian's `postgresql` binaries, `initdb` in a temp
 * dir, listening on loopback only, trust auth (nothing but this machine can reach it). initdb refuses
 * to run as root, so as root (CI) the cluster belongs to the `postgres` user the package creates.
 */
export interface TestPostgres {
  /** admin URL (database `postgres`) */
  url: string;
  /** URL of `opts.database`, when one was asked for */
  databaseUrl?: string;
  /** the `-c` settings the postmaster was started with (beyond port and sockets) */
  settings: Record<string, string>;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * Crash-safe settings (PostgreSQL's defaults: fsync, synchronous_commit, full_page_writes on) instead of
   * the test settings (all three off). The benchmark uses this; the tests do not need durability.
   */
  durable?: boolean;
  /** further `-c name=value` settings, e.g. shared_preload_libraries */
  settings?: Record<string, string>;
  /** also create this (empty) database; its URL is `databaseUrl` */
  database?: string;
}

const TEST_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
const DURABLE_SETTINGS = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' };

function pgBin(name: string): string {
  for (const v of ['17', '16', '15', '14', '13']) {
    const p = `/usr/lib/postgresql/${v}/bin/${name}`;
    try {
      execFileSync('test', ['-x', p]);
      return p;
    } catch {
      /* next */
    }
  }
  throw new Error(`PostgreSQL's ${name} not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql`);
}

/** the postmaster's pid, the first line of its postmaster.pid */
function postmasterPid(data: string): number | null {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Runs one statement on its own short connection (CREATE / DROP DATABASE cannot run in a transaction). */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** The URL of database `name` on the cluster whose admin URL (database `postgres`) is given. */
export function databaseUrlOf(adminUrl: string, name: string): string {
  return adminUrl.replace(/\/postgres$/, `/${encodeURIComponent(name)}`);
}

export async function startPostgres(opts: StartPostgresOptions = {}): Promise<TestPostgres> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'yaojia-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asUser = (cmd: string, args: string[]) => (root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  const [c1, a1] = asUser(pgBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  execFileSync(c1, a1, { stdio: 'pipe' });
  const port = await freePort();
  const settings: Record<string, string> = { ...(opts.durable ? DURABLE_SETTINGS : TEST_SETTINGS), max_connections: '200', ...opts.settings };
  const [c2, a2] = asUser(pgBin('postgres'), [
    '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ]);
  const proc: ChildProcess = spawn(c2, a2, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      break;
    } catch (e) {
      await c.end().catch(() => {});
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const handle: TestPostgres = {
    url,
    settings,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        // signal the postmaster itself: as root `proc` is runuser, which ignores SIGINT and would leave
        // the cluster running, orphaned, once SIGKILLed
        const postmaster = postmasterPid(data);
        const signal = (s: NodeJS.Signals) => {
          try {
            if (postmaster) process.kill(postmaster, s);
          } catch {
            /* already gone */
          }
          proc.kill(s);
        };
        signal('SIGINT'); // fast shutdown
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]); // unref: keeps no one waiting
        if (proc.exitCode === null) signal('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (opts.database) {
    try {
      await adminQuery(url, `CREATE DATABASE "${opts.database.replace(/"/g, '""')}"`);
    } catch (e) {
      await handle.stop();
      throw e;
    }
    handle.databaseUrl = databaseUrlOf(url, opts.database);
  }
  return handle;
}
