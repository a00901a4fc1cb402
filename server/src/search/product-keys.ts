import { formatUnitPrice, formatYuan, type DrugGroup, type ProductSummary } from '@yaojia/shared';
import {
  type AliasTable,
  aliasName,
  deriveSearchKeys,
  ingredientStem,
  isNoiseText,
  normalizeText,
  matchesForms,
  parseQuery,
  parsedQuery,
  stripBrackets,
  matchesStrengths,
  narrowingBonus,
  scoreKeys,
  toScoredKeys,
  type ParsedQuery,
  type ScoredKeys,
  type SearchKeys,
} from '@yaojia/shared/search';
import type { AliasTables } from '../repositories/drug-aliases.js';
import { createHash } from 'node:crypto';
import type { SearchProductRow } from '../repositories/search-products.js';
import type { Ranked } from './answer-cache.js';
import { MakerNames, makerKey } from './makers.js';
import { CONFIDENT, type ProductDoc } from './query-plan.js';

interface Entry {
  row: SearchProductRow;
  keys: SearchKeys;
  scored: ScoredKeys;
  /** the 生产企业, normalised (what a maker's short name in a query is looked for in) */
  maker: string;
}

/** A parsed query with the maker's short name it carried, if any, taken off its name part (makers.ts). */
export type SearchQuery = ParsedQuery & { maker: string | null };

/** Answer groups kept between rebuilds (whole and narrowed ones together); emptied when full. */
const GROUP_MEMO_LIMIT = 20_000;

/** What a product made by the maker the query named gets on top of its name score: that maker's groups first. */
const MAKER_BONUS = 20;

/**
 * The search keys of every listed product, in memory: the fallback's whole index when Meilisearch is
 * down, and the re-ranker of Meilisearch's candidates when it is up (the shared scorer decides what
 * matches; Meilisearch only proposes). Rebuilt from the database rows when the products change.
 */
export class ProductKeys {
  private entries: Entry[] = [];
  // one search document per distinct set of search keys in a region (products that differ only in
  // maker, spec or pack share every searchable field): id = the smallest product id of the set
  private members = new Map<number, Entry[]>();
  private version: string | null = null;
  // the listed products of each 通用名, and the answer group of a 通用名 per region for queries that
  // name no form or strength
  private byGeneric = new Map<string, Entry[]>();
  private groupMemo = new Map<string, DrugGroup>();
  private keyMemo = new Map<string, { keys: SearchKeys; scored: ScoredKeys }>();
  // names of molecules the alias table knows but no listed product is (格列本脲, 头孢曲松, 西酞普兰…):
  // such a query is another drug, so only an exact name may answer it, never a slip or a substring
  private foreign = new Set<string>();
  // every name a listed product answers to exactly (scoreKeys ≥ 98: 通用名, brand, alias, stem), per region
  // ('' = any region): a query that is one of them is answered by Meilisearch's raw part alone
  private exactNames = new Map<string, Set<string>>([['', new Set<string>()]]);
  // makers' short names a query may carry (京新, 石药, 扬子江), from the listed products' 生产企业
  private makers = new MakerNames([], []);
  // the names of each region's documents ('' = all regions) in one string, for rankNameMatches
  private nameBlobs = new Map<string, NameBlob>();

  get productCount(): number {
    return this.entries.length;
  }

  /** how many documents the index holds: one per distinct set of search keys */
  get documentCount(): number {
    return this.members.size;
  }

  /** one document per distinct set of search keys, for the index */
  documents(): ProductDoc[] {
    return [...this.members.values()].map((m) => toDoc(m[0]!));
  }

  private aliasesSeen: AliasTables | null = null;

  /**
   * The data version of the index these keys make: a hash of its documents, so a change the index does
   * not hold (a price) is not a new version, and any listing, delisting or name change is.
   */
  get contentVersion(): string {
    this.version ??= createHash('sha256').update(JSON.stringify(this.documents())).digest('base64url');
    return this.version;
  }

