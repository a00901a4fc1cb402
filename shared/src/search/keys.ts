import { type AliasTable, EMPTY_ALIASES, aliasesFor } from './aliases.js';
import {
  hanGrams,
  ingredientStem,
  initialsSuffixes,
  normalizeText,
  type ParsedQuery,
  pinyinOf,
  syllables,
  pinyinSuffixes,
  splitForm,
  stripBrackets,
  matchesForms,
  matchesStrengths,
  QUERY_FORM_WORDS,
  SALT_PREFIXES,
  SALT_SUFFIXES,
} from './normalize.js';

/** The product fields search derives its keys from. */
export interface SearchableProduct {
  genericName: string;
  productName: string;
  dosageForm: string;
  spec: string;
  brandName: string | null;
}

/** Derived search keys of one product (the extra fields of a search document). */
export interface SearchKeys {
  /** ingredient stem, e.g. 氨氯地平 */
  stem: string;
  /** the 通用名 without its form (苯磺酸氨氯地平) */
  base: string;
  /** brand names (catalog 商品名 + the alias table) and old names */
  aliases: string[];
  /** the catalog's own 商品名 of this product */
  brands: string[];
  /** 2- and 3-grams of the 通用名, 产品名称 and aliases */
  grams: string[];
  /** toneless pinyin from every syllable boundary, ü as v and as u */
  pinyin: string[];
  /** initials from every syllable boundary (≥ 2 letters) */
  initials: string[];
}

