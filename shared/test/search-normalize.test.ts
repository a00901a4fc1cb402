import { describe, expect, it } from 'vitest';
import {
  aliasesFor,
  buildAliasTable,
  deriveSearchKeys,
  ingredientStem,
  initialsSuffixes,
  isNoiseText,
  matchesStrengths,
  parseQuery,
  pinyinSuffixes,
  scoreKeys,
  substringDistance,
  toScoredKeys,
} from '../src/search/index.js';

describe('ingredientStem', () => {
  it.each([
    ['苯磺酸氨氯地平片', '氨氯地平'], ['阿托伐他汀钙片', '阿托伐他汀'], ['硫酸氢氯吡格雷片', '氯吡格雷'],
    ['盐酸二甲双胍缓释片', '二甲双胍'], ['注射用头孢曲松钠', '头孢曲松'], ['硝苯地平缓释片(Ⅱ)', '硝苯地平'],
    ['枸橼酸铋钾胶囊', '枸橼酸铋钾'], ['铝碳酸镁咀嚼片', '铝碳酸镁'], ['氯化钾缓释片', '氯化钾'],
    ['丙戊酸钠缓释片', '丙戊酸'], ['吸入用布地奈德混悬液', '布地奈德'], ['糠酸莫米松乳膏', '莫米松'],
  ])('%s → %s', (name, stem) => expect(ingredientStem(name)).toBe(stem));
});

describe('parseQuery', () => {
  it('normalises width, case and spaces', () => {
    expect(parseQuery('　ＡＬＤＰ ').text).toBe('aldp');
    expect(parseQuery('ＡＬＤＰ').latin).toBe(true);
  });
  it('parses strengths in every spelling', () => {
    for (const q of ['氨氯地平 5mg', '氨氯地平5 mg', '氨氯地平 5毫克', '氨氯地平０．００５g']) {
      const p = parseQuery(q);
      expect(p.text).toBe('氨氯地平');
      expect(p.strengths).toEqual([{ value: 5, unit: 'mg' }]);
    }
    expect(matchesStrengths(parseQuery('二甲双胍 500mg').strengths, '0.5g')).toBe(true);
  });
  it('parses form words off the name', () => {
    expect(parseQuery('二甲双胍 缓释')).toMatchObject({ text: '二甲双胍', forms: ['缓释'] });
    expect(parseQuery('阿莫西林胶囊')).toMatchObject({ text: '阿莫西林', forms: ['胶囊'] });
    expect(parseQuery('蒙脱石散').text).toBe('蒙脱石');
  });
  it('gives the pinyin of a Han query (homophone slips)', () => {
    expect(pinyinSuffixes('氨氯地平')).toContain(parseQuery('氨録地平').pinyin);
  });
});

describe('derived keys', () => {
  // the table is data (server/data/drug-aliases.csv); two of its rows here
  const table = buildAliasTable([
    { stem: '氨氯地平', name: '络活喜', form: null },
    { stem: '硝苯地平', name: '拜新同', form: '控释' },
  ]);
  const k = deriveSearchKeys({ genericName: '苯磺酸氨氯地平片', productName: '苯磺酸氨氯地平片', dosageForm: '片剂', spec: '5mg', brandName: null }, table);
  it('carries brand aliases keyed by stem, pinyin with ü as v and u, initials', () => {
    expect(k.aliases).toContain('络活喜');
    expect(k.pinyin).toEqual(expect.arrayContaining(['anlvdipingpian', 'anludipingpian', 'luohuoxi']));
    expect(k.initials).toContain('aldpp');
    expect(k.grams).toEqual(expect.arrayContaining(['氨氯', '氨氯地']));
  });
  it('applies form-bound aliases to that form only', () => {
    expect(aliasesFor(table, '硝苯地平', '片剂', '硝苯地平控释片')).toContain('拜新同');
    expect(aliasesFor(table, '硝苯地平', '片剂', '硝苯地平片')).not.toContain('拜新同');
  });
  it('pinyin and initials start at every syllable', () => {
    expect(pinyinSuffixes('氯吡格雷')).toEqual(expect.arrayContaining(['lvbigelei', 'lubigelei', 'bigelei', 'gelei']));
    expect(initialsSuffixes('氯吡格雷')).toEqual(['lbgl', 'bgl', 'gl']);
  });
});

describe('scoreKeys precision', () => {
  const keys = (genericName: string, brandName: string | null = null) =>
    toScoredKeys({ genericName, productName: genericName, dosageForm: '片剂', spec: '5mg', brandName });
  const amlo = keys('苯磺酸氨氯地平片');
  const azi = keys('阿奇霉素片');
  const s = (q: string, k = amlo) => scoreKeys(parseQuery(q), k);

  it('form, salt and 药 words alone name no drug', () => {
    for (const q of ['片', '胶囊', '盐酸', '钠', '缓释片', '盐酸片', '药']) expect(s(q), q).toBe(0);
    expect(isNoiseText('苯磺酸片')).toBe(true);
    expect(isNoiseText('氨氯地平片')).toBe(false);
  });
  it('a single Han character that is no name matches nothing', () => {
    expect(s('氨')).toBe(0);
  });
  it('one slipped character needs ≥ 4 Han characters', () => {
    expect(s('氨氯地苹')).toBeGreaterThan(0); // homophone, via pinyin
    expect(s('苯磺酸氨氯的平')).toBeGreaterThan(0);
    expect(scoreKeys(parseQuery('青霉素'), azi)).toBe(0); // 3 characters, 2 of them in 阿奇霉素: another drug
  });
  it('a pinyin slip does not let short Latin strings match', () => {
    expect(s('anlvdipin')).toBeGreaterThan(0);
    expect(scoreKeys(parseQuery('hello'), keys('瑞格列奈片', '诺和龙'))).toBe(0);
  });
  it('exactOnly keeps exact names only', () => {
    expect(scoreKeys(parseQuery('氨氯地平'), amlo, { exactOnly: true })).toBeGreaterThan(0);
    expect(scoreKeys(parseQuery('氨氯地'), amlo, { exactOnly: true })).toBe(0);
  });
  it('substringDistance: 0 for a substring, 1 for one slip', () => {
    expect(substringDistance('氨氯地平', '苯磺酸氨氯地平片')).toBe(0);
    expect(substringDistance('氨录地平', '苯磺酸氨氯地平片')).toBe(1);
    expect(substringDistance('氨录地苹', '苯磺酸氨氯地平片')).toBe(2);
  });
});