  rebuild(rows: SearchProductRow[], aliases: AliasTables): void {
    this.version = null;
    // keys derived with another alias table are not reused
    if (this.aliasesSeen?.fingerprint !== aliases.fingerprint) this.keyMemo = new Map();
    this.aliasesSeen = aliases;
    const memo = new Map<string, { keys: SearchKeys; scored: ScoredKeys }>();
    const docOf = new Map<string, Entry[]>();
    this.entries = rows.map((row) => {
      const own = aliases.byRegion.get(row.regionSlug);
      const table: AliasTable = own ?? aliases.fallback;
      // a region with names of its own derives its keys apart from the others
      const mk = [own ? row.regionSlug : '', row.genericName, row.productName, row.dosageForm, row.brandName ?? ''].join('\u0001');
      let k = memo.get(mk) ?? this.keyMemo.get(mk);
      if (!k) {
        const keys = deriveSearchKeys(row, table);
        k = { keys, scored: toScoredKeys(row, keys) };
      }
      memo.set(mk, k);
      const e = { row, ...k, maker: makerKey(row.maker) };
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
    const docsByRegion = new Map<string, Entry[][]>([['', [...this.members.values()]]]);
    for (const m of this.members.values()) {
      const list = docsByRegion.get(m[0]!.row.regionSlug);
      if (list) list.push(m);
      else docsByRegion.set(m[0]!.row.regionSlug, [m]);
    }
    this.nameBlobs = new Map([...docsByRegion].map(([region, docs]) => [region, nameBlob(docs)]));
    this.exactNames = new Map([['', new Set<string>()]]);
    for (const e of this.entries) {
      let set = this.exactNames.get(e.row.regionSlug);
      if (!set) this.exactNames.set(e.row.regionSlug, (set = new Set()));
      for (const n of e.scored.names) {
        set.add(n);
        this.exactNames.get('')!.add(n);
      }
    }
    const listedStems = [...new Set(this.entries.map((e) => e.keys.stem))];
    const listedNames = new Set(this.entries.flatMap((e) => e.scored.names));
    this.makers = new MakerNames(
      this.entries.map((e) => e.row.maker),
      [...listedNames, ...new Set(this.entries.map((e) => stripBrackets(normalizeText(e.row.productName)).replace(/\s+/g, '')))],
    );
    this.foreign = new Set(
      [...aliases.all]
        // 培哚普利 is listed as 培哚普利叔丁胺: a listed stem that starts with the key is the same molecule
        .filter(([stem]) => !listedStems.some((l) => l.startsWith(stem)))
        .flatMap(([stem, entries]) => [stem, ...entries.map(aliasName)])
        .map((n) => normalizeText(n).replace(/\s+/g, ''))
        .filter((n) => !listedNames.has(n)),
    );
  }

  /**
   * The query with a maker's short name it ends or starts with taken off its name part ("阿托京新" → name
   * 阿托, maker 京新): the name goes to Meilisearch alone (one round trip) and the maker narrows the answer.
   */
  withMaker(q: ParsedQuery): SearchQuery {
    const split = q.latin ? null : this.makers.split(q.text, (t) => this.exactNames.get('')!.has(t));
    const fields = { normalized: q.normalized, strengths: q.strengths };
    // (fields by name: a spread would work out the query's pinyin, which most queries never need)
    if (!split) return Object.assign(parsedQuery({ ...fields, text: q.text, forms: q.forms, bigrams: q.bigrams, latin: q.latin }, () => q.pinyin), { maker: null });
    const p = parseQuery(split.text);
    // a form word the maker stood behind ("氨氯地平片京新") is one now
    const named = parsedQuery({ ...fields, text: p.text, forms: [...new Set([...q.forms, ...p.forms])], bigrams: p.bigrams, latin: p.latin }, () => p.pinyin);
    return Object.assign(named, { maker: split.maker });
  }

  /** Is the query exactly a name some listed product answers to (in the region)? Then scoreKeys gives it ≥ 98. */
  isExactName(q: ParsedQuery, region: string | undefined): boolean {
    return q.text !== '' && (this.exactNames.get(region ?? '')?.has(q.text) ?? false);
  }

  /**
   * Can no product match the query, whatever Meilisearch proposes? scoreKeys gives 0 to a Han query
   * made only of form, salt and 药 words (盐酸, 富马酸, 片) or one character, unless it is a listed name
   * exactly: such a query needs no round trip (it cost two: the second looked for slips).
   */
  matchesNothing(q: SearchQuery): boolean {
    if (!q.text) return true;
    if (q.latin || this.exactNames.get('')!.has(q.text)) return false;
    return isNoiseText(q.text) || /^[\u3400-\u9fff\uf900-\ufaff]$/.test(q.text);
  }

  /** Did the candidates so far include a name match (exact or substring) for the query? */
  confident(q: ParsedQuery, region: string | undefined, hits: Map<number, number>, min = CONFIDENT): boolean {
    const exactOnly = this.isForeign(q);
    for (const id of hits.keys()) {
      const e = this.members.get(id)?.[0];
      if (!e || (region && e.row.regionSlug !== region)) continue;
      if (scoreKeys(q, e.scored, { exactOnly }) >= min) return true;
    }
    return false;
  }

  /** Groups Meilisearch's candidates by 通用名 and orders them with the shared scorer plus Meilisearch's score. */
  rankCandidates(q: SearchQuery, region: string | undefined, hits: Map<number, number>): Ranked {
    const groups = new Map<string, number>();
    const exactOnly = this.isForeign(q);
    for (const [id, meili] of hits) {
      const m = this.members.get(id);
      if (!m || (region && m[0]!.row.regionSlug !== region)) continue;
      // members of a document share their search keys, so one score serves them all
      const base = scoreKeys(q, m[0]!.scored, { exactOnly });
      if (base > 0) scoreMembers(groups, q, m, base + 10 * meili);
    }
    return sortGroups(groups);
  }

  /**
   * The answer without Meilisearch, when the query is a listed name or part of one (a 通用名's prefix, a
   * brand, a stem; with or without a strength, form or maker): every document of the region whose names
   * contain the query is scored by the shared scorer, as rankCandidates scores Meilisearch's candidates
   * (what Meilisearch would add are names the query does not appear in: homophones and slips, which the
   * scorer ranks below any name match). null when no name contains the query (a slip, pinyin typed, a
   * name the query merely contains): those need Meilisearch's fuzzy candidates. The long tail of real
   * queries is mostly prefixes (issue 17 §1): this answers them in-process, a scan of the region's few
   * hundred documents instead of a round trip.
   */
  rankNameMatches(q: SearchQuery, region: string | undefined): Ranked | null {
    const t = q.text;
    if (!t || q.latin) return null;
    const exactOnly = this.isForeign(q);
    const groups = new Map<string, number>();
    let confident = false;
    for (const m of docsNaming(this.nameBlobs.get(region ?? ''), t)) {
      const first = m[0]!;
      const base = scoreKeys(q, first.scored, { exactOnly });
      if (base <= 0) continue;
      if (base >= CONFIDENT) confident = true;
      scoreMembers(groups, q, m, base);
    }
    return confident ? sortGroups(groups) : null;
  }

  /** The fallback: score every listed product in memory with the same normaliser. */
  rankLocal(q: SearchQuery, region: string | undefined): Ranked {
    const groups = new Map<string, number>();
    const exactOnly = this.isForeign(q);
    for (const e of this.entries) {
      if (region && e.row.regionSlug !== region) continue;
      const base = scoreKeys(q, e.scored, { exactOnly });
      if (base > 0) scoreMembers(groups, q, [e], base);
    }
    return sortGroups(groups);
  }

  /** the products of a 通用名 in a region (any region when none is named) */
  productsOf(genericName: string, region: string | undefined): SearchProductRow[] {
    return (this.byGeneric.get(genericName) ?? []).filter((e) => !region || e.row.regionSlug === region).map((e) => e.row);
  }

  group(genericName: string, q: SearchQuery, region: string | undefined): DrugGroup {
    const narrows = q.forms.length > 0 || q.strengths.length > 0 || q.maker !== null;
    // a narrowed group is kept per form, strength and maker asked (the long tail asks the same few again)
    const memoKey = narrows
      ? `${region ?? ''}\u0001${genericName}\u0001${q.forms.join(',')}\u0001${q.strengths.map((x) => `${x.value}${x.unit}`).join(',')}\u0001${q.maker ?? ''}`
      : `${region ?? ''}\u0001${genericName}`;
    const hit = this.groupMemo.get(memoKey);
    if (hit) return hit;
    let rows = this.productsOf(genericName, region);
    // a form, strength or maker in the query narrows the products inside the group (when any match)
    if (narrows) {
      const narrowed = rows.filter(
        (r) => matchesForms(q.forms, r.dosageForm, r.genericName) && matchesStrengths(q.strengths, r.spec) && (q.maker === null || makerKey(r.maker).includes(q.maker)),
      );
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
    if (this.groupMemo.size >= GROUP_MEMO_LIMIT) this.groupMemo.clear();
    this.groupMemo.set(memoKey, group);
    return group;
  }

  /** "商品名（通用名）" when the query named a brand or old name, else the 通用名. */
  label(genericName: string, q: ParsedQuery): string {
    if (q.latin || !q.text) return genericName;
    const e = this.byGeneric.get(genericName)?.find((x) => x.keys.aliases.some((a) => a.includes(q.text)));
    if (!e || e.scored.generic.includes(q.text)) return genericName;
    const alias = e.keys.aliases.find((a) => a === q.text) ?? e.keys.aliases.find((a) => a.includes(q.text))!;
    return `${alias}（${genericName}）`;
  }

  private isForeign(q: ParsedQuery): boolean {
    return !q.latin && (this.foreign.has(q.text) || this.foreign.has(ingredientStem(q.text)));
  }
}

/**
 * Every name of a region's documents in one string, each name between two separators, and where each
 * document's names start: the documents whose names contain a query are found by a few indexOf scans of
 * one string rather than an includes() per name per document.
 */
interface NameBlob {
  text: string;
  /** offset in `text` where document i's names start (ascending) */
  starts: number[];
  docs: Entry[][];
}
const SEP = '\u0000';

function nameBlob(docs: Entry[][]): NameBlob {
  let text = SEP;
  const starts: number[] = [];
  for (const m of docs) {
    starts.push(text.length);
    for (const n of m[0]!.scored.names) text += n + SEP;
  }
  return { text, starts, docs };
}

/** The documents with a name containing `t` (each once, in document order). */
function docsNaming(blob: NameBlob | undefined, t: string): Entry[][] {
  if (!blob || t.includes(SEP)) return [];
  const out: Entry[][] = [];
  let last = -1;
  for (let at = blob.text.indexOf(t); at >= 0; at = blob.text.indexOf(t, at + 1)) {
    // the document whose names span `at`: the last start ≤ at
    let lo = 0;
    let hi = blob.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (blob.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    if (lo !== last) {
      out.push(blob.docs[lo]!);
      last = lo;
    }
  }
  return out;
}

/**
 * Each member of a document (products sharing its search keys) scored `base` plus what its own form,
 * strength and maker add; a 通用名's group keeps its best member's score.
 */
function scoreMembers(groups: Map<string, number>, q: SearchQuery, members: readonly Entry[], base: number): void {
  for (const e of members) {
    const s = base + narrowingBonus(q, e.row) + makerBonus(q, e);
    const g = e.row.genericName;
    if (!groups.has(g) || groups.get(g)! < s) groups.set(g, s);
  }
}

function makerBonus(q: SearchQuery, e: Entry): number {
  return q.maker !== null && e.maker.includes(q.maker) ? MAKER_BONUS : 0;
}

function sortGroups(groups: Map<string, number>): Ranked {
  return [...groups]
    .map(([genericName, score]) => ({ genericName, score }))
    .sort((a, b) => b.score - a.score || a.genericName.length - b.genericName.length || a.genericName.localeCompare(b.genericName, 'zh'));
}

function toDoc(e: Entry): ProductDoc {
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

function toSummary(r: SearchProductRow): ProductSummary {
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
