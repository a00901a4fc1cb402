import { parseQuery, type ParsedQuery } from '@yaojia/shared/search';
import type { DrugGroup } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { defaultAliasRows } from '../ingest/default-aliases.js';
import { aliasTables } from '../repositories/drug-aliases.js';
import { liveSearchProducts, searchProductsFingerprint } from '../repositories/search-products.js';
import { AnswerCache, type Ranked } from './answer-cache.js';
import { meiliCandidates } from './candidates.js';
import { engineQueries } from './engine-queries.js';
import { IndexHealth, type SearchHealth, type SearchLogger } from './index-health.js';
import { MeiliIndex } from './meili-index.js';
import { ProductKeys, type SearchQuery } from './product-keys.js';
import { drugGroups, type Suggestion, suggestions } from './responses.js';

export { INDEX_SETTINGS, meiliQueryPlan, type MeiliPart } from './query-plan.js';
export type { SearchHealth, SearchLogger } from './index-health.js';

/*
 * The search service ties the rooms of search/ together: the products' keys in memory, reloaded when
 * the database changes (product-keys.ts, SQL in repositories/search-products.ts), Meilisearch's
 * candidates (query-plan.ts, candidates.ts, meili-index.ts) re-ranked by the shared scorer, recent
 * answers (answer-cache.ts), the keys alone while Meilisearch is down or behind (index-health.ts), and
 * the answers' shape (responses.ts).
 */

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

export class SearchService {
  readonly indexUid: string;
  /** one document: the data version the products index holds, written after each swap */
  readonly metaUid: string;
  private readonly db: Db;
  private readonly index: MeiliIndex;
  private readonly state: IndexHealth;
  private readonly log: SearchLogger;
  private ready: Promise<void> | null = null;
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

  constructor(opts: SearchServiceOptions) {
    this.db = opts.db;
    this.log = opts.logger ?? { warn() {}, info() {} };
    this.cache = new AnswerCache(Math.max(0, Math.floor(opts.cacheSize ?? 2000)), opts.cacheTtlMs ?? 60_000);
    this.index = new MeiliIndex(opts);
    this.indexUid = this.index.indexUid;
    this.metaUid = this.index.metaUid;
    this.state = new IndexHealth(
      this.index,
      {
        contentVersion: () => this.keys.contentVersion,
        refresh: () => this.refreshEntries(),
        reindex: () => this.reindexAll(),
        onDown: () => {
          this.ready = null;
        },
      },
      this.log,
      opts.recheckMs ?? 5000,
      opts.staleRetryMs ?? 15_000,
    );
  }

  async searchDrugs(q: string, opts: { region?: string; limit?: number; productsPerGroup?: number } = {}): Promise<{ items: DrugGroup[]; total: number; degraded: boolean }> {
    const { ranked, degraded, parsed } = await this.rank(parseQuery(q), opts.region);
    return { items: drugGroups(this.keys, ranked, parsed, opts), total: ranked.length, degraded };
  }

  async suggest(q: string, opts: { region?: string } = {}): Promise<{ items: Suggestion[]; degraded: boolean }> {
    const { ranked, degraded, parsed } = await this.rank(parseQuery(q), opts.region);
    return { items: suggestions(this.keys, ranked, parsed, opts.region), degraded };
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
    await this.index.rebuild(this.keys.documents());
    await this.index.writeVersion(version);
    this.state.indexed(version);
    this.ready = Promise.resolve();
    const ms = Math.round(performance.now() - t0);
    this.log.info({ products: this.keys.productCount, ms, index: this.indexUid }, 'search index rebuilt');
    return { products: this.keys.productCount, ms };
  }

  /** The query bodies sent to Meilisearch for `text`, for the benchmark (engine-queries.ts). */
  async engineQueries(text: string, opts: { region?: string } = {}): Promise<Record<string, unknown>[]> {
    await this.refreshEntries();
    await this.ensureReady();
    return engineQueries(this.index, this.keys, text, opts.region);
  }

  /** How many recent answers the result cache holds (tests). */
  get cachedAnswers(): number {
    return this.cache.count;
  }

  /** How many documents the index holds (one per distinct set of search keys), as of the last query or reindex. */
  get documentCount(): number {
    return this.keys.documentCount;
  }

  health(): Promise<SearchHealth> {
    return this.state.health();
  }

  async close(): Promise<void> {
    await this.state.close();
    this.index.close();
  }

  /** Drops this service's index (tests). */
  dropIndex(): Promise<void> {
    return this.index.drop();
  }

  /** Ranks the groups for a query; `parsed` is the query as ranked (a maker's short name taken off its name part). */
  private async rank(raw: ParsedQuery, region: string | undefined): Promise<{ ranked: Ranked; degraded: boolean; parsed: SearchQuery }> {
    await this.refreshEntries();
    const q = this.keys.withMaker(raw);
    if (this.keys.matchesNothing(q)) return { ranked: [], degraded: !this.state.up, parsed: q };
    // a listed name or part of one is answered from the keys in memory, which follow the database: the
    // same answer whether Meilisearch is up, down or behind, in a scan of the region's documents instead
    // of a round trip (not cached: recomputing costs less than the cache place a Meilisearch answer needs).
    // The rest (slips, homophones, pinyin, initials) needs Meilisearch's fuzzy candidates.
    const named = this.keys.rankNameMatches(q, region);
    if (named) {
      if (!this.state.up) this.state.maybeProbeInBackground();
      return { ranked: named, degraded: false, parsed: q };
    }
    if (this.state.up) {
      const key = AnswerCache.key(region, q.normalized);
      // no result cache without a database version to invalidate it by (PostgreSQL listener down)
      const caching = this.cache.enabled && this.dbVersion !== null;
      const cached = caching ? this.cache.get(key) : undefined;
      if (cached) return { ranked: cached, degraded: false, parsed: q };
      try {
        await this.ensureReady();
        // the index holds an older catalog (a publish whose reindex failed): the database answers meanwhile
        if (await this.state.isStale()) return { ranked: this.keys.rankLocal(q, region), degraded: true, parsed: q };
        const hits = await meiliCandidates(this.index, this.keys, q, region);
        const ranked = this.keys.rankCandidates(q, region, hits);
        if (caching) this.cache.set(key, ranked);
        return { ranked, degraded: false, parsed: q };
      } catch (err) {
        this.state.markDown(err);
      }
    } else this.state.maybeProbeInBackground();
    return { ranked: this.keys.rankLocal(q, region), degraded: true, parsed: q };
  }

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

  /** First use: build the index if it does not exist (or holds another number of documents than the database gives). */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      const count = await this.index.documentCount();
      const needs = count === null || count !== this.keys.documentCount || (await this.state.readVersion()) !== this.keys.contentVersion;
      if (needs) await this.reindexAll();
    })().catch((e) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }
}
