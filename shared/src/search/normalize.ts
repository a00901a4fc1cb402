import { pinyin } from 'pinyin-pro';
import { toHalfWidth } from '../domain/money.js';

/**
 * Chinese drug-name normalisation shared by the indexer, the query side and the SQLite fallback
 * (issue 5). Pure TS: it is bundled into the mini-program too.
 */

/** Acid/salt words written before the ingredient (苯磺酸氨氯地平, 盐酸二甲双胍). Longest first. */
export const SALT_PREFIXES = [
  '对甲苯磺酸', '门冬氨酸', '硫酸氢', '苯磺酸', '马来酸', '甲磺酸', '琥珀酸', '酒石酸', '富马酸', '枸橼酸',
  '氢溴酸', '苯甲酸', '甲苯磺酸', '乙磺酸', '羟苯磺酸', '萘磺酸', '樟脑磺酸', '乳酸', '盐酸', '硫酸', '磷酸',
  '醋酸', '乙酸', '硝酸', '草酸', '乙二磺酸', '糠酸', '丙酸',
].sort((a, b) => b.length - a.length);

/** Cations written after the ingredient (阿托伐他汀钙, 氯沙坦钾, 泮托拉唑钠). */
export const SALT_SUFFIXES = ['钙', '钠', '钾', '镁', '锌', '葡甲胺', '氨丁三醇'].sort((a, b) => b.length - a.length);

/** Hydrate words that never help a search. */
const HYDRATES = /(一水合物|二水合物|三水合物|半水合物|水合物|一水|二水)$/;

/** Dosage-form words as they end a 通用名. Longest first so 肠溶胶囊 wins over 胶囊. */
export const FORM_WORDS = [
  '口腔崩解片', '吸入气雾剂', '吸入粉雾剂', '吸入混悬液', '干混悬剂', '缓释胶囊', '肠溶胶囊', '控释胶囊',
  '口服混悬液', '口服溶液', '口服乳剂', '吸入溶液', '吸入粉剂', '缓释颗粒', '肠溶颗粒', '缓释片', '控释片',
  '肠溶片', '分散片', '咀嚼片', '口崩片', '泡腾片', '薄膜衣片', '含片', '舌下片', '阴道片', '阴道栓',
  '软胶囊', '硬胶囊', '胶囊', '颗粒', '注射液', '注射剂', '输液', '混悬液', '混悬剂', '滴眼液', '眼用凝胶',
  '眼膏', '滴耳液', '滴鼻液', '鼻喷雾剂', '喷雾剂', '气雾剂', '粉雾剂', '乳膏', '软膏', '凝胶', '贴剂', '贴片',
  '溶液', '糖浆', '口服液', '滴丸', '丸', '散', '栓', '片', '干糖浆', '酊', '搽剂', '洗剂', '粉针剂', '冻干粉针',
].sort((a, b) => b.length - a.length);

/**
 * Form words a user types in a query, each with what it narrows to (matched against 剂型/通用名).
 * "缓释" alone means any 缓释 form; "片" alone means any tablet.
 */
export const QUERY_FORM_WORDS: string[] = [
  ...FORM_WORDS,
  '缓释', '控释', '肠溶', '分散', '咀嚼', '泡腾', '口崩', '注射', '针剂', '滴眼', '眼药水', '干混悬', '混悬', '口服',
  '粉针', '针', '片剂', '胶囊剂', '颗粒剂', '丸剂', '气雾', '喷剂',
].filter((w, i, a) => a.indexOf(w) === i).sort((a, b) => b.length - a.length);

/** query form word → the string a product's 剂型 or 通用名 must contain */
const FORM_CANON: Record<string, string> = {
  注射: '注射', 针剂: '注射', 针: '注射', 粉针: '注射', 滴眼: '滴眼', 眼药水: '滴眼液', 干混悬: '干混悬',
  软膏: '膏', 乳膏: '膏', 片剂: '片', 胶囊剂: '胶囊', 颗粒剂: '颗粒', 丸剂: '丸', 气雾: '气雾', 喷剂: '喷雾', 口服: '口服',
};

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const HAN_G = /[\u3400-\u9fff\uf900-\ufaff]/g;
export const hasHan = (s: string): boolean => HAN.test(s);

/** Full-width → half-width, lower case, 〔〕（）→ (), collapse spaces. */
export function normalizeText(input: string): string {
  return toHalfWidth(input)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[（〔［【]/g, '(')
    .replace(/[）〕］】]/g, ')')
    .replace(/[，、；;,·•]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Drops bracketed qualifiers: 硝苯地平缓释片(Ⅱ) → 硝苯地平缓释片; 阿莫西林克拉维酸钾片(7:1) too. */
export function stripBrackets(s: string): string {
  return s.replace(/\([^)]*\)/g, '').replace(/[ⅰ-ⅻⅠ-Ⅻ]/g, '').trim();
}

