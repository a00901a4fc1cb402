import { describe, expect, it } from 'vitest';
import { EMPTY_MY_MEDS, medFromProduct, monthlyPacks, MY_MEDS_MAX, myMedsReducer, quoteRequest } from '../src/lib/my-meds';

const amlodipine = { code: 'X1', title: '苯磺酸氨氯地平片 5mg', conversionRatio: 28, minUnit: '片', packUnit: '盒' };

describe('我的常用药 on the device', () => {
  it('monthly packs start from the daily dose: one 5mg tablet a day needs 2 boxes of 28, 5 boxes of 7', () => {
    expect(monthlyPacks(1, 28)).toBe(2);
    expect(monthlyPacks(1, 7)).toBe(5);
    expect(monthlyPacks(2, 30)).toBe(2);
    expect(monthlyPacks(0.5, 100)).toBe(1);
  });

  it('adds once, edits packs within 1–100, removes, and switches 可换厂家', () => {
    let s = myMedsReducer(EMPTY_MY_MEDS, { type: 'add', med: amlodipine });
    s = myMedsReducer(s, { type: 'add', med: amlodipine });
    expect(s.items).toHaveLength(1);
    expect(s.items[0]!.packs).toBe(2);
    s = myMedsReducer(s, { type: 'packs', code: 'X1', packs: 0 });
    expect(s.items[0]!.packs).toBe(1);
    s = myMedsReducer(s, { type: 'packs', code: 'X1', packs: 500 });
    expect(s.items[0]!.packs).toBe(100);
    expect(s.substitute).toBe(true);
    s = myMedsReducer(s, { type: 'toggleSubstitute' });
    expect(s.substitute).toBe(false);
    s = myMedsReducer(s, { type: 'remove', code: 'X1' });
    expect(s.items).toEqual([]);
  });

  it(`keeps at most ${MY_MEDS_MAX} medicines (the quote's limit)`, () => {
    let s = EMPTY_MY_MEDS;
    for (let i = 0; i < MY_MEDS_MAX + 3; i++) s = myMedsReducer(s, { type: 'add', med: { ...amlodipine, code: `C${i}` } });
    expect(s.items).toHaveLength(MY_MEDS_MAX);
  });

  it('asks for a quote only with a list and a position, with codes, packs and the switch', () => {
    const s = myMedsReducer(EMPTY_MY_MEDS, { type: 'add', med: amlodipine });
    expect(quoteRequest(s, null, 'shanxi', 10)).toBeNull();
    expect(quoteRequest(EMPTY_MY_MEDS, { lat: 37.87, lng: 112.55 }, 'shanxi', 10)).toBeNull();
    expect(quoteRequest(s, { lat: 37.87, lng: 112.55 }, 'shanxi', 10)).toEqual({
      region: 'shanxi', lat: 37.87, lng: 112.55, radiusKm: 10, items: [{ code: 'X1', packs: 2 }], substitute: true,
    });
  });
});

describe('monthly packs from the daily dose (WHO DDD)', () => {
  const p = { code: 'C', name: '苯磺酸氨氯地平片', spec: '5mg', conversionRatio: 28, unit: '片', packUnit: '盒' };
  it('one 5 mg 氨氯地平 a day: 2 boxes of 28; a 10 mg tablet is half a DDD: 1 box of 28', () => {
    const add = (med: ReturnType<typeof medFromProduct>) => myMedsReducer(EMPTY_MY_MEDS, { type: 'add', med }).items[0]!;
    expect(add(medFromProduct(p))).toMatchObject({ unitsPerDay: 1, packs: 2, fromDdd: true });
    expect(add(medFromProduct({ ...p, spec: '10mg' }))).toMatchObject({ unitsPerDay: 0.5, packs: 1 });
  });
  it('二甲双胍 0.25 g (DDD 2 g): 8 tablets a day, 240 a month → 5 boxes of 48', () => {
    const m = myMedsReducer(EMPTY_MY_MEDS, { type: 'add', med: medFromProduct({ ...p, name: '盐酸二甲双胍片', spec: '0.25g', conversionRatio: 48 }) }).items[0]!;
    expect(m).toMatchObject({ unitsPerDay: 8, packs: 5 });
  });
  it('no DDD (a cream, or a molecule not in the table): one unit a day', () => {
    const m = myMedsReducer(EMPTY_MY_MEDS, { type: 'add', med: medFromProduct({ ...p, name: '不存在的药片', conversionRatio: 10 }) }).items[0]!;
    expect(m).toMatchObject({ unitsPerDay: 1, packs: 3, fromDdd: false });
  });
  it('float noise never adds a pack', () => {
    expect(monthlyPacks(0.1, 3)).toBe(1);
    expect(monthlyPacks(1 / 7, 4)).toBe(2);
  });
});
