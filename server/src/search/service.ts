import { defaultAliasRows } from '../ingest/default-aliases.js';
import { aliasTables } from '../repositories/drug-aliases.js';
import { Meilisearch } from 'meilisearch';
import type { DrugGroup } from '@yaojia/shared';
import { parseQuery, type ParsedQuery } from '@yaojia/shared/search';
import type { Db } from '../db/client.js';
import { liveSearchProducts, searchProductsFingerprint } from '../repositories/search-products.js';
import { AnswerCache, type Ranked } from './answer-cache.js';
import { keepAliveClient } from './http-client.js';
import { ProductKeys, type SearchQuery } from './product-keys.js';
import { EXACT, INDEX_SETTINGS, type MeiliPart, meiliQueryPlan } from './query-plan.js';

export { INDEX_SETTINGS, meiliQueryPlan, type MeiliPart } from './query-plan.js';

/*
 * The search service: asks Meilisearch for candidates (query-plan.ts), re-ranks them with the shared
 * scorer over the products' keys in memory (product-keys.ts), keeps recent answers (answer-cache.ts),
 * and answers from the keys alone while Meilisearch is down — the health and resync state below.
 */

export interface SearchLogger {
  warn(...a: unknown[]): void;
  info(...a: unknown[]): void;
}

export interface SearchServiceOptions {
  db: Db;
  meiliUrl: string | null;
  meiliKey: string | null;
  /** prefix of the index uid, so tests do not collide (default "yaojia_") */
  indexPrefix?: string;
  logger?: SearchLogger;
  /** how often to probe a Meilisearch that went down (ms, default 5000) */
  recheckMs?: number;
  /**
   * How many recent answers (ranked 通用名 per query and region) to keep in memory; 0 turns the cache
   * off (default 2000; config.searchCacheSize through openSearch). Emptied whenever the database
   * changes (Db.dataVersion: SQLite's data_version / total_changes; PostgreSQL's LISTEN/NOTIFY version,
   * db/pg-notify.ts) and on reindex. While the database cannot tell whether it changed (dataVersion()
   * null: the PostgreSQL listener is down) no answer is cached.
   */
  cacheSize?: number;
  /**
   * How long a cached answer may be served (ms, default 60 000). The database version cannot see the
   * index: when another process publishes a new product and then reindexes, an answer cached between its
   * commit and the end of its reindex lacks the new product; this bounds how long.
   */
  cacheTtlMs?: number;
  /**
   * How long the index may stay behind the database before this service rebuilds it itself (ms, default
   * 15 000, with up to half again of jitter so replicas do not all rebuild at once). The publisher
   * reindexes after its commit; this is the retry when that reindex failed or the publisher died.
   */
  staleRetryMs?: number;
}

type MeiliState = 'ok' | 'down' | 'syncing';
/** What /health says of search: `stale` = the index holds an older catalog than the database. */
export type SearchHealth = MeiliState | 'stale';

/** The one document of the meta index: which data version (ProductKeys.contentVersion) the products index holds. */
interface IndexMeta {
  id: 1;
  version: string;
  builtAt: string;
}
/** how often a service that sees the index behind asks the meta index again (another process may have reindexed) */
const META_RECHECK_MS = 1000;

const WRITE_WAIT = { timeout: 120_000, interval: 20 };

export class SearchService {
  readonly indexUid: string;
  /** one document: the data version the products index holds, written after each swap */
  readonly metaUid: string;
  private readonly db: Db;
  private readonly client: Meilisearch | null;
  private readonly http: ReturnType<typeof keepAliveClient> | null;
  private readonly meiliUrl: string;
  private readonly meiliHeaders: Record<string, string>;
  private readonly log: SearchLogger;
  private readonly recheckMs: number;
  private state: MeiliState;
  private ready: Promise<void> | null = null;
  private resync: Promise<unknown> | null = null;
  private lastProbe = 0;
  private probeTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly keys = new ProductKeys();
  private fingerprint = '';
  // the fingerprint query scans the products table (a quarter of the API's CPU under search load at
  // 5,000 products): run it only when the database changed, Db.dataVersion() — on SQLite another
  // connection committed (PRAGMA data_version) or this connection wrote (total_changes()); on PostgreSQL
  // a watched table changed (NOTIFY from any process, or this one wrote). While dataVersion() is null
  // (PostgreSQL listener down) it runs before every answer, and no answer is cached.
  private dbVersion: string | null | undefined = undefined;
  // reloads may overlap on PostgreSQL (each awaits its queries): a reload that started before the one
  // already applied must not replace it
  private loadsStarted = 0;
  private loadApplied = 0;
  private readonly cache: AnswerCache;
  // which data version the index holds (its meta document), as last read; undefined = not read yet
  private indexVersion: string | null | undefined = undefined;
  private metaReadAt = 0;
  private staleSince: number | null = null;
  private staleTimer: NodeJS.Timeout | null = null;
  private readonly staleRetryMs: number;
  private retry: Promise<unknown> | null = null;

