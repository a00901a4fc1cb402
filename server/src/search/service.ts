import { Meilisearch, type Settings } from 'meilisearch';
import { formatUnitPrice, formatYuan, type DrugGroup, type ProductSummary } from '@yaojia/shared';
import {
  DRUG_ALIASES,
  deriveSearchKeys,
  ingredientStem,
  normalizeText,
  matchesForms,
  matchesStrengths,
  narrowingBonus,
  parseQuery,
  scoreKeys,
  toScoredKeys,
  type ParsedQuery,
  type ScoredKeys,
  type SearchKeys,
} from '@yaojia/shared/search';
import type { Db } from '../db/client.js';
import type { ProductRecord } from '../db/schema/index.js';
import { keepAliveClient } from './http-client.js';

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
}

type Ranked = { genericName: string; score: number }[];

/** One search document per listed product (SEARCH-NOTES: derived fields, not dictionary/synonyms). */
interface ProductDoc {
  id: number;
  regionSlug: string;
  genericName: string;
  productName: string;
  stem: string;
  aliases: string[];
  grams: string[];
  pinyin: string[];
  initials: string[];
}

/** a live product as the index and the fallback read it (the products table's columns, plus its region) */
type ProductRow = Pick<
  ProductRecord,
  'id' | 'code' | 'genericName' | 'productName' | 'dosageForm' | 'spec' | 'conversionRatio' | 'minUnit' | 'packUnit' | 'maker' | 'winningPriceFen' | 'brandName' | 'recommended' | 'special' | 'therapeuticArea'
> & { regionSlug: string };

interface Entry {
  row: ProductRow;
  keys: SearchKeys;
  scored: ScoredKeys;
}

