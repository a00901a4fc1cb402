import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Db } from '../db/client.js';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** What the plugin hands child(): the route's rate-limit params with the route itself as routeInfo. */
type ChildParams = Parameters<FastifyRateLimitStore['child']>[0] & { routeInfo?: { method?: string | string[]; url?: string } };

/**
 * A @fastify/rate-limit store kept in SQLite instead of process memory, so replicas of the API agree on
 * every client's count (issue 8: no state in memory that replicas would disagree on). One upsert per
 * rate-limited request; only write routes (reports, pharmacy edits) are limited, so this is cheap.
 */
export function sqliteRateLimitStore(db: Db) {
  const incr = db.$client.prepare(
    `INSERT INTO rate_limits (key, count, window_start_ms) VALUES (@key, 1, @now)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN window_start_ms + @window <= @now THEN 1 ELSE count + 1 END,
       window_start_ms = CASE WHEN window_start_ms + @window <= @now THEN @now ELSE window_start_ms END
     RETURNING count, window_start_ms AS "windowStartMs"`,
  );
  const read = db.$client.prepare('SELECT count, window_start_ms AS "windowStartMs" FROM rate_limits WHERE key = ?');
  const prune = db.$client.prepare('DELETE FROM rate_limits WHERE window_start_ms < ?');
  let lastPrune = 0;

  return class SqliteRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _params: unknown,
      private readonly prefix = 'global',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number): void {
      try {
        const now = Date.now();
        const row = incr.get({ key: `${this.prefix}|${key}`, now, window: timeWindow }) as { count: number; windowStartMs: number };
        if (now - lastPrune > 60_000) {
          lastPrune = now;
          prune.run(now - 24 * 3_600_000); // windows are minutes long: a day-old row is dead
        }
        cb(null, { current: row.count, ttl: Math.max(0, row.windowStartMs + timeWindow - now) });
      } catch (err) {
        cb(err as Error);
      }
    }

    read(key: string, cb: Callback, timeWindow: number): void {
      const now = Date.now();
      const row = read.get(`${this.prefix}|${key}`) as { count: number; windowStartMs: number } | undefined;
      if (!row || row.windowStartMs + timeWindow <= now) cb(null, { current: 0, ttl: 0 });
      else cb(null, { current: row.count, ttl: row.windowStartMs + timeWindow - now });
    }

    child(params: ChildParams): SqliteRateLimitStore {
      const r = params.routeInfo ?? params;
      return new SqliteRateLimitStore(params, `${[r.method].flat().join(',')} ${r.url ?? ''}`);
    }
  };
}