  constructor(opts: SearchServiceOptions) {
    this.db = opts.db;
    this.log = opts.logger ?? { warn() {}, info() {} };
    this.recheckMs = opts.recheckMs ?? 5000;
    this.staleRetryMs = opts.staleRetryMs ?? 15_000;
    this.cache = new AnswerCache(Math.max(0, Math.floor(opts.cacheSize ?? 2000)), opts.cacheTtlMs ?? 60_000);
    this.indexUid = `${opts.indexPrefix ?? 'yaojia_'}products`;
    this.metaUid = `${this.indexUid}_meta`;
    this.meiliUrl = (opts.meiliUrl ?? '').replace(/\/+$/, '');
    this.meiliHeaders = { 'content-type': 'application/json', ...(opts.meiliKey ? { authorization: `Bearer ${opts.meiliKey}` } : {}) };
    if (opts.meiliUrl && opts.meiliKey !== null) {
      this.http = keepAliveClient();
      this.client = new Meilisearch({ host: opts.meiliUrl, apiKey: opts.meiliKey ?? undefined, httpClient: this.http.request, timeout: 5000 });
      this.state = 'ok';
    } else {
      this.http = null;
      this.client = null;
      this.state = 'down';
    }
  }

  // ───────────────────────────── public API ─────────────────────────────

  /**
   * `productsPerGroup`: list only a group's cheapest products, with `productCount` saying how many it has
   * (the mini-program shows three and links to the group's offers page for the rest): a 2-character
   * prefix answered every product of up to 20 groups, tens of kB at province size.
   */
  async searchDrugs(q: string, opts: { region?: string; limit?: number; productsPerGroup?: number } = {}): Promise<{ items: DrugGroup[]; total: number; degraded: boolean }> {
    const limit = opts.limit ?? 20;
    const per = opts.productsPerGroup;
    const { ranked, degraded, parsed } = await this.rank(parseQuery(q), opts.region);
    const items = ranked.slice(0, limit).map((r) => {
      const g = this.keys.group(r.genericName, parsed, opts.region);
      return per !== undefined && g.products.length > per ? { ...g, products: g.products.slice(0, per), productCount: g.products.length } : g;
    });
    return { items, total: ranked.length, degraded };
  }

  async suggest(q: string, opts: { region?: string } = {}): Promise<{ items: { genericName: string; label: string; code?: string }[]; degraded: boolean }> {
    const { ranked, degraded, parsed } = await this.rank(parseQuery(q), opts.region);
    const items = ranked.slice(0, 10).map((r) => {
      // a suggestion that names one product goes straight to its prices
      const rows = this.keys.productsOf(r.genericName, opts.region);
      const code = rows.length === 1 ? rows[0]!.code : undefined;
      return { genericName: r.genericName, label: this.keys.label(r.genericName, parsed), ...(code ? { code } : {}) };
    });
    return { items, degraded };
  }

