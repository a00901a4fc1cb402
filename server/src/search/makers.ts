import { normalizeText, stripBrackets } from '@yaojia/shared/search';

/*
 * Makers' short names in a query (issue 17 §1): people type a name, or a name's first characters, with the
 * maker they want — "氨氯地平京新", "阿托 齐鲁", "石药 二甲双胍". The short name is no part of any drug
 * name, so searching the whole string found nothing on the first try and cost a second Meilisearch round
 * trip (pinyin, slipped characters) that found nothing either. Here the maker is recognised from the catalog
 * itself, before Meilisearch is asked: the name part goes to the engine, the maker narrows the answer.
 */

/** Words of a company name that name no maker by themselves (the kind of company). */
const COMPANY_WORDS = [
  '股份有限公司', '有限责任公司', '有限公司', '股份', '集团', '药业', '制药', '医药', '药厂', '大药厂', '总厂', '生物', '科技', '生化',
  '化学', '工业', '实业', '公司', '有限', '责任', '分公司', '制药厂', '药品', '国际', '控股', '技术', '开发', '研究所',
].sort((a, b) => b.length - a.length);

/** The longest short name looked for (正大天晴, 东阳光, 白云山). */
const MAX_TOKEN = 6;

const norm = (s: string) => stripBrackets(normalizeText(s)).replace(/\s+/g, '');

/** The pieces of a company name between its company words: 浙江京新药业股份有限公司 → [浙江京新], 石药集团欧意药业有限公司 → [石药, 欧意]. */
function cores(maker: string): string[] {
  let s = maker;
  for (const w of COMPANY_WORDS) if (s.includes(w)) s = s.split(w).join('|');
  return s.split(/[^\u3400-\u9fff\uf900-\ufaff]+/).filter((x) => x.length >= 2);
}

export interface MakerSplit {
  /** the query without the maker's short name */
  text: string;
  /** the maker's short name as typed (contained in the 生产企业 of the products it means) */
  maker: string;
}

/**
 * The makers of the catalog as short names a query may carry: every 2..6-character piece of a 生产企业
 * between its company words (京新, 石药, 欧意, 扬子江, 正大天晴, 东阳光; a place too: 杭州, 沈阳 — the
 * makers there) that is no piece of any listed drug name (so "地平" or "西林" is never taken for a maker,
 * whatever the makers are).
 */
export class MakerNames {
  private readonly tokens = new Set<string>();

  /** `makers`: every 生产企业 of the listed products; `names`: every name a listed product answers to (normalised). */
  constructor(makers: Iterable<string>, names: Iterable<string>) {
    const inNames = new Set<string>();
    for (const n of names) {
      const chars = [...n];
      for (let i = 0; i < chars.length; i++) for (let len = 2; len <= MAX_TOKEN && i + len <= chars.length; len++) inNames.add(chars.slice(i, i + len).join(''));
    }
    for (const core of new Set([...new Set(makers)].flatMap((m) => cores(norm(m))))) {
      const chars = [...core];
      for (let i = 0; i < chars.length; i++) {
        for (let len = 2; len <= MAX_TOKEN && i + len <= chars.length; len++) {
          const t = chars.slice(i, i + len).join('');
          if (!inNames.has(t)) this.tokens.add(t);
        }
      }
    }
  }

  get size(): number {
    return this.tokens.size;
  }

  /**
   * The maker a query's name part ends (or else starts) with, the longest first, when at least two
   * characters of name remain: "阿托京新" → 阿托 + 京新. Null when there is none, or when the whole text is
   * itself a name (`isName`), so a drug name is never cut.
   */
  split(text: string, isName: (t: string) => boolean): MakerSplit | null {
    const chars = [...text];
    if (chars.length < 4 || isName(text)) return null;
    const longest = Math.min(MAX_TOKEN, chars.length - 2);
    for (let len = longest; len >= 2; len--) {
      const tail = chars.slice(-len).join('');
      if (this.tokens.has(tail)) return { text: chars.slice(0, -len).join(''), maker: tail };
    }
    for (let len = longest; len >= 2; len--) {
      const head = chars.slice(0, len).join('');
      if (this.tokens.has(head)) return { text: chars.slice(len).join(''), maker: head };
    }
    return null;
  }
}

/** A 生产企业 as a maker's short name is looked for in it (normalised, no brackets or spaces). */
export const makerKey = (productMaker: string): string => norm(productMaker);
