import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Db } from '../db/client.js';
import { LockedError } from '../errors.js';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Hand-written rather than proper-lockfile: that library tells a dead holder only by an mtime it must keep
 * refreshing (stale after ≥ 2 s of silence, and a long synchronous publish stalls the refresh); a pid check
 * takes over a crashed run at once and never steals from a live one on this host.
 *
 * An exclusive lock file holding {pid, host, startedAt}, created with O_EXCL so two runs cannot both
 * take it. A lock left by a process that is gone (same host, pid not alive) is stale and taken over;
 * a lock from another host is stale only after staleAfterMs. Returns a release function.
 */
export function acquireLock(file: string, opts: { staleAfterMs?: number; now?: Date } = {}): { release: () => void; tookOverStale: LockInfo | null } {
  const staleAfterMs = opts.staleAfterMs ?? 6 * 3600_000;
  const mine: LockInfo = { pid: process.pid, host: hostname(), startedAt: (opts.now ?? new Date()).toISOString() };
  let tookOverStale: LockInfo | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      let released = false;
      return {
        tookOverStale,
        release: () => {
          if (released) return;
          released = true;
          try {
            const held = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
            if (held.pid === mine.pid && held.startedAt === mine.startedAt) unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let held: LockInfo | null = null;
    try {
      held = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      held = null; // unreadable or half-written: treat as stale
    }
    const age = held ? Date.now() - Date.parse(held.startedAt) : Infinity;
    const stale = !held || (held.host === mine.host ? !alive(held.pid) : age > staleAfterMs);
    if (!stale) throw new LockedError(`another ingest run holds ${file} (pid ${held!.pid} on ${held!.host} since ${held!.startedAt}); not starting a second one`);
    tookOverStale = held;
    try {
      unlinkSync(file);
    } catch {
      // someone else removed it first; retry the exclusive create
    }
  }
  throw new LockedError(`could not take the lock ${file}`);
}

/** pg_advisory_xact_lock key of the ingest (any constant unique within the application; openDb's migration lock is 7240731). */
export const INGEST_LOCK_KEY = 7240732;

/**
 * The database side of the ingest lock, for PostgreSQL: a PostgreSQL database can be fed by processes on
 * several hosts that share no directory, so a lock file cannot keep them apart. A transaction takes
 * pg_try_advisory_xact_lock and stays open (idle, holding one pooled connection) until release; the
 * lock goes with the transaction, so a process that dies cannot leave it behind (no stale lock to take
 * over). The transaction only holds the lock: the run's own queries go through `db` on other connections.
 * On SQLite this is a no-op: the database is a file on this host, and the lock file beside it already
 * serialises every process that can open it.
 */
export async function acquireDbLock(db: Db, key = INGEST_LOCK_KEY): Promise<{ release: () => Promise<void> }> {
  if (db.dialect !== 'pg') return { release: async () => {} };
  let release!: () => void;
  const released = new Promise<void>((done) => (release = done));
  let taken!: (ok: boolean) => void;
  const acquired = new Promise<boolean>((done) => (taken = done));
  // awaiting a non-database promise inside the transaction is fine on PostgreSQL (the executor only refuses it on SQLite)
  const held = db.transaction(async (tx) => {
    const [ok] = await tx.column<boolean>('SELECT pg_try_advisory_xact_lock(?)', [key]);
    taken(ok === true);
    if (ok) await released;
  });
  const ok = await Promise.race([acquired, held.then(() => false)]);
  if (!ok) {
    await held;
    throw new LockedError('another ingest run holds the database’s ingest lock (PostgreSQL advisory lock); not starting a second one');
  }
  let done = false;
  return {
    release: async () => {
      if (done) return;
      done = true;
      release();
      await held;
    },
  };
}