  /**
   * Builds a fresh index from the database and swaps it in atomically; a failure leaves the old one
   * serving. Then records in the meta index which data version (a hash of its documents) it holds, so every
   * process can tell when the index is behind (a publish whose reindex failed).
   */
  async reindexAll(): Promise<{ products: number; ms: number }> {
    const t0 = performance.now();
    await this.refreshEntries(true);
    const version = this.keys.contentVersion;
    const client = this.requireClient();
    const tmp = `${this.indexUid}_build_${Date.now().toString(36)}`;
    try {
      await this.task(client.createIndex(tmp, { primaryKey: 'id' }));
      await this.task(client.index(tmp).updateSettings(INDEX_SETTINGS));
      const docs = this.keys.documents();
      for (let i = 0; i < docs.length; i += 5000) await this.task(client.index(tmp).addDocuments(docs.slice(i, i + 5000)));
      if (!(await this.indexExists(this.indexUid))) await this.task(client.createIndex(this.indexUid, { primaryKey: 'id' }));
      await this.task(client.swapIndexes([{ indexes: [this.indexUid, tmp], rename: false }]));
    } finally {
      await this.task(client.deleteIndex(tmp)).catch(() => {});
    }
    await this.writeMeta(version);
    this.state = 'ok';
    this.ready = Promise.resolve();
    const ms = Math.round(performance.now() - t0);
    this.log.info({ products: this.keys.productCount, ms, index: this.indexUid }, 'search index rebuilt');
    return { products: this.keys.productCount, ms };
  }

  /** How many recent answers the result cache holds (tests). */
  get cachedAnswers(): number {
    return this.cache.count;
  }

  /** How many documents the index holds (one per distinct set of search keys), as of the last query or reindex. */
  get documentCount(): number {
    return this.keys.documentCount;
  }

  async health(): Promise<SearchHealth> {
    if (!this.client) return 'down';
    if (this.state === 'syncing') return 'syncing';
    const up = await this.probe();
    if (!up) return 'down';
    if (this.state === 'down') {
      this.startResync();
      return 'syncing';
    }
    await this.refreshEntries();
    try {
      if (await this.isStale(true)) return 'stale';
    } catch {
      return 'down';
    }
    return 'ok';
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.staleTimer = null;
    await this.resync?.catch(() => {});
    await this.retry?.catch(() => {});
    this.http?.destroy();
  }

  /** Drops this service's index (tests). */
  async dropIndex(): Promise<void> {
    if (this.client) {
      await this.task(this.client.deleteIndex(this.indexUid)).catch(() => {});
      await this.task(this.client.deleteIndex(this.metaUid)).catch(() => {});
    }
  }

  // ───────────────────────────── ranking ─────────────────────────────
  // (the scoring itself is ProductKeys's; here: cache, Meilisearch's candidates, fallback)

  /** Ranks the groups for a query; `parsed` is the query as ranked (a maker's short name taken off its name part). */
  private async rank(raw: ParsedQuery, region: string | undefined): Promise<{ ranked: Ranked; degraded: boolean; parsed: SearchQuery }> {
    await this.refreshEntries();
    const q = this.keys.withMaker(raw);
    if (this.keys.matchesNothing(q)) return { ranked: [], degraded: this.state !== 'ok' || !this.client, parsed: q };
    if (this.client && this.state === 'ok') {
      const key = AnswerCache.key(region, q.normalized);
      // no result cache without a database version to invalidate it by (PostgreSQL listener down)
      const caching = this.cache.enabled && this.dbVersion !== null;
      const cached = caching ? this.cache.get(key) : undefined;
      if (cached) return { ranked: cached, degraded: false, parsed: q };
      try {
        await this.ensureReady();
        // the index holds an older catalog (a publish whose reindex failed): the database answers meanwhile
        if (await this.isStale()) return { ranked: this.keys.rankLocal(q, region), degraded: true, parsed: q };
        const hits = await this.meiliCandidates(q, region);
        const ranked = this.keys.rankCandidates(q, region, hits);
        if (caching) this.cache.set(key, ranked);
        return { ranked, degraded: false, parsed: q };
      } catch (err) {
        this.markDown(err);
      }
    } else if (this.client && this.state === 'down') {
      this.maybeProbeInBackground();
    }
    return { ranked: this.keys.rankLocal(q, region), degraded: true, parsed: q };
  }

