import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Db } from '../db/client.js';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** What the plugin hands child(): the route's rate-limit params with the route itself as routeInfo. */
type ChildParams = Parameters<FastifyRateLimitStore['child']>[0] & { routeInfo?: { method?: string | string[]; url?: string } };

interface WindowRow {
  count: number;
  windowStartMs: number;
}

// one statement for both databases: the upsert decides in the row itself whether the window ran out, so
// concurrent requests of one client (other replicas included) never lose a count
const INCR = `INSERT INTO rate_limits (key, count, window_start_ms) VALUES (?, 1, ?)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limits.window_start_ms + ? <= ? THEN 1 ELSE rate_limits.count + 1 END,
    window_start_ms = CASE WHEN rate_limits.window_start_ms + ? <= ? THEN excluded.window_start_ms ELSE rate_limits.window_start_ms END
  RETURNING count, window_start_ms AS "windowStartMs"`;
const READ = 'SELECT count, window_start_ms AS "windowStartMs" FROM rate_limits WHERE key = ?';
const PRUNE = 'DELETE FROM rate_limits WHERE window_start_ms < ?';

export interface WindowCounter {
  /** counts one more hit for `key` in a fixed window of `timeWindow` ms */
  bump(key: string, timeWindow: number): Promise<{ current: number; ttl: number }>;
  /** the hits counted for `key` in its current window, without counting one */
  peek(key: string, timeWindow: number): Promise<{ current: number; ttl: number }>;
}

/** Fixed-window counters in the database, shared by every replica: the rate-limit store below and the auth throttle. */
export function windowCounter(db: Db): WindowCounter {
  let lastPrune = 0;
  return {
    async bump(key, timeWindow) {
      const now = Date.now();
      const row = (await db.get<WindowRow>(INCR, [key, now, timeWindow, now, timeWindow, now]))!;
      if (now - lastPrune > 60_000) {
        lastPrune = now;
        await db.run(PRUNE, [now - 24 * 3_600_000]); // windows are minutes long: a day-old row is dead
      }
      return { current: row.count, ttl: Math.max(0, row.windowStartMs + timeWindow - now) };
    },
    async peek(key, timeWindow) {
      const now = Date.now();
      const row = await db.get<WindowRow>(READ, [key]);
      if (!row || row.windowStartMs + timeWindow <= now) return { current: 0, ttl: 0 };
      return { current: row.count, ttl: row.windowStartMs + timeWindow - now };
    },
  };
}

/**
 * A @fastify/rate-limit store kept in the database (SQLite or PostgreSQL) instead of process memory, so
 * replicas of the API agree on every client's count (issue 8: no state in memory that replicas would
 * disagree on). One upsert per rate-limited request under the limit. A client already at its limit is
 * refused from memory until its window ends: a count only grows within a window, whichever replica adds
 * to it, so that knowledge cannot be wrong, and a flood of refused requests writes nothing.
 */
export function dbRateLimitStore(db: Db) {
  const { bump, peek } = windowCounter(db);
  /** keys at their limit in this process: the count as last known and when its window ends */
  const atLimit = new Map<string, { current: number; windowEnd: number }>();
  const AT_LIMIT_MAX = 100_000;

  return class DbRateLimitStore implements FastifyRateLimitStore {
    private readonly max: number | null;
    constructor(
      params: unknown,
      private readonly prefix = 'global',
    ) {
      const max = (params as { max?: unknown } | null)?.max;
      this.max = typeof max === 'number' && Number.isFinite(max) ? max : null;
    }

    incr(key: string, cb: Callback, timeWindow: number): void {
      const k = `${this.prefix}|${key}`;
      const now = Date.now();
      const known = atLimit.get(k);
      if (known && known.windowEnd > now) {
        known.current++;
        cb(null, { current: known.current, ttl: known.windowEnd - now });
        return;
      }
      if (known) atLimit.delete(k);
      bump(k, timeWindow).then(
        (res) => {
          if (this.max !== null && res.current >= this.max && res.ttl > 0) {
            if (atLimit.size >= AT_LIMIT_MAX) {
              for (const [old, v] of atLimit) if (v.windowEnd <= now) atLimit.delete(old);
              if (atLimit.size >= AT_LIMIT_MAX) atLimit.clear();
            }
            atLimit.set(k, { current: res.current, windowEnd: now + res.ttl });
          }
          cb(null, res);
        },
        (err: unknown) => cb(err as Error),
      );
    }

    read(key: string, cb: Callback, timeWindow: number): void {
      peek(`${this.prefix}|${key}`, timeWindow).then(
        (res) => cb(null, res),
        (err: unknown) => cb(err as Error),
      );
    }

    child(params: ChildParams): DbRateLimitStore {
      const r = params.routeInfo ?? params;
      return new DbRateLimitStore(params, `${[r.method].flat().join(',')} ${r.url ?? ''}`);
    }
  };
}
