import { describe, expect, it } from 'vitest';
import { amountCostText, amountPerUnitMg, comparableCost, dailyCost, dailyCostText, dddFor, defaultMonthlyPacks, unitsPerDay } from '../src/index.js';

describe('amount of active ingredient read from the 规格', () => {
  it.each([
    ['5mg', undefined, 5],
    ['0.5g', undefined, 500],
    ['50μg', undefined, 0.05],
    ['100ml:66.7g', undefined, 66700],
    ['64μg×120喷', undefined, 7.68],
    ['100μg×200揿', undefined, 20],
    ['3%（10g:0.3g）', undefined, 300],
    ['2ml:500μg', undefined, 0.5],
    ['0.375g（阿莫西林0.25g/克拉维酸0.125g）', '阿莫西林', 250],
  ] as const)('%s → %s mg', (spec, component, mg) => {
    expect(amountPerUnitMg(spec, component)).toBeCloseTo(mg, 6);
  });

  it('a combination without a named component has no single amount', () => {
    expect(amountPerUnitMg('150mg/12.5mg')).toBeNull();
    expect(amountPerUnitMg('5ml（妥布霉素15mg/地塞米松5mg）')).toBeNull();
  });
});

describe('cost per day of treatment by the WHO DDD', () => {
  it('ranks 二甲双胍 0.5 g ahead of 0.25 g when a tablet of 0.25 g only looks cheaper', () => {
    // 0.25 g × 48 片 at ¥4.80 (¥0.10 a tablet) against 0.5 g × 60 片 at ¥6.80 (¥0.113 a tablet)
    const small = dailyCost('盐酸二甲双胍片', '0.25g', 480, 48)!;
    const large = dailyCost('盐酸二甲双胍片', '0.5g', 680, 60)!;
    expect(small.unitsPerDay).toBe(8);
    expect(large.unitsPerDay).toBe(4);
    expect(large.fenPerDay).toBeLessThan(small.fenPerDay);
    expect(comparableCost('盐酸二甲双胍片', '0.5g', 680, 60)).toBeLessThan(comparableCost('盐酸二甲双胍片', '0.25g', 480, 48));
  });

  it('writes a day and a month for a card', () => {
    // 氨氯地平 5 mg, 28 片 at ¥2.83: one tablet a day
    expect(dailyCostText('苯磺酸氨氯地平片', '5mg', 283, 28)).toEqual({ day: '约 ¥0.10/天', month: '约 ¥3.03/月' });
  });

  it('counts a weekly tablet as seven days and a combination tablet as one unit dose', () => {
    expect(dailyCost('阿仑膦酸钠片', '70mg', 700, 4)!.unitsPerDay).toBeCloseTo(1 / 7, 9);
    expect(dailyCost('厄贝沙坦氢氯噻嗪片', '150mg/12.5mg', 1316, 28)!.unitsPerDay).toBe(1);
  });

  it('has no DDD for a cream and compares per gram of active ingredient instead', () => {
    expect(dddFor('夫西地酸乳膏')).toBeNull();
    expect(dailyCost('夫西地酸乳膏', '2%（15g:0.3g）', 1500, 1)).toBeNull();
    expect(amountCostText('2%（15g:0.3g）', 1500, 1)).toBe('约 ¥0.05/mg');
  });

  it('does not know a molecule missing from the table', () => {
    expect(dddFor('不存在的药片')).toBeUndefined();
    expect(dailyCostText('不存在的药片', '5mg', 100, 10)).toBeNull();
  });
});

describe('default monthly packs from the daily dose', () => {
  it('ceil(30 × units a day / units a pack), one a day without a DDD', () => {
    expect(unitsPerDay('苯磺酸氨氯地平片', '5mg')).toBe(1);
    expect(defaultMonthlyPacks('苯磺酸氨氯地平片', '5mg', 28)).toEqual({ unitsPerDay: 1, packs: 2 });
    expect(defaultMonthlyPacks('盐酸二甲双胍片', '0.5g', 60)).toEqual({ unitsPerDay: 4, packs: 2 });
    expect(defaultMonthlyPacks('阿仑膦酸钠片', '70mg', 4).packs).toBe(2); // one a week: 30/7 ≈ 4.3 tablets
    expect(unitsPerDay('夫西地酸乳膏', '2%（15g:0.3g）')).toBeNull();
    expect(defaultMonthlyPacks('夫西地酸乳膏', '2%（15g:0.3g）', 1)).toEqual({ unitsPerDay: 1, packs: 30 });
  });
});