/** Splits the trailing dosage form off a 通用名: 盐酸二甲双胍缓释片 → [盐酸二甲双胍, 缓释片]. */
export function splitForm(name: string): { base: string; form: string | null } {
  let s = stripBrackets(normalizeText(name)).replace(/\s+/g, '');
  if (s.startsWith('注射用') || s.startsWith('吸入用')) s = s.slice(3);
  for (const f of FORM_WORDS) {
    if (s.endsWith(f) && s.length > f.length + 1) return { base: s.slice(0, -f.length), form: f };
  }
  return { base: s, form: null };
}

/**
 * The ingredient stem: the name without salt and form words, e.g. 苯磺酸氨氯地平片 → 氨氯地平,
 * 阿托伐他汀钙片 → 阿托伐他汀, 硫酸氢氯吡格雷片 → 氯吡格雷. A strip that would leave fewer than two
 * characters is not made (碳酸钙 stays 碳酸钙, 氯化钾 stays 氯化钾).
 */
export function ingredientStem(genericName: string): string {
  let s = splitForm(genericName).base.replace(HYDRATES, '');
  for (const p of SALT_PREFIXES) {
    if (s.startsWith(p) && s.length - p.length >= 2 && !/^[钙钠钾镁锌铋铁铝锂]+$/.test(s.slice(p.length))) {
      s = s.slice(p.length);
      break;
    }
  }
  for (const p of SALT_SUFFIXES) {
    if (s.endsWith(p) && s.length - p.length >= 3 && !/([钙钠钾镁锌铋铁铝锂]|碳酸|硫酸|磷酸|硝酸|氯化)$/.test(s.slice(0, -p.length))) {
      s = s.slice(0, -p.length);
      break;
    }
  }
  return s;
}

/** Overlapping n-grams of the Han runs of a string. */
export function hanGrams(s: string, n: number): string[] {
  const out: string[] = [];
  for (const run of s.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? []) {
    const chars = [...run];
    for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  }
  return out;
}

/** Toneless pinyin syllables of the Han characters (other characters dropped); ü kept as 'ü'. */
export function syllables(s: string): string[] {
  const han = (s.match(HAN_G) ?? []).join('');
  if (!han) return [];
  return pinyin(han, { toneType: 'none', type: 'array' }).map((x) => x.trim().toLowerCase()).filter(Boolean);
}

/** 'lü' → ['lv', 'lu']; strings without ü → [s]. */
export function uVariants(s: string): string[] {
  return s.includes('ü') ? [s.replace(/ü/g, 'v'), s.replace(/ü/g, 'u')] : [s];
}

/** Pinyin of a name joined from every syllable boundary, ü both as v and u: 氨氯地平 → anlvdiping, anludiping, lvdiping… */
export function pinyinSuffixes(s: string): string[] {
  const syl = syllables(s);
  const out = new Set<string>();
  // suffixes of one syllable ('pian', 'xi') only add noise, unless the name is one syllable
  const last = syl.length === 1 ? 1 : syl.length - 1;
  for (let i = 0; i < last; i++) for (const v of uVariants(syl.slice(i).join(''))) out.add(v);
  return [...out];
}

/** Initials from every syllable boundary: 氨氯地平 → aldp, ldp, dp (single letters dropped). */
export function initialsSuffixes(s: string): string[] {
  const ini = syllables(s).map((x) => x[0] ?? '').join('');
  const out: string[] = [];
  for (let i = 0; i + 2 <= ini.length; i++) out.push(ini.slice(i));
  return out;
}

/** Whole-name pinyin (used for Han queries, to catch homophone slips like 氨録地平). */
export function pinyinOf(s: string): string {
  return syllables(s).join('').replace(/ü/g, 'v');
}

// ---------------------------------------------------------------------------------------------
// Strengths: 5mg / 5 mg / 5毫克 / 0.5g / 500μg / 40万单位 → a canonical value in one base unit.

export interface Strength {
  /** value in the base unit of its dimension (mg for mass, ml for volume, iu for units, % as is) */
  value: number;
  unit: 'mg' | 'ml' | 'iu' | '%';
}

const UNIT_FACTORS: Record<string, [number, Strength['unit']]> = {
  mg: [1, 'mg'], 毫克: [1, 'mg'], g: [1000, 'mg'], 克: [1000, 'mg'], μg: [0.001, 'mg'], ug: [0.001, 'mg'],
  mcg: [0.001, 'mg'], 微克: [0.001, 'mg'], ml: [1, 'ml'], 毫升: [1, 'ml'], l: [1000, 'ml'],
  iu: [1, 'iu'], u: [1, 'iu'], 单位: [1, 'iu'], 万单位: [10000, 'iu'], 万iu: [10000, 'iu'], '%': [1, '%'],
};
const STRENGTH_RE = /(\d+(?:\.\d+)?)\s*(万单位|万iu|毫克|微克|毫升|单位|mcg|mg|μg|ug|ml|iu|g|克|l|u|%)(?![a-z])/g;

/** All strengths written in a text (a spec like "0.5g:5ml" gives two). */
export function parseStrengths(text: string): Strength[] {
  const s = normalizeText(text).replace(/µ/g, 'μ');
  const out: Strength[] = [];
  for (const m of s.matchAll(STRENGTH_RE)) {
    const f = UNIT_FACTORS[m[2]!];
    if (!f) continue;
    out.push({ value: Math.round(Number(m[1]) * f[0] * 1e6) / 1e6, unit: f[1] });
  }
  return out;
}

