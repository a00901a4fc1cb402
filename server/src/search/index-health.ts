import type { MeiliIndex } from './meili-index.js';

/*
 * Whether Meilisearch may answer: the health and resync state machine. `ok` → `down` on a failed query
 * (probed every recheckMs) → `syncing` when it answers again (rebuilt from the database, which it may
 * have missed publishes of) → `ok`. Beside it, whether the index holds the database's data version
 * (`stale` when a publish's reindex failed): rebuilt here after staleRetryMs if no one else did.
 */

type MeiliState = 'ok' | 'down' | 'syncing';
/** What /health says of search: `stale` = the index holds an older catalog than the database. */
export type SearchHealth = MeiliState | 'stale';

export interface SearchLogger {
  warn(...a: unknown[]): void;
  info(...a: unknown[]): void;
}

/** What the state machine asks of the service it watches. */
export interface IndexHealthHooks {
  /** the data version of the database's products as last loaded */
  contentVersion(): string;
  /** reloads the products' keys if the database changed */
  refresh(): Promise<void>;
  /** rebuilds the index from the database (then calls indexed()) */
  reindex(): Promise<unknown>;
  /** Meilisearch went down: the index must be checked again before it is used */
  onDown(): void;
}

/** how often a service that sees the index behind asks the meta index again (another process may have reindexed) */
const META_RECHECK_MS = 1000;

export class IndexHealth {
  private state: MeiliState;
  private resync: Promise<unknown> | null = null;
  private lastProbe = 0;
  private probeTimer: NodeJS.Timeout | null = null;
  private closed = false;
  // which data version the index holds (its meta document), as last read; undefined = not read yet
  private indexVersion: string | null | undefined = undefined;
  private metaReadAt = 0;
  private staleSince: number | null = null;
  private staleTimer: NodeJS.Timeout | null = null;
  private retry: Promise<unknown> | null = null;

  constructor(
    private readonly index: MeiliIndex,
    private readonly hooks: IndexHealthHooks,
    private readonly log: SearchLogger,
    private readonly recheckMs: number,
    private readonly staleRetryMs: number,
  ) {
    this.state = index.configured ? 'ok' : 'down';
  }

  /** Meilisearch is configured and was up at last contact. */
  get up(): boolean {
    return this.index.configured && this.state === 'ok';
  }

  /** The index was rebuilt and holds `version`. */
  indexed(version: string): void {
    this.indexVersion = version;
    this.metaReadAt = Date.now();
    this.state = 'ok';
  }

  async readVersion(): Promise<string | null> {
    this.metaReadAt = Date.now();
    this.indexVersion = await this.index.readVersion();
    return this.indexVersion;
  }

  async health(): Promise<SearchHealth> {
    if (!this.index.configured) return 'down';
    if (this.state === 'syncing') return 'syncing';
    const up = await this.probe();
    if (!up) return 'down';
    if (this.state === 'down') {
      this.startResync();
      return 'syncing';
    }
    await this.hooks.refresh();
    try {
      if (await this.isStale(true)) return 'stale';
    } catch {
      return 'down';
    }
    return 'ok';
  }

  /**
   * Whether the index holds an older data version than the database (entries refreshed by the caller).
   * No I/O while they agree; while they differ the meta index is read again at most once a second
   * (another process may have reindexed meanwhile), and a rebuild is scheduled.
   */
  async isStale(reread = false): Promise<boolean> {
    const current = this.hooks.contentVersion();
    if (this.indexVersion !== current && (reread || this.indexVersion === undefined || Date.now() - this.metaReadAt >= META_RECHECK_MS)) {
      await this.readVersion();
    }
    const stale = this.indexVersion !== current;
    if (!stale) {
      this.staleSince = null;
      if (this.staleTimer) clearInterval(this.staleTimer);
      this.staleTimer = null;
      return false;
    }
    if (this.staleSince === null) {
      this.staleSince = Date.now();
      this.log.warn({ index: this.index.indexUid }, 'search index holds an older catalog than the database; answering from the database until it is rebuilt');
    }
    if (!this.staleTimer && !this.closed) {
      // retried without traffic too; jitter so replicas do not all rebuild at once
      this.staleTimer = setInterval(() => void this.retryStale(), Math.round(this.staleRetryMs * (1 + Math.random() / 2)));
      this.staleTimer.unref();
    }
    return true;
  }

  markDown(err: unknown): void {
    if (this.state !== 'down') this.log.warn({ err: String(err) }, 'Meilisearch unreachable; answering search from the database');
    this.state = 'down';
    this.hooks.onDown();
    this.lastProbe = Date.now();
    if (!this.probeTimer && !this.closed) {
      this.probeTimer = setInterval(() => void this.health().catch(() => {}), this.recheckMs);
      this.probeTimer.unref();
    }
  }

  /** Answering from the database because Meilisearch is down: probe it again if the last probe is old. */
  maybeProbeInBackground(): void {
    if (!this.index.configured || this.state !== 'down') return;
    if (Date.now() - this.lastProbe < this.recheckMs) return;
    void this.health().catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.staleTimer = null;
    await this.resync?.catch(() => {});
    await this.retry?.catch(() => {});
  }

  /** The index is still behind a while after it was first seen so: rebuild it here (retried on the next tick if it fails). */
  private async retryStale(): Promise<void> {
    if (this.retry || this.resync || this.closed || this.state !== 'ok') return;
    this.retry = (async () => {
      await this.hooks.refresh();
      if (!(await this.isStale(true))) return;
      if (this.staleSince !== null && Date.now() - this.staleSince < this.staleRetryMs) return;
      this.log.info({ index: this.index.indexUid }, 'rebuilding the search index that fell behind the database');
      await this.hooks.reindex();
      await this.isStale();
    })()
      .catch((err) => this.log.warn({ err: String(err), index: this.index.indexUid }, 'search index rebuild failed; retrying later'))
      .finally(() => {
        this.retry = null;
      });
    await this.retry;
  }

  private async probe(): Promise<boolean> {
    this.lastProbe = Date.now();
    return this.index.available();
  }

  /** Meilisearch is back: rebuild from the database (it may have missed publishes), then serve from it again. */
  private startResync(): void {
    if (this.resync || this.closed) return;
    this.state = 'syncing';
    this.resync = this.hooks
      .reindex()
      .then(() => {
        this.log.info('Meilisearch is back; index resynced');
        if (this.probeTimer) clearInterval(this.probeTimer);
        this.probeTimer = null;
      })
      .catch((err) => this.markDown(err))
      .finally(() => {
        this.resync = null;
      });
  }
}
