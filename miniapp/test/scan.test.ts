import type { DrugLookupResponse, LookupProduct } from '@yaojia/shared';
import { describe, expect, it } from 'vitest';
import { bestSaving, savingText } from '../src/lib/brand';
import { lookupDestination } from '../src/lib/scan';

const product = (code: string, spec: string): LookupProduct =>
  ({ code, name: '苯磺酸氨氯地平片', genericName: '苯磺酸氨氯地平片', spec, conversionRatio: 7, unit: '片', packUnit: '盒' }) as LookupProduct;

describe('scan → where to go', () => {
  it('one product opens its nearby prices; several open their 通用名 results', () => {
    const one: DrugLookupResponse = { kind: 'trace', kindLabel: '追溯码', products: [product('C1', '5mg')], groups: [{ genericName: '苯磺酸氨氯地平片', productCount: 2 }] };
    expect(lookupDestination(one)).toMatch(/^\/pages\/offers\/index\?code=C1&title=/);
    const two = { ...one, kind: 'standard' as const, products: [product('C1', '5mg'), product('C2', '5mg')] };
    expect(lookupDestination(two)).toBe(`/pages/results/index?q=${encodeURIComponent('苯磺酸氨氯地平片')}`);
  });
});

describe('brand saving text', () => {
  it('states the daily dose the saving is counted at', () => {
    expect(savingText({ dailyUnits: 1, unit: '片' }, '96.30')).toBe('换用集采药品，按每日 1 片计，每月约省 ¥96.30');
    expect(savingText({ dailyUnits: 4, unit: '片' }, '12.00')).toBe('换用集采药品，按每日 4 片计，每月约省 ¥12.00');
    expect(savingText({ dailyUnits: null, unit: '片' }, '12.00')).toBe('换用集采药品，每月约省 ¥12.00');
    expect(savingText({ dailyUnits: 1, unit: '片' }, null)).toBeNull();
  });
  it('headlines the largest saving of the group', () => {
    expect(bestSaving({ products: [{ code: 'A', monthlySaving: '9.50' }, { code: 'B', monthlySaving: '80.10' }, { code: 'C', monthlySaving: null }] as never })).toEqual({ code: 'B', saving: '80.10' });
    expect(bestSaving({ products: [{ code: 'A' }] as never })).toBeNull();
  });
});
