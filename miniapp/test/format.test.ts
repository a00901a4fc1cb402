import { describe, expect, it } from 'vitest';
import { formatDate, formatDistance, formatFreshness, formatRatio, formatUnitPrice, formatYuan } from '../src/lib/format';

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
    expect(formatYuan('12.50')).toBe('¥12.50');
    expect(formatYuan(null)).toBe('—');
    expect(formatUnitPrice('0.12', '片')).toBe('每片 ¥0.12');
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
