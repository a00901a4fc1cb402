import type { Db } from '../db/client.js';
import { preloadCandidateSets, type PreloadResult } from '../repositories/offers.js';

export interface CandidatePreload {
  /** resolves when the sets of the version current at the call are loaded (or loading gave up) */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps this process's nearby candidate sets loaded (repositories/offers.ts preloadCandidateSets): once at
 * start, and again after every data change (a publish, a pharmacy's price or stock edit: whatever moves
 * Db.dataVersion(), which is what empties the cache). The version is polled every `pollMs` (on SQLite two
 * pragma reads, on PostgreSQL an in-memory token); a load that finds the version moved under it starts
 * over for the new one. Loading runs in small slices between requests, never in front of them.
 *
 * A whole load costs seconds of CPU at province size (2 M offers: ~8–13 s on this 2-core machine), so
 * loads start at most once per `minIntervalMs` (30 s): while pharmacies edit prices all day, a process
 * spends at most about a third of a core on it, and between loads requests read what they need on demand,
 * as without a preload. (Keeping the sets of products a change did not touch needs a change log: next step.)
 */
export function startCandidatePreload(
  db: Db,
  o: { pollMs?: number; minIntervalMs?: number; log?: (msg: string, detail: Record<string, unknown>) => void } = {},
): CandidatePreload {
  let stopped = false;
  let loadedFor: string | null = null;
  let running: Promise<void> | null = null;
  let lastStart = -Infinity;
  const minIntervalMs = o.minIntervalMs ?? 30_000;

  const pass = async (): Promise<void> => {
    for (;;) {
      const version = await db.dataVersion();
      if (stopped || version === null || version === loadedFor) return;
      if (performance.now() - lastStart < minIntervalMs) return; // the timer comes back
      lastStart = performance.now();
      const r: PreloadResult = await preloadCandidateSets(db, { stopped: () => stopped });
      if (r.complete && r.version !== null) {
        loadedFor = r.version;
        o.log?.('nearby candidate sets loaded', { sets: r.loaded, rows: r.rows, ms: r.ms });
      }
      if (stopped || r.version === null) return;
    }
  };
  const kick = (): Promise<void> => {
    running ??= pass()
      .catch((err: unknown) => o.log?.('loading the nearby candidate sets failed (requests read them on demand)', { err: String(err) }))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void kick(), o.pollMs ?? 1000);
  timer.unref();
  void kick();
  return {
    settled: () => running ?? Promise.resolve(),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
