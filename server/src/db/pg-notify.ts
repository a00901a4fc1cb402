import pg from 'pg';

/**
 * Db.dataVersion() on PostgreSQL: a token that N API processes agree changes whenever any of them (or
 * the bureau CLI) committed a change to the data their in-process caches hold (repositories/offers.ts
 * findOffers, search/service.ts).
 *
 * Migration 0001_data_change_notify puts statement-level AFTER INSERT/UPDATE/DELETE/TRUNCATE triggers on
 * WATCHED_TABLES that run `NOTIFY yaojia_data_changed`. Each process keeps one dedicated connection
 * LISTENing on that channel and counts what arrives; the version is `pg:<epoch>:<counter>`:
 *
 * - counter: bumped by every notification, and by this process's own committed writes to a watched
 *   table (read-your-writes: a caller that awaited its write sees a new version at once, without waiting
 *   for the notification's round trip).
 * - epoch: bumped by every (re)connect of the listener. While it is down the version is null (callers
 *   cache nothing): notifications sent meanwhile are lost, so caches filled before the drop must not be
 *   trusted afterwards, and the new epoch makes every version from before the drop unequal to any after.
 *
 * Why this is correct: PostgreSQL sends a notification only after the transaction that raised it
 * committed, and its LISTENers get every notification of a transaction that committed after their LISTEN
 * did. A cache records the version it read *before* its queries. Data read before a commit is therefore
 * cached under a version that the commit's notification (or, for our own writes, the local bump) will
 * replace; data read after the commit is simply new. The only staleness window is between a commit by
 * another process and its notification reaching this one (milliseconds on a healthy connection). A
 * connection that dies silently (no RST: a partition) is caught by the heartbeat within about
 * HEARTBEAT_MS + HEARTBEAT_TIMEOUT_MS, after which the version is null until the listener is back.
 *
 * Notifications need a session: the listener's URL must reach PostgreSQL itself or a session-mode pooler
 * (PgBouncer in transaction mode does not carry LISTEN).
 *
 * Nothing here may stop the process or keep it alive: errors only mark the listener down and schedule a
 * reconnect (backoff BACKOFF_MIN_MS … BACKOFF_MAX_MS), its socket and timers are unref'd, close() ends it.
 */

export const CHANNEL = 'yaojia_data_changed';
/** application_name of the listener connections (pg_stat_activity) */
export const LISTENER_APP = 'yaojia-data-version';

/** The tables whose triggers notify (drizzle-pg/0001_data_change_notify.sql; test/pg-data-version.test.ts compares). */
export const WATCHED_TABLES: readonly string[] = ['products', 'offers', 'institutions', 'badges', 'regions', 'listed_prices', 'drug_aliases', 'product_codes', 'listed_codes'];

const BACKOFF_MIN_MS = 200;
const BACKOFF_MAX_MS = 10_000;
const CONNECT_TIMEOUT_MS = 5_000;
const HEARTBEAT_MS = 15_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

export interface ListenerOptions {
  /** pg.Client config of the listener connection (the pool's connection string) */
  client: pg.ClientConfig;
}

export class DataVersionListener {
  private client: pg.Client | null = null;
  private up = false;
  private closed = false;
  private epoch = 0;
  private counter = 0;
  /** the first connection attempt (awaited by the first version() call) */
  private first: Promise<void> | null = null;
  /** the attempt in progress, if any (awaited by close()) */
  private attempt: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private backoff = BACKOFF_MIN_MS;

  constructor(private readonly opts: ListenerOptions) {}

  /**
   * The current version; null while the listener is not connected (do not cache). The first call
   * connects and waits for that first attempt, so a process that never asks (the CLI) opens no listener.
   */
  async version(): Promise<string | null> {
    if (this.closed) return null;
    if (!this.first) this.first = this.attempt = this.connect();
    // later attempts (reconnects) are not waited for: down means null at once
    if (!this.up) await this.first;
    return this.up ? `pg:${this.epoch}:${this.counter}` : null;
  }

  /** This process committed a write to a watched table. */
  bump(): void {
    this.counter++;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.retryTimer = this.heartbeatTimer = null;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {}); // a connect in progress fails at once
    await this.attempt;
  }

  /** One connection attempt; on failure schedules the next. Never rejects. */
  private async connect(): Promise<void> {
    const c = new pg.Client({ connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true, application_name: LISTENER_APP, ...this.opts.client });
    this.client = c;
    // an 'error' without a listener would crash the process
    c.on('error', () => this.lost(c));
    c.on('end', () => this.lost(c));
    c.on('notification', (n) => {
      if (n.channel === CHANNEL && c === this.client) this.counter++;
    });
    try {
      await c.connect();
      (c.connection.stream as unknown as { unref?: () => void }).unref?.();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch {
      this.lost(c);
      return;
    }
    if (this.closed || c !== this.client) {
      await c.end().catch(() => {});
      return;
    }
    // from here on every commit notifies us: data read after this point is at least this new
    this.epoch++;
    this.up = true;
    this.backoff = BACKOFF_MIN_MS;
    this.heartbeatTimer = setInterval(() => this.heartbeat(c), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** A round trip on the listener connection: a connection that died without telling is found here. */
  private heartbeat(c: pg.Client): void {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('listener heartbeat timed out')), HEARTBEAT_TIMEOUT_MS);
      timer.unref();
    });
    Promise.race([c.query('SELECT 1'), timeout])
      .catch(() => this.lost(c))
      .finally(() => clearTimeout(timer));
  }

  /** Connection `c` failed or ended: down (no caching) until a new one LISTENs, under a new epoch. */
  private lost(c: pg.Client): void {
    if (c !== this.client) return; // an old connection's late events
    this.client = null;
    this.up = false;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    c.end().catch(() => {});
    if (this.closed) return;
    const wait = this.backoff;
    this.backoff = Math.min(BACKOFF_MAX_MS, this.backoff * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) this.attempt = this.connect();
    }, wait);
    this.retryTimer.unref();
  }
}

const WRITE = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO)\s+(?:ONLY\s+)?"?([A-Za-z_][A-Za-z0-9_]*)"?/i;
const writeCache = new Map<string, boolean>();

/**
 * Could this statement have changed a watched table (so a commit of it must bump the local counter)?
 * Statements whose target cannot be read off the text (WITH …, anything unusual) count as writes: a
 * needless bump only costs a cache refill, a missed one would serve stale data until the notification.
 */
export function touchesWatched(text: string): boolean {
  let hit = writeCache.get(text);
  if (hit === undefined) {
    const m = WRITE.exec(text);
    hit = m ? WATCHED_TABLES.includes(m[1]!.toLowerCase()) : true;
    if (writeCache.size < 5000) writeCache.set(text, hit);
  }
  return hit;
}