  /**
   * Meilisearch proposes candidates in two phases of one plain (non-federated) multi-search each,
   * merged here as federation would (each hit's `_rankingScore × weight`, an id keeps its best):
   * federation cost ≈ 5× the same parts sent plain on Meilisearch 1.21 (docs/BENCHMARKS.md).
   * Phase 1, one round trip: the raw query on all fields and, for Han, its bigrams on the n-gram field
   * (only the raw part when the query is exactly a listed name).
   * Phase 2 only when phase 1 found no group the scorer calls a name match (≥ 80: exact or substring):
   * the pinyin of the Han part (homophone slips) and the bigrams with `frequency` (one slipped character).
   */
  private async meiliCandidates(q: ParsedQuery, region: string | undefined, sent?: MeiliPart[]): Promise<Map<number, number>> {
    const plan = meiliQueryPlan(q, this.indexUid, region);
    const out = new Map<number, number>();
    const send = (parts: MeiliPart[]) => {
      sent?.push(...parts);
      return this.meiliParts(parts, out);
    };
    // phase 1 in one round trip: a query that is exactly a listed name (通用名, brand, alias — known here
    // without asking) needs only the raw part; anything else (the long tail: prefixes, a name with a
    // strength or a maker) gets the raw part and the bigrams together. Asking the raw part alone first
    // and the bigrams after it cost a second round trip on every such query.
    if (plan.phase1.length > 1 && this.keys.isExactName(q, region)) {
      await send(plan.phase1.slice(0, 1));
      if (this.keys.confident(q, region, out, EXACT)) return out;
      await send(plan.phase1.slice(1));
    } else await send(plan.phase1);
    if (plan.phase2.length && !this.keys.confident(q, region, out)) await send(plan.phase2);
    return out;
  }

  /**
   * The query parts this service sends to Meilisearch for `q` (every step it would take), for the
   * benchmark's "Meilisearch direct" measurement. Runs the query for real.
   */
  async engineQueries(text: string, opts: { region?: string } = {}): Promise<Record<string, unknown>[]> {
    await this.refreshEntries();
    await this.ensureReady();
    const sent: MeiliPart[] = [];
    await this.meiliCandidates(this.keys.withMaker(parseQuery(text)), opts.region, sent);
    return sent.map((p) => p.query);
  }

  private async meiliParts(parts: MeiliPart[], out: Map<number, number>): Promise<void> {
    const res = (await this.http!.request(`${this.meiliUrl}/multi-search`, {
      method: 'POST',
      headers: this.meiliHeaders,
      body: JSON.stringify({ queries: parts.map((p) => p.query) }),
    })) as { results: { hits: { id: number; _rankingScore?: number }[] }[] };
    res.results.forEach((r, i) => {
      const w = parts[i]!.weight;
      for (const h of r.hits) {
        const s = (h._rankingScore ?? 0) * w;
        const prev = out.get(h.id);
        if (prev === undefined || prev < s) out.set(h.id, s);
      }
    });
  }

  // ───────────────────────────── data ─────────────────────────────

  /**
   * Reloads product keys from the database when the products table changed: only when dataVersion()
   * moved (or is null), and then only if the fingerprint says products changed (an offers-only change
   * keeps the entries).
   */
  private async refreshEntries(force = false): Promise<void> {
    const version = await this.db.dataVersion();
    if (!force && version !== null && version === this.dbVersion) return;
    this.dbVersion = version;
    this.cache.clear();
    const load = ++this.loadsStarted;
    // the brand/alias table (default file + published names) is part of every product's keys
    const aliases = await aliasTables(this.db, await defaultAliasRows());
    const fingerprint = `${await searchProductsFingerprint(this.db)}\u0003${aliases.fingerprint}`;
    if (!force && fingerprint === this.fingerprint) return;
    const rows = await liveSearchProducts(this.db);
    // a reload that started later already put newer rows in place
    if (load < this.loadApplied) return;
    this.loadApplied = load;
    this.cache.clear();
    this.keys.rebuild(rows, aliases);
    this.fingerprint = fingerprint;
  }

  // ───────────────────────────── Meilisearch plumbing ─────────────────────────────

  private requireClient(): Meilisearch {
    if (!this.client) throw new Error('Meilisearch is not configured (MEILI_URL)');
    return this.client;
  }

  private async task(p: { waitTask(o?: { timeout?: number; interval?: number }): Promise<{ status: string; error?: { message?: string } | null; uid: number }> }) {
    const t = await p.waitTask(WRITE_WAIT);
    if (t.status !== 'succeeded') throw new Error(`Meilisearch task ${t.uid} ${t.status}: ${t.error?.message ?? ''}`);
    return t;
  }

  private async indexExists(uid: string): Promise<boolean> {
    try {
      await this.requireClient().getRawIndex(uid);
      return true;
    } catch (e) {
      const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
      if (code === 'index_not_found') return false;
      throw e;
    }
  }

