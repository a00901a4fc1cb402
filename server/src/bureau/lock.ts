import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export class LockedError extends Error {
  override name = 'LockedError';
}

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
