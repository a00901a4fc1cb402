import { describe, expect, it } from 'vitest';
import { buildChart } from '../src/lib/chart';
import { pushRecent } from '../src/lib/recent';
import { validateReport } from '../src/lib/report';

describe('recent searches', () => {
  it('puts the newest first, dedupes, trims and caps', () => {
    let l: string[] = [];
    for (const t of ['a', 'b', ' a ', 'c', '']) l = pushRecent(l, t, 3);
    expect(l).toEqual(['c', 'a', 'b']);
    expect(pushRecent(['1', '2', '3'], '4', 3)).toEqual(['4', '1', '2']);
  });
});

describe('price chart model', () => {
  const items = [
    { sellingPrice: '13.00', observedAt: '2026-10-01T00:00:00Z' },
    { sellingPrice: '11.50', observedAt: '2026-09-01T00:00:00Z' },
    { sellingPrice: '12.00', observedAt: '2026-11-01T00:00:00Z' },
  ];
  it('orders by time and marks prices above the 中选价', () => {
    const c = buildChart(items, '12.00');
    expect(c.points.map((p) => p.price)).toEqual([11.5, 13, 12]);
    expect(c.points.map((p) => p.aboveReference)).toEqual([false, true, false]);
    expect(c.points[1]!.heightPct).toBe(100);
    expect(c.referencePct).toBeGreaterThan(c.points[0]!.heightPct);
    expect(c.referencePct).toBeLessThan(100);
  });
  it('draws from zero: heights are proportional to prices, a price equal to the 中选价 meets its line', () => {
    const c = buildChart(items, '12.00');
    // 11.50 / 13.00 of the plot, not "half the range below the lowest value"
    expect(c.points[0]!.heightPct).toBeCloseTo((11.5 / 13) * 100, 0);
    expect(c.points[2]!.heightPct).toBe(c.referencePct);
    // +26 % is drawn 1.26× as tall, not 2.5×
    const d = buildChart([{ sellingPrice: '1.26', observedAt: '2026-11-02T00:00:00Z' }, { sellingPrice: '1.00', observedAt: '2026-11-01T00:00:00Z' }], '1.00');
    expect(d.points[1]!.heightPct / d.points[0]!.heightPct).toBeCloseTo(1.26, 2);
  });
  it('handles a single flat series', () => {
    const c = buildChart([{ sellingPrice: '5.00', observedAt: '2026-11-01T00:00:00Z' }], '5.00');
    expect(c.points).toHaveLength(1);
    expect(c.points[0]!.heightPct).toBe(100);
    expect(c.referencePct).toBe(100);
  });
});

describe('validateReport', () => {
  it('requires a kind and a price for price_mismatch', () => {
    expect(validateReport(3, 'C1', { kind: null, observedPrice: '', note: '' })).toEqual({ ok: false, message: '请选择问题类型' });
    expect(validateReport(3, 'C1', { kind: 'price_mismatch', observedPrice: '', note: '' }).ok).toBe(false);
    expect(validateReport(3, 'C1', { kind: 'price_mismatch', observedPrice: '12.345', note: '' }).ok).toBe(false);
    expect(validateReport(0, 'C1', { kind: 'out_of_stock', observedPrice: '', note: '' }).ok).toBe(false);
  });
  it('builds the API body, leaving out empty fields', () => {
    expect(validateReport(3, 'C1', { kind: 'price_mismatch', observedPrice: '15.5', note: '  店员说涨价了 ' })).toEqual({
      ok: true,
      body: { institutionId: 3, productCode: 'C1', kind: 'price_mismatch', observedPrice: '15.5', note: '店员说涨价了' },
    });
    expect(validateReport(3, undefined, { kind: 'refused_sale', observedPrice: '', note: '' })).toEqual({ ok: true, body: { institutionId: 3, kind: 'refused_sale' } });
  });
});

describe('focusFirst and regionLabel', async () => {
  const { focusFirst } = await import('../src/lib/focus');
  const { regionLabel } = await import('../src/lib/regions');
  it('moves the queried product to the top, keeping the rest in order', () => {
    const items = ['a', 'b', 'c'].map((code) => ({ product: { code } }));
    expect(focusFirst(items, 'c').map((i) => i.product.code)).toEqual(['c', 'a', 'b']);
    expect(focusFirst(items, undefined).map((i) => i.product.code)).toEqual(['a', 'b', 'c']);
  });
  it('labels regions without repeating the city', () => {
    expect(regionLabel({ name: '沈阳市（联盟）', center: { city: '沈阳市', lat: 0, lng: 0 } })).toBe('沈阳市（联盟）');
    expect(regionLabel({ name: '山西省', center: { city: '太原市', lat: 0, lng: 0 } })).toBe('太原市 · 山西省');
  });
});

describe('institution list order and filter', () => {
  it('sorts by pinyin, not code point, and filters by name, 规格 or maker', async () => {
    const { byPinyin, filterOffers } = await import('../src/lib/sort');
    const names = ['盐酸二甲双胍片', '阿莫西林胶囊', '苯磺酸氨氯地平片', '奥美拉唑肠溶胶囊'];
    expect(byPinyin(names, (n) => n)).toEqual(['阿莫西林胶囊', '奥美拉唑肠溶胶囊', '苯磺酸氨氯地平片', '盐酸二甲双胍片']);
    const offers = names.map((name) => ({ product: { name, spec: '5mg', maker: '京新' } }));
    expect(filterOffers(offers, '氨氯').map((o) => o.product.name)).toEqual(['苯磺酸氨氯地平片']);
    expect(filterOffers(offers, '  ')).toHaveLength(4);
  });
});
