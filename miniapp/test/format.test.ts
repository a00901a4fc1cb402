import { describe, expect, it } from 'vitest';
import { formatDate, formatDistance, formatFreshness, formatRatio, packText, shortMaker, unitPriceText, yuanText } from '../src/lib/format';

const now = new Date('2026-11-23T12:00:00Z');

describe('formatFreshness', () => {
  it.each([
    ['2026-11-23T11:30:00Z', '刚刚更新'],
    ['2026-11-23T02:00:00Z', '今天更新'],
    ['2026-11-22T10:00:00Z', '昨天更新'],
    ['2026-11-20T12:00:00Z', '3 天前更新'],
    ['2026-09-20T12:00:00Z', '2 个月前更新'],
    ['2024-11-01T12:00:00Z', '2 年前更新'],
    ['not a date', '更新时间未知'],
  ])('%s → %s', (iso, expected) => {
    expect(formatFreshness(iso, now)).toBe(expected);
  });
});

describe('formatDistance', () => {
  it('uses metres under a kilometre, rounded to 10 m', () => {
    expect(formatDistance(0.347)).toBe('350 米');
    expect(formatDistance(0.001)).toBe('10 米');
  });
  it('uses one decimal under 10 km and whole km above', () => {
    expect(formatDistance(1.234)).toBe('1.2 公里');
    expect(formatDistance(12.6)).toBe('13 公里');
  });
  it('says so when unknown', () => {
    expect(formatDistance(null)).toBe('距离未知');
    expect(formatDistance(Number.NaN)).toBe('距离未知');
  });
});

describe('money and dates', () => {
  it('prints yuan strings as given', () => {
    expect(yuanText('12.50')).toBe('¥12.50');
    expect(yuanText(null)).toBe('—');
    expect(unitPriceText('0.12', '片')).toBe('每片 ¥0.12');
  });
  it('prints dates in China time', () => {
    expect(formatDate('2026-11-22T17:00:00Z')).toBe('2026年11月23日');
    expect(formatDate(null)).toBe('暂无');
  });
  it('signs ratios', () => {
    expect(formatRatio(0.153)).toBe('+15%');
    expect(formatRatio(-0.05)).toBe('-5%');
    expect(formatRatio(0)).toBe('0%');
  });
});

describe('pack and maker, so two prices are compared like for like', () => {
  it('writes the pack a price is for', () => {
    expect(packText({ conversionRatio: 28, unit: '片', packUnit: '盒' })).toBe('28片/盒');
    expect(packText({ conversionRatio: 60, unit: '片', packUnit: '瓶' })).toBe('60片/瓶');
  });
  it('shortens a maker to the name people use', () => {
    expect(shortMaker('浙江京新药业股份有限公司')).toBe('京新药业');
    expect(shortMaker('石药集团欧意药业有限公司')).toBe('石药欧意药业');
    expect(shortMaker('施慧达药业集团（吉林）有限公司')).toBe('施慧达药业');
  });
});


describe('a brand is not the generic', () => {
  it('says what a searched name is from the server\'s alias answer, with no brand table of its own', async () => {
    const { brandNotice } = await import('../src/lib/brand');
    const g = { genericName: '苯磺酸氨氯地平片', brandNames: [] };
    const original = { ...g, alias: { name: '络活喜', kind: 'original' as const, maker: '辉瑞', ingredient: '氨氯地平' } };
    expect(brandNotice('络活喜', original)).toBe('络活喜是原研药（辉瑞），不是集采中选药品；以下是同成分（氨氯地平）的集采药品');
    const brand = { ...g, alias: { name: '施慧达', kind: 'brand' as const, maker: null, ingredient: '氨氯地平' } };
    expect(brandNotice('施慧达', brand)).toBe('施慧达是商品名，不是以下集采中选药品；以下是同成分（氨氯地平）的集采药品');
    const old = { genericName: '硝苯地平片', brandNames: [], alias: { name: '心痛定', kind: 'alias' as const, maker: null, ingredient: '硝苯地平' } };
    expect(brandNotice('心痛定', old)).toBe('心痛定是硝苯地平的别名（俗名或曾用名）；以下是该成分的集采药品');
    // the server said nothing about the name (the old client table knew 络活喜; now only the data does)
    expect(brandNotice('络活喜', g)).toMatch(/^“络活喜”不是以下集采药品的名称/);
    expect(brandNotice('氨氯地平', original)).toBeNull();
    expect(brandNotice('adp', g)).toBeNull();
    expect(brandNotice('玄宁', { genericName: '马来酸左旋氨氯地平片', brandNames: ['玄宁'] })).toBeNull();
  });
});