const splitNames = (s: string | null): string[] =>
  (s ?? '')
    .split(/[\/、,，;；|]/)
    .map((x) => stripBrackets(normalizeText(x)).replace(/[\s®™()[\]{}<>"'`~!@#$^&+=|\\/:?.。-]/g, ''))
    .filter((x) => x.length >= 2);

/** `aliases`: the brand/alias table in force for the product's region (none: the catalog's 商品名 only). */
export function deriveSearchKeys(p: SearchableProduct, table: AliasTable = EMPTY_ALIASES): SearchKeys {
  const generic = stripBrackets(normalizeText(p.genericName)).replace(/\s+/g, '');
  const stem = ingredientStem(p.genericName);
  const base = splitForm(p.genericName).base;
  const product = stripBrackets(normalizeText(p.productName)).replace(/\s+/g, '');
  const brands = splitNames(p.brandName);
  const aliases = [...new Set([...brands, ...aliasesFor(table, stem, p.dosageForm, p.genericName).flatMap((a) => splitNames(a))])];
  const gramSources = [generic, product, ...aliases];
  const grams = new Set<string>();
  for (const s of gramSources) for (const n of [2, 3]) for (const g of hanGrams(s, n)) grams.add(g);
  const pinyin = new Set<string>();
  const initials = new Set<string>();
  for (const s of [generic, ...aliases]) {
    for (const x of pinyinSuffixes(s)) pinyin.add(x);
    for (const x of initialsSuffixes(s)) initials.add(x);
  }
  return { stem, base, aliases, brands, grams: [...grams], pinyin: [...pinyin], initials: [...initials] };
}

// ---------------------------------------------------------------------------------------------
// Local scoring: the whole ranking of the SQLite fallback, and the re-ranking of Meilisearch's
// candidates (so both paths order groups the same way).

/** What the scorer needs of a product, precomputed once. */
export interface ScoredKeys {
  genericName: string;
  generic: string;
  names: string[]; // generic, base, stem, aliases (normalised)
  brands: string[];
  gramSet: Set<string>;
  pinyin: string[];
  /** pinyin of each whole name (no suffixes), for the typo distance */
  fullPinyin: string[];
  initials: string[];
  /** initials of the 通用名/stem from their first syllable, and of the aliases */
  headInitials: string[];
  aliasInitials: string[];
}

const initialsOf = (s: string): string => syllables(s).map((x) => x[0] ?? '').join('');

export function toScoredKeys(p: SearchableProduct, k: SearchKeys = deriveSearchKeys(p)): ScoredKeys {
  const generic = stripBrackets(normalizeText(p.genericName)).replace(/\s+/g, '');
  const names = [...new Set([generic, k.base, k.stem, ...k.aliases])];
  return {
    genericName: p.genericName,
    generic,
    names,
    brands: k.brands,
    gramSet: new Set(k.grams),
    pinyin: k.pinyin,
    fullPinyin: [...new Set(names.map(pinyinOf).filter(Boolean))],
    initials: k.initials,
    headInitials: [...new Set([generic, k.base, k.stem].map(initialsOf).filter((x) => x.length >= 2))],
    aliasInitials: [...new Set(k.aliases.map(initialsOf).filter((x) => x.length >= 2))],
  };
}

/** Levenshtein distance, bounded: returns max+1 as soon as it is exceeded. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Smallest edit distance between `q` and any prefix of `s` of about q's length. */
function prefixDistance(q: string, s: string, max: number): number {
  let best = max + 1;
  for (let len = Math.max(1, q.length - max); len <= Math.min(s.length, q.length + max); len++) {
    best = Math.min(best, editDistance(q, s.slice(0, len), max));
    if (best === 0) break;
  }
  return best;
}

/** Words that name no drug by themselves: forms, salts, and 药/药品/药物. */
const NOISE_WORDS = [...new Set([...QUERY_FORM_WORDS, ...SALT_PREFIXES, ...SALT_SUFFIXES, '药品', '药物', '药', '剂', '酸', '盐'])].sort(
  (a, b) => b.length - a.length,
);

/**
 * A query made only of form, salt and "药" words (片, 胶囊, 盐酸, 钠, 缓释片, 盐酸片) names no drug: it
 * would otherwise match every product whose name contains the word.
 */
export function isNoiseText(t: string): boolean {
  if (noiseMemo.t === t) return noiseMemo.v;
  let rest = t;
  for (const w of NOISE_WORDS) if (rest.includes(w)) rest = rest.split(w).join('');
  noiseMemo.t = t;
  noiseMemo.v = rest.length === 0;
  return noiseMemo.v;
}
// scoreKeys asks once per product for the same query: remember the last answer
const noiseMemo = { t: '', v: false };

/**
 * Smallest edit distance between `q` and any substring of `s` (semi-global alignment), bounded by
 * `max`: 0 when `s` contains `q`, 1 when one character of `q` slipped (substituted, added, dropped).
 */
export function substringDistance(q: string, s: string, max = 1): number {
  const a = [...q];
  const b = [...s];
  let prev = Array.from({ length: a.length + 1 }, (_, i) => i); // column for b prefix of length 0
  let best = prev[a.length]!;
  for (let j = 1; j <= b.length; j++) {
    const cur = [0]; // a substring may start anywhere in s
    for (let i = 1; i <= a.length; i++) cur.push(Math.min(prev[i]! + 1, cur[i - 1]! + 1, prev[i - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    best = Math.min(best, cur[a.length]!);
    prev = cur;
  }
  return best > max ? max + 1 : best;
}

/** Han queries shorter than this get no one-character-slip match (青霉素 must not find 阿奇霉素). */
export const MIN_HAN_TYPO_CHARS = 4;

/**
 * How well a parsed query matches one product's names, 0 (no match) to ~100. Exact names beat
 * substrings, substrings beat pinyin, pinyin beats initials, and a one-character slip of a name
 * (≥ 4 Han characters, all but one of them in order in the name) or a pinyin distance of one or two
 * catches the remaining slips. Among equal kinds, a name the query covers more of scores higher
 * (氨氯地平 prefers 苯磺酸氨氯地平片 over 苯磺酸左氨氯地平片).
 *
 * Precision: a query made only of form/salt words, a single Han character that is no name, and
 * anything that matches no name in one of these ways score 0 — both search paths return only groups
 * with a score above 0, so a made-up query gets an empty answer.
 */
export function scoreKeys(q: ParsedQuery, k: ScoredKeys, opts: { exactOnly?: boolean } = {}): number {
  const t = q.text;
  if (!t) return 0;
  if (opts.exactOnly) {
    for (const n of k.names) if (n === t) return n === k.generic ? 100 : k.brands.includes(n) ? 99 : 98;
    return 0;
  }
  let best = 0;
  if (q.latin) {
    for (const n of k.names) {
      if (n === t) best = Math.max(best, 98);
      else if (n.startsWith(t) && /^[a-z0-9]+$/.test(n)) best = Math.max(best, 80 + 15 * (t.length / n.length));
    }
    for (const p of k.fullPinyin) if (p === t || p.replace(/v/g, 'u') === t) best = Math.max(best, 92);
    for (const p of k.pinyin) {
      if (p.startsWith(t)) best = Math.max(best, 70 + 10 * (t.length / p.length) + (k.fullPinyin.includes(p) ? 8 : 0));
    }
    if (t.length >= 3) {
      for (const i of k.headInitials) if (i.startsWith(t)) best = Math.max(best, 70 + 15 * (t.length / i.length));
      for (const i of k.aliasInitials) if (i.startsWith(t)) best = Math.max(best, 66 + 15 * (t.length / i.length));
      for (const i of k.initials) if (i.startsWith(t)) best = Math.max(best, 58 + 10 * (t.length / i.length));
    }
    if (best === 0 && t.length >= 6) {
      // a slip in typed pinyin; shorter strings are too often some syllables' neighbour (hello ~ helo[ng])
      const max = t.length >= 9 ? 2 : 1;
      for (const p of k.pinyin) {
        const d = prefixDistance(t, p, max);
        if (d <= max) best = Math.max(best, 55 - 5 * d + 10 * (t.length / p.length));
      }
    }
    return best;
  }
  for (const n of k.names) {
    if (n === t) best = Math.max(best, n === k.generic ? 100 : k.brands.includes(n) ? 99 : 98);
  }
  if (best > 0) return best;
  const hanChars = [...t.replace(/[^\u3400-\u9fff\uf900-\ufaff]/g, '')].length;
  if (isNoiseText(t) || (hanChars === 1 && [...t].length === 1)) return 0;
  for (const n of k.names) {
    // a name that starts or ends with the query (阿托伐…, …拉唑: INN stems are suffixes) beats one that merely contains it
    if (n.includes(t)) best = Math.max(best, 80 + 15 * (t.length / n.length) + (n.startsWith(t) || n.endsWith(t) ? 2 : 0));
    else if (t.includes(n) && n.length >= 2) best = Math.max(best, 72 + 15 * (n.length / t.length));
  }
  if (best >= 80) return best;
  // a homophone is a slip only when the query keeps at least half of its characters: 氨录地平 is 氨氯地平
  // mistyped, but 压氏达 (another maker's 氨氯地平) is not 雅施达 (培哚普利) — a whole other name that
  // merely sounds the same is answered with nothing rather than another molecule
  if (q.pinyin.length >= 4 && 2 * sharedHanChars(t, k.names) >= hanChars) {
    for (const p of k.pinyin) {
      if (p.startsWith(q.pinyin)) best = Math.max(best, 66 + 8 * (q.pinyin.length / p.length) + (k.fullPinyin.includes(p) ? 5 : 0));
    }
    if (best === 0 && hanChars >= 3) {
      // two pinyin edits only for ≥ 4 characters: 青霉素 (qingmeisu) is two edits from 阿奇霉素 (qimeisu)
      const max = q.pinyin.length >= 9 && hanChars >= 4 ? 2 : 1;
      for (const p of k.pinyin) {
        const d = prefixDistance(q.pinyin, p, max);
        if (d <= max) best = Math.max(best, 52 - 5 * d + 10 * (q.pinyin.length / p.length));
      }
    }
  }
  if (best === 0 && hanChars >= MIN_HAN_TYPO_CHARS && hanChars === [...t].length) {
    // one slipped character: the query is a name's substring but for one character
    for (const n of k.names) {
      if (substringDistance(t, n, 1) <= 1) best = Math.max(best, 50 + 10 * Math.min(1, [...t].length / [...n].length));
    }
  }
  return best;
}

/** How many of the query's Han characters occur in one of the names (the name sharing the most). */
function sharedHanChars(t: string, names: readonly string[]): number {
  const chars = [...new Set(t.replace(/[^\u3400-\u9fff\uf900-\ufaff]/g, ''))];
  let best = 0;
  for (const n of names) {
    let shared = 0;
    for (const c of chars) if (n.includes(c)) shared++;
    if (shared > best) best = shared;
  }
  return best;
}

/** Bonus for a product that has the form and strength the query named (narrows inside a group). */
export function narrowingBonus(q: ParsedQuery, p: { dosageForm: string; genericName: string; spec: string }): number {
  let b = 0;
  if (q.forms.length > 0 && matchesForms(q.forms, p.dosageForm, p.genericName)) b += 6;
  if (q.strengths.length > 0 && matchesStrengths(q.strengths, p.spec)) b += 4;
  return b;
}
