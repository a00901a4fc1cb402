import { describe, expect, it } from 'vitest';
import { aliasesFor, deriveSearchKeys, ingredientStem, matchesStrengths, parseQuery, pinyinSuffixes, initialsSuffixes } from '../src/search/index.js';

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
  const k = deriveSearchKeys({ genericName: '苯磺酸氨氯地平片', productName: '苯磺酸氨氯地平片', dosageForm: '片剂', spec: '5mg', brandName: null });
  it('carries brand aliases keyed by stem, pinyin with ü as v and u, initials', () => {
    expect(k.aliases).toContain('络活喜');
    expect(k.pinyin).toEqual(expect.arrayContaining(['anlvdipingpian', 'anludipingpian', 'luohuoxi']));
    expect(k.initials).toContain('aldpp');
    expect(k.grams).toEqual(expect.arrayContaining(['氨氯', '氨氯地']));
  });
  it('applies form-bound aliases to that form only', () => {
    expect(aliasesFor('硝苯地平', '片剂', '硝苯地平控释片')).toContain('拜新同');
    expect(aliasesFor('硝苯地平', '片剂', '硝苯地平片')).not.toContain('拜新同');
  });
  it('pinyin and initials start at every syllable', () => {
    expect(pinyinSuffixes('氯吡格雷')).toEqual(expect.arrayContaining(['lvbigelei', 'lubigelei', 'bigelei', 'gelei']));
    expect(initialsSuffixes('氯吡格雷')).toEqual(['lbgl', 'bgl', 'gl']);
  });
});