export const sameStrength = (a: Strength, b: Strength): boolean => a.unit === b.unit && Math.abs(a.value - b.value) < 1e-9;

// ---------------------------------------------------------------------------------------------
// Queries

export interface ParsedQuery {
  /** normalised full query (half-width, lower case, single spaces) */
  normalized: string;
  /** the name part: forms and strengths removed, no spaces (what is matched against names) */
  text: string;
  /** canonical form fragments the product's 剂型/通用名 must contain, e.g. ['缓释'] */
  forms: string[];
  strengths: Strength[];
  /** Han bigrams of `text` */
  bigrams: string[];
  /** pinyin of the Han part of `text` ('' when none) */
  pinyin: string;
  /** `text` is Latin letters only (pinyin or initials typed) */
  latin: boolean;
}

function formCanon(w: string): string {
  return FORM_CANON[w] ?? w;
}

/**
 * Normalises a query and parses out form words and strengths so they can narrow products inside a
 * group: "二甲双胍 缓释" → text 二甲双胍, forms [缓释]; "氨氯地平 5mg" → strengths [5 mg].
 * A form word is only taken off the end of a Han run (so 散 inside a name stays) and never when it
 * would leave nothing to search for.
 */
export function parseQuery(q: string): ParsedQuery {
  const normalized = normalizeText(q);
  const strengths = parseStrengths(normalized);
  let rest = normalized.replace(STRENGTH_RE, ' ').replace(/[×x*]\s*\d+\s*(片|粒|袋|支|瓶|盒)?/g, ' ');
  const forms: string[] = [];
  const parts = rest.split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  for (let part of parts) {
    if (part.startsWith('注射用') && part.length > 4) {
      forms.push('注射');
      part = part.slice(3);
    }
    // peel form words off the end of this word, repeatedly (阿莫西林胶囊 → 阿莫西林 + 胶囊)
    let peeled = true;
    while (peeled) {
      peeled = false;
      for (const f of QUERY_FORM_WORDS) {
        if (part.endsWith(f)) {
          const remaining = part.slice(0, -f.length);
          const othersHaveText = kept.some((k) => k.length > 0) || parts.length > 1;
          if (remaining.length >= 2 || (remaining.length === 0 && othersHaveText)) {
            forms.push(formCanon(f));
            part = remaining;
            peeled = remaining.length > 0;
            break;
          }
        }
      }
    }
    if (part) kept.push(part);
  }
  rest = kept.join('').replace(/[()[\]{}<>"'`~!@#$^&+=|\\/:?.。!?"“”‘’《》-]/g, '');
  const text = rest || normalized.replace(/\s+/g, '');
  return parsedQuery({ normalized, text, forms: [...new Set(forms)], strengths, bigrams: [...new Set(hanGrams(text, 2))], latin: /^[a-z]+$/.test(text) });
}

/**
 * A parsed query whose `pinyin` (of `text`) is worked out on first use: only a query no name contains
 * needs it (homophones, Meilisearch's pinyin part), and pinyin-pro was a quarter of a prefix query's cost.
 * `pinyinOfText`, when given, is its source (a query rebuilt from another keeps that one's pinyin).
 */
export function parsedQuery(fields: Omit<ParsedQuery, 'pinyin'>, pinyinOfText?: () => string): ParsedQuery {
  let pinyin: string | undefined;
  return {
    ...fields,
    get pinyin() {
      return (pinyin ??= pinyinOfText ? pinyinOfText() : pinyinOf(fields.text));
    },
  };
}

/** Does a product (by 剂型 and 通用名) have every form the query asked for? */
/**
 * A small memo for the pure parsers the ranking runs on every candidate product of every query (a
 * product's 剂型/通用名 normalised, its 规格 parsed): the catalog repeats a few thousand strings, so each is
 * parsed once instead of per query. Emptied when full.
 */
function memo<T>(limit: number, f: (k: string) => T): (k: string) => T {
  const m = new Map<string, T>();
  return (k) => {
    let v = m.get(k);
    if (v === undefined) {
      if (m.size >= limit) m.clear();
      v = f(k);
      m.set(k, v);
    }
    return v;
  };
}
const formHaystack = memo(20_000, normalizeText);
const specStrengths = memo(20_000, (spec: string): readonly Strength[] => parseStrengths(spec));

export function matchesForms(forms: string[], dosageForm: string, genericName: string): boolean {
  const hay = formHaystack(`${dosageForm} ${genericName}`);
  return forms.every((f) => {
    if (f === '片') return /片/.test(hay);
    if (f === '口服') return /口服|片|胶囊|颗粒|丸|散|干混悬/.test(hay);
    return hay.includes(f);
  });
}

/** Does a product's 规格 contain every strength the query asked for? */
export function matchesStrengths(strengths: Strength[], spec: string): boolean {
  if (strengths.length === 0) return true;
  const have = specStrengths(spec);
  return strengths.every((s) => have.some((h) => sameStrength(h, s)));
}