  /** First use: build the index if it does not exist (or holds another number of documents than the database gives). */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      let needs = !(await this.indexExists(this.indexUid));
      if (!needs) {
        const stats = await this.requireClient().index(this.indexUid).getStats();
        needs = stats.numberOfDocuments !== this.keys.documentCount || (await this.readMeta()) !== this.keys.contentVersion;
      }
      if (needs) await this.reindexAll();
    })().catch((e) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  // ───────────────────────────── which data version the index holds ─────────────────────────────

  private async readMeta(): Promise<string | null> {
    this.metaReadAt = Date.now();
    let version: string | null = null;
    try {
      const doc = await this.requireClient().index<IndexMeta>(this.metaUid).getDocument(1);
      version = doc.version ?? null;
    } catch (e) {
      const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
      if (code !== 'index_not_found' && code !== 'document_not_found') throw e;
    }
    this.indexVersion = version;
    return version;
  }

  private async writeMeta(version: string): Promise<void> {
    const client = this.requireClient();
    if (!(await this.indexExists(this.metaUid))) await this.task(client.createIndex(this.metaUid, { primaryKey: 'id' }));
    const doc: IndexMeta = { id: 1, version, builtAt: new Date().toISOString() };
    await this.task(client.index<IndexMeta>(this.metaUid).addDocuments([doc]));
    this.indexVersion = version;
    this.metaReadAt = Date.now();
  }

  /**
   * Whether the index holds an older data version than the database (entries refreshed by the caller).
   * No I/O while they agree; while they differ the meta index is read again at most once a second
   * (another process may have reindexed meanwhile), and a rebuild is scheduled.
   */
  private async isStale(reread = false): Promise<boolean> {
    const current = this.keys.contentVersion;
    if (this.indexVersion !== current && (reread || this.indexVersion === undefined || Date.now() - this.metaReadAt >= META_RECHECK_MS)) {
      await this.readMeta();
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
      this.log.warn({ index: this.indexUid }, 'search index holds an older catalog than the database; answering from the database until it is rebuilt');
    }
    if (!this.staleTimer && !this.closed) {
      // retried without traffic too; jitter so replicas do not all rebuild at once
      this.staleTimer = setInterval(() => void this.retryStale(), Math.round(this.staleRetryMs * (1 + Math.random() / 2)));
      this.staleTimer.unref();
    }
    return true;
  }

  /** The index is still behind a while after it was first seen so: rebuild it here (retried on the next tick if it fails). */
  private async retryStale(): Promise<void> {
    if (this.retry || this.resync || this.closed || this.state !== 'ok') return;
    this.retry = (async () => {
      await this.refreshEntries();
      if (!(await this.isStale(true))) return;
      if (this.staleSince !== null && Date.now() - this.staleSince < this.staleRetryMs) return;
      this.log.info({ index: this.indexUid }, 'rebuilding the search index that fell behind the database');
      await this.reindexAll();
      await this.isStale();
    })()
      .catch((err) => this.log.warn({ err: String(err), index: this.indexUid }, 'search index rebuild failed; retrying later'))
      .finally(() => {
        this.retry = null;
      });
    await this.retry;
  }

  private markDown(err: unknown): void {
    if (this.state !== 'down') this.log.warn({ err: String(err) }, 'Meilisearch unreachable; answering search from the database');
    this.state = 'down';
    this.ready = null;
    this.lastProbe = Date.now();
    if (!this.probeTimer && !this.closed) {
      this.probeTimer = setInterval(() => void this.health().catch(() => {}), this.recheckMs);
      this.probeTimer.unref();
    }
  }

  private maybeProbeInBackground(): void {
    if (Date.now() - this.lastProbe < this.recheckMs) return;
    void this.health().catch(() => {});
  }

  private async probe(): Promise<boolean> {
    this.lastProbe = Date.now();
    try {
      const h = await this.requireClient().health();
      return h.status === 'available';
    } catch {
      return false;
    }
  }

  /** Meilisearch is back: rebuild from the database (it may have missed publishes), then serve from it again. */
  private startResync(): void {
    if (this.resync || this.closed) return;
    this.state = 'syncing';
    this.resync = this.reindexAll()
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