/** Index settings live in code (STYLE §7); applied to every freshly built index. */
export const INDEX_SETTINGS: Settings = {
  searchableAttributes: ['stem', 'aliases', 'genericName', 'productName', 'grams', 'pinyin', 'initials'],
  filterableAttributes: ['regionSlug', 'genericName'],
  displayedAttributes: ['id', 'genericName'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'exactness'],
  typoTolerance: { enabled: true, disableOnAttributes: ['initials', 'grams'], minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  proximityPrecision: 'byAttribute',
  pagination: { maxTotalHits: 1000 },
};

const WRITE_WAIT = { timeout: 120_000, interval: 20 };
/** How many Meilisearch hits (per query part) become candidates for grouping and re-ranking. */
const CANDIDATES = 80;
/** A scoreKeys score at or above this is a name match (exact or substring): no phase 2 needed. */
const CONFIDENT = 80;
/** An exact name (通用名, brand, alias, stem): the raw part found what was asked for. */
const EXACT = 98;

export interface MeiliPart {
  weight: number;
  query: Record<string, unknown>;
}

/**
 * The query parts SearchService sends to Meilisearch for a parsed query (exported so the benchmark
 * sends the same bodies straight to Meilisearch). Only the parts a query needs: a Latin query (pinyin
 * or initials typed) has no Han bigrams or pinyin part; a 2-character Han query no bigram part.
 */
export function meiliQueryPlan(q: ParsedQuery, indexUid: string, region: string | undefined): { phase1: MeiliPart[]; phase2: MeiliPart[] } {
  const filter = region ? [`regionSlug = ${JSON.stringify(region)}`] : undefined;
  const base = { indexUid, filter, matchingStrategy: 'all', attributesToRetrieve: ['id'], limit: CANDIDATES, showRankingScore: true };
  const phase1: MeiliPart[] = [{ weight: 1, query: { ...base, q: q.text } }];
  const phase2: MeiliPart[] = [];
  if (q.bigrams.length > 1) phase1.push({ weight: 0.9, query: { ...base, q: q.bigrams.join(' '), attributesToSearchOn: ['grams'] } });
  if (q.pinyin.length >= 4) phase2.push({ weight: 0.8, query: { ...base, q: q.pinyin, attributesToSearchOn: ['pinyin'] } });
  if (q.bigrams.length >= 3) {
    // one slipped character breaks two bigrams: let Meilisearch drop some, ranked well below
    phase2.push({ weight: 0.5, query: { ...base, q: q.bigrams.join(' '), attributesToSearchOn: ['grams'], matchingStrategy: 'frequency' } });
  }
  return { phase1, phase2 };
}

type MeiliState = 'ok' | 'down' | 'syncing';

/** What the loaded product keys were built from; changes with any listing, delisting, price or name change. */
const FINGERPRINT = `
  SELECT count(*) AS n, coalesce(max(id), 0) AS m, coalesce(sum(CASE WHEN removed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS r,
         coalesce(sum(winning_price_fen), 0) AS p, coalesce(max(coalesce(removed_at, '')), '') AS d,
         coalesce(sum(length(generic_name) + length(coalesce(brand_name, ''))), 0) AS l
  FROM products`;

export class SearchService {
  readonly indexUid: string;
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
  // in-memory search keys of every listed product: the fallback's whole index, and the
  // re-ranker of Meilisearch's candidates; rebuilt when the products table changes
  private entries: Entry[] = [];
  private byId = new Map<number, Entry>();
  // one search document per distinct set of search keys in a region (products that differ only in
  // maker, spec or pack share every searchable field): id = the smallest product id of the set
  private members = new Map<number, Entry[]>();
  // the listed products of each 通用名, and the answer group of a 通用名 per region for queries that
  // name no form or strength (rebuilt with the entries)
  private byGeneric = new Map<string, Entry[]>();
  private groupMemo = new Map<string, DrugGroup>();
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
  private keyMemo = new Map<string, { keys: SearchKeys; scored: ScoredKeys }>();
  // recent Meilisearch answers by region + normalised query, least recently used first (Map order);
  // real query traffic is heavily skewed to a few names
  private readonly cacheSize: number;
  private readonly cacheTtlMs: number;
  private cache = new Map<string, { ranked: Ranked; at: number }>();
  // names of molecules the alias table knows but no listed product is (格列本脲, 头孢曲松, 西酞普兰…):
  // such a query is another drug, so only an exact name may answer it, never a slip or a substring
  private foreign = new Set<string>();

  constructor(opts: SearchServiceOptions) {
    this.db = opts.db;
    this.log = opts.logger ?? { warn() {}, info() {} };
    this.recheckMs = opts.recheckMs ?? 5000;
    this.cacheSize = Math.max(0, Math.floor(opts.cacheSize ?? 2000));
    this.cacheTtlMs = opts.cacheTtlMs ?? 60_000;
    this.indexUid = `${opts.indexPrefix ?? 'yaojia_'}products`;
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

  async searchDrugs(q: string, opts: { region?: string; limit?: number } = {}): Promise<{ items: DrugGroup[]; total: number; degraded: boolean }> {
    const parsed = parseQuery(q);
    const limit = opts.limit ?? 20;
    const { ranked, degraded } = await this.rank(parsed, opts.region);
    return { items: ranked.slice(0, limit).map((r) => this.toGroup(r.genericName, parsed, opts.region)), total: ranked.length, degraded };
  }

  async suggest(q: string, opts: { region?: string } = {}): Promise<{ items: { genericName: string; label: string; code?: string }[]; degraded: boolean }> {
    const parsed = parseQuery(q);
    const { ranked, degraded } = await this.rank(parsed, opts.region);
    const items = ranked.slice(0, 10).map((r) => {
      // a suggestion that names one product goes straight to its prices
      const rows = (this.byGeneric.get(r.genericName) ?? []).filter((e) => !opts.region || e.row.regionSlug === opts.region);
      const code = rows.length === 1 ? rows[0]!.row.code : undefined;
      return { genericName: r.genericName, label: this.label(r.genericName, parsed), ...(code ? { code } : {}) };
    });
    return { items, degraded };
  }

  /** Builds a fresh index from the database and swaps it in atomically; a failure leaves the old one serving. */
  async reindexAll(): Promise<{ products: number; ms: number }> {
    const t0 = performance.now();
    await this.refreshEntries(true);
    const client = this.requireClient();
    const tmp = `${this.indexUid}_build_${Date.now().toString(36)}`;
    try {
      await this.task(client.createIndex(tmp, { primaryKey: 'id' }));
      await this.task(client.index(tmp).updateSettings(INDEX_SETTINGS));
      const docs = [...this.members.values()].map((m) => this.toDoc(m[0]!));
      for (let i = 0; i < docs.length; i += 5000) await this.task(client.index(tmp).addDocuments(docs.slice(i, i + 5000)));
      if (!(await this.indexExists(this.indexUid))) await this.task(client.createIndex(this.indexUid, { primaryKey: 'id' }));
      await this.task(client.swapIndexes([{ indexes: [this.indexUid, tmp], rename: false }]));
    } finally {
      await this.task(client.deleteIndex(tmp)).catch(() => {});
    }
    this.state = 'ok';
    this.ready = Promise.resolve();
    const ms = Math.round(performance.now() - t0);
    this.log.info({ products: this.entries.length, ms, index: this.indexUid }, 'search index rebuilt');
    return { products: this.entries.length, ms };
  }

  /** How many recent answers the result cache holds (tests). */
  get cachedAnswers(): number {
    return this.cache.size;
  }

  /** How many documents the index holds (one per distinct set of search keys), as of the last query or reindex. */
  get documentCount(): number {
    return this.members.size;
  }

  async health(): Promise<'ok' | 'down' | 'syncing'> {
    if (!this.client) return 'down';
    if (this.state === 'syncing') return 'syncing';
    const up = await this.probe();
    if (!up) return 'down';
    if (this.state === 'down') {
      this.startResync();
      return 'syncing';
    }
    return 'ok';
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    await this.resync?.catch(() => {});
    this.http?.destroy();
  }

  /** Drops this service's index (tests). */
  async dropIndex(): Promise<void> {
    if (this.client) await this.task(this.client.deleteIndex(this.indexUid)).catch(() => {});
  }

  // ───────────────────────────── ranking ─────────────────────────────

  private async rank(q: ParsedQuery, region: string | undefined): Promise<{ ranked: Ranked; degraded: boolean }> {
    await this.refreshEntries();
    if (this.client && this.state === 'ok') {
      const key = `${region ?? ''}\u0001${q.normalized}`;
      // no result cache without a database version to invalidate it by (PostgreSQL listener down)
      const caching = this.cacheSize > 0 && this.dbVersion !== null;
      const cached = caching ? this.cache.get(key) : undefined;
      if (cached) this.cache.delete(key);
      if (cached && Date.now() - cached.at < this.cacheTtlMs) {
        this.cache.set(key, cached);
        return { ranked: cached.ranked, degraded: false };
      }
      try {
        await this.ensureReady();
        const hits = await this.meiliCandidates(q, region);
        const ranked = this.rankCandidates(q, region, hits);
        if (caching) {
          this.cache.set(key, { ranked, at: Date.now() });
          if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
        }
        return { ranked, degraded: false };
      } catch (err) {
        this.markDown(err);
      }
    } else if (this.client && this.state === 'down') {
      this.maybeProbeInBackground();
    }
    return { ranked: this.rankLocal(q, region), degraded: true };
  }

  /**
   * Meilisearch proposes candidates in two phases of one plain (non-federated) multi-search each,
   * merged here as federation would (each hit's `_rankingScore × weight`, an id keeps its best):
   * federation cost ≈ 5× the same parts sent plain on Meilisearch 1.21 (docs/BENCHMARKS.md).
   * Phase 1: the raw query on all fields — alone first, and when it found an exact name (≥ 98) that
   * is all — then for Han its bigrams on the n-gram field. Phase 2 only when phase 1 found no group the
   * scorer calls a name match (≥ 80: exact or substring): the pinyin of the Han part (homophone slips)
   * and the bigrams with `frequency` (one slipped character).
   */
  private async meiliCandidates(q: ParsedQuery, region: string | undefined, sent?: MeiliPart[]): Promise<Map<number, number>> {
    const plan = meiliQueryPlan(q, this.indexUid, region);
    const out = new Map<number, number>();
    const send = (parts: MeiliPart[]) => {
      sent?.push(...parts);
      return this.meiliParts(parts, out);
    };
    if (plan.phase1.length > 1) {
      // the raw part alone first: when it found an exact name (score ≥ 98) nothing else is needed
      await send(plan.phase1.slice(0, 1));
      if (this.confident(q, region, out, EXACT)) return out;
      await send(plan.phase1.slice(1));
    } else await send(plan.phase1);
    if (plan.phase2.length && !this.confident(q, region, out)) await send(plan.phase2);
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
    await this.meiliCandidates(parseQuery(text), opts.region, sent);
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

  /** Did the candidates so far include a name match (exact or substring) for the query? */
  private confident(q: ParsedQuery, region: string | undefined, hits: Map<number, number>, min = CONFIDENT): boolean {
    const exactOnly = this.isForeign(q);
    for (const id of hits.keys()) {
      const e = this.members.get(id)?.[0];
      if (!e || (region && e.row.regionSlug !== region)) continue;
      if (scoreKeys(q, e.scored, { exactOnly }) >= min) return true;
    }
    return false;
  }

  /** Groups Meilisearch's candidates by 通用名 and orders them with the shared scorer plus Meilisearch's score. */
  private rankCandidates(q: ParsedQuery, region: string | undefined, hits: Map<number, number>) {
    const groups = new Map<string, number>();
    const exactOnly = this.isForeign(q);
    for (const [id, meili] of hits) {
      const m = this.members.get(id);
      if (!m || (region && m[0]!.row.regionSlug !== region)) continue;
      // Meilisearch only proposes candidates; the shared scorer decides what matches (precision).
      // Members of a document share their search keys, so one score serves them all.
      const base = scoreKeys(q, m[0]!.scored, { exactOnly });
      if (base <= 0) continue;
      for (const e of m) {
        const s = base + 10 * meili + narrowingBonus(q, e.row);
        const g = e.row.genericName;
        if (!groups.has(g) || groups.get(g)! < s) groups.set(g, s);
      }
    }
    return this.sortGroups(groups);
  }

  /** The fallback: score every listed product in memory with the same normaliser. */
  private rankLocal(q: ParsedQuery, region: string | undefined) {
    const groups = new Map<string, number>();
    const exactOnly = this.isForeign(q);
    for (const e of this.entries) {
      if (region && e.row.regionSlug !== region) continue;
      const base = scoreKeys(q, e.scored, { exactOnly });
      if (base <= 0) continue;
      const s = base + narrowingBonus(q, e.row);
      const g = e.row.genericName;
      if (!groups.has(g) || groups.get(g)! < s) groups.set(g, s);
    }
    return this.sortGroups(groups);
  }

  private isForeign(q: ParsedQuery): boolean {
    return !q.latin && (this.foreign.has(q.text) || this.foreign.has(ingredientStem(q.text)));
  }

  private sortGroups(groups: Map<string, number>) {
    return [...groups]
      .map(([genericName, score]) => ({ genericName, score }))
      .sort((a, b) => b.score - a.score || a.genericName.length - b.genericName.length || a.genericName.localeCompare(b.genericName, 'zh'));
  }

  private toGroup(genericName: string, q: ParsedQuery, region: string | undefined): DrugGroup {
    const narrows = q.forms.length > 0 || q.strengths.length > 0;
    const memoKey = `${region ?? ''}\u0001${genericName}`;
    if (!narrows) {
      const hit = this.groupMemo.get(memoKey);
      if (hit) return hit;
    }
    let rows = (this.byGeneric.get(genericName) ?? []).filter((e) => !region || e.row.regionSlug === region).map((e) => e.row);
    // a form or strength in the query narrows the products inside the group (when any match)
    if (narrows) {
      const narrowed = rows.filter((r) => matchesForms(q.forms, r.dosageForm, r.genericName) && matchesStrengths(q.strengths, r.spec));
      if (narrowed.length) rows = narrowed;
    }
    rows.sort((a, b) => a.winningPriceFen / a.conversionRatio - b.winningPriceFen / b.conversionRatio || a.code.localeCompare(b.code));
    const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
    const group: DrugGroup = {
      genericName,
      dosageForms: uniq(rows.map((r) => r.dosageForm)),
      brandNames: uniq(rows.map((r) => r.brandName)),
      therapeuticArea: rows.find((r) => r.therapeuticArea)?.therapeuticArea ?? null,
      products: rows.map(toSummary),
    };
    if (!narrows) this.groupMemo.set(memoKey, group);
    return group;
  }

  /** "商品名（通用名）" when the query named a brand or old name, else the 通用名. */
  private label(genericName: string, q: ParsedQuery): string {
    if (q.latin || !q.text) return genericName;
    const e = this.byGeneric.get(genericName)?.find((x) => x.keys.aliases.some((a) => a.includes(q.text)));
    if (!e || e.scored.generic.includes(q.text)) return genericName;
    const alias = e.keys.aliases.find((a) => a === q.text) ?? e.keys.aliases.find((a) => a.includes(q.text))!;
    return `${alias}（${genericName}）`;
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
    const fp = await this.db.get<Record<string, unknown>>(FINGERPRINT);
    const key = JSON.stringify(fp);
    if (!force && key === this.fingerprint) return;
    const rows = await this.db.all<Omit<ProductRow, 'recommended' | 'special'> & { recommended: number; special: number }>(`
      SELECT p.id, r.slug AS "regionSlug", p.code, p.generic_name AS "genericName", p.product_name AS "productName",
             p.dosage_form AS "dosageForm", p.spec, p.conversion_ratio AS "conversionRatio", p.min_unit AS "minUnit",
             p.pack_unit AS "packUnit", p.maker, p.winning_price_fen AS "winningPriceFen", p.brand_name AS "brandName",
             p.recommended, p.special, p.therapeutic_area AS "therapeuticArea"
      FROM products p JOIN regions r ON r.id = p.region_id
      WHERE p.removed_at IS NULL
      ORDER BY p.id`);
    // a reload that started later already put newer rows in place
    if (load < this.loadApplied) return;
    this.loadApplied = load;
    this.cache.clear();
    const memo = new Map<string, { keys: SearchKeys; scored: ScoredKeys }>();
    const docOf = new Map<string, Entry[]>();
    this.entries = rows.map((raw) => {
      const row: ProductRow = { ...raw, recommended: !!raw.recommended, special: !!raw.special };
      const mk = [row.genericName, row.productName, row.dosageForm, row.brandName ?? ''].join('\u0001');
      let k = memo.get(mk) ?? this.keyMemo.get(mk);
      if (!k) {
        const keys = deriveSearchKeys(row);
        k = { keys, scored: toScoredKeys(row, keys) };
      }
      memo.set(mk, k);
      const e = { row, ...k };
      const dk = `${row.regionSlug}\u0001${mk}`;
      const m = docOf.get(dk);
      if (m) m.push(e);
      else docOf.set(dk, [e]);
      return e;
    });
    this.byGeneric = new Map();
    for (const e of this.entries) {
      const g = this.byGeneric.get(e.row.genericName);
      if (g) g.push(e);
      else this.byGeneric.set(e.row.genericName, [e]);
    }
    this.groupMemo = new Map();
    this.members = new Map();
    for (const m of docOf.values()) {
      m.sort((a, b) => a.row.id - b.row.id);
      this.members.set(m[0]!.row.id, m);
    }
    this.keyMemo = memo;
    const listedStems = [...new Set(this.entries.map((e) => e.keys.stem))];
    const listedNames = new Set(this.entries.flatMap((e) => e.scored.names));
    this.foreign = new Set(
      Object.entries(DRUG_ALIASES)
        // 培哚普利 is listed as 培哚普利叔丁胺: a listed stem that starts with the key is the same molecule
        .filter(([stem]) => !listedStems.some((l) => l.startsWith(stem)))
        .flatMap(([stem, entries]) => [stem, ...entries.map((a) => (typeof a === 'string' ? a : a[0]))])
        .map((n) => normalizeText(n).replace(/\s+/g, ''))
        .filter((n) => !listedNames.has(n)),
    );
    this.byId = new Map(this.entries.map((e) => [e.row.id, e]));
    this.fingerprint = key;
  }

  private toDoc(e: Entry): ProductDoc {
    return {
      id: e.row.id,
      regionSlug: e.row.regionSlug,
      genericName: e.row.genericName,
      productName: e.row.productName,
      stem: e.keys.stem,
      aliases: e.keys.aliases,
      grams: e.keys.grams,
      pinyin: e.keys.pinyin,
      initials: e.keys.initials,
    };
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
        needs = stats.numberOfDocuments !== this.members.size;
      }
      if (needs) await this.reindexAll();
    })().catch((e) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
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

function toSummary(r: ProductRow): ProductSummary {
  return {
    code: r.code,
    name: r.productName,
    dosageForm: r.dosageForm,
    spec: r.spec,
    maker: r.maker,
    brandName: r.brandName,
    conversionRatio: r.conversionRatio,
    winningPrice: formatYuan(r.winningPriceFen),
    unitWinningPrice: formatUnitPrice(r.winningPriceFen, r.conversionRatio),
    unit: r.minUnit,
    packUnit: r.packUnit,
    recommended: r.recommended,
    special: r.special,
    region: r.regionSlug,
  };
}
