import { describe, expect, it } from 'vitest';
import type { ComplianceResponse, MyOffer } from '@yaojia/shared';
import { requestHeaders } from '../src/api/url';
import {
  buildOfferPatch,
  chinaDay,
  fieldErrorsFromApi,
  formFromOffer,
  normalizeToken,
  offerFlags,
  orderChecklist,
  priceChecks,
  tokenProblem,
  validateShortage,
  yuanProblem,
  type OfferEditForm,
} from '../src/lib/pharmacy';
import { routes } from '../src/lib/routes';

const TOKEN = 'yjt_7QiBZgCMnLQ8BGIxkgexixQgO9j9EN5bAIc0KJeX9b4';

describe('request headers', () => {
  it('adds the bearer token only when given, and the JSON type only with a body', () => {
    expect(requestHeaders({})).toEqual({});
    expect(requestHeaders({ token: TOKEN })).toEqual({ Authorization: `Bearer ${TOKEN}` });
    expect(requestHeaders({ body: { a: 1 }, token: TOKEN })).toEqual({ 'content-type': 'application/json', Authorization: `Bearer ${TOKEN}` });
  });
});

describe('token paste', () => {
  it('drops spaces, line breaks and a pasted "Bearer " prefix', () => {
    expect(normalizeToken(`  ${TOKEN}\n`)).toBe(TOKEN);
    expect(normalizeToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(normalizeToken(`yjt_7QiB ZgCM\nnLQ8`)).toBe('yjt_7QiBZgCMnLQ8');
  });
  it('says what is wrong before any request', () => {
    expect(tokenProblem('')).toMatch(/请粘贴/);
    expect(tokenProblem('abc')).toMatch(/yjt_/);
    // a short paste that does start right is told it is incomplete, not that it should start with yjt_
    expect(tokenProblem('yjt_short')).toMatch(/不完整/);
    expect(tokenProblem('yjt_short')).not.toMatch(/开头/);
    expect(tokenProblem(TOKEN)).toBeNull();
  });
});

describe('price text never guessed', () => {
  it('names a comma and a minus instead of reading 283 or 1', () => {
    expect(yuanProblem('2,83')).toMatch(/小数点/);
    expect(yuanProblem('2，83')).toMatch(/小数点/);
    expect(yuanProblem('-1')).toBe('价格不能是负数');
    expect(yuanProblem('2.83')).toBeNull();
  });

  it('asks before saving above the cap (naming the rule) or a change beyond ×3 / ÷3', () => {
    const o = { sellingPrice: '5.00', markup: { cap: '5.00', rule: { name: '零售药店不高于中选价销售' } } };
    expect(priceChecks('5.00', o)).toEqual([]);
    expect(priceChecks('5.50', o)).toEqual([expect.stringContaining('（零售药店不高于中选价销售）')]);
    expect(priceChecks('1.60', o)).toEqual([expect.stringContaining('相差 3 倍以上')]);
    expect(priceChecks('1.70', o)).toEqual([]);
    expect(priceChecks('50.00', o)).toHaveLength(2);
  });
});

describe('price edit form', () => {
  const base: OfferEditForm = { sellingPrice: '5.18', onlineSame: true, onlinePrice: '', stockState: 'in_stock', stockCount: '' };

  it('starts from the published offer; 与线下一致 on when the online price equals the selling price', () => {
    expect(formFromOffer({ sellingPrice: '6.90', onlinePrice: '6.90', stock: 'low' })).toEqual({
      sellingPrice: '6.90',
      onlineSame: true,
      onlinePrice: '6.90',
      stockState: 'low',
      stockCount: '',
    });
    expect(formFromOffer({ sellingPrice: '47.00', onlinePrice: '49.35', stock: 'in_stock' }).onlineSame).toBe(false);
    expect(formFromOffer({ sellingPrice: '47.00', onlinePrice: null, stock: 'in_stock' }).onlineSame).toBe(false);
  });

  it('sends the online price as the selling price when 与线下一致, null when left empty', () => {
    expect(buildOfferPatch(base)).toEqual({ ok: true, body: { sellingPrice: '5.18', onlinePrice: '5.18', stockState: 'in_stock' } });
    expect(buildOfferPatch({ ...base, onlineSame: false, onlinePrice: '' })).toEqual({
      ok: true,
      body: { sellingPrice: '5.18', onlinePrice: null, stockState: 'in_stock' },
    });
    expect(buildOfferPatch({ ...base, onlineSame: false, onlinePrice: '5.00', stockCount: '12' })).toEqual({
      ok: true,
      body: { sellingPrice: '5.18', onlinePrice: '5.00', stockState: 'in_stock', stockCount: 12 },
    });
  });

  it('rejects what the API would reject, per field', () => {
    expect(yuanProblem('12.345')).toMatch(/两位小数/);
    expect(yuanProblem('0')).toMatch(/大于 0/);
    expect(yuanProblem('1234567')).toMatch(/格式不对/);
    const r = buildOfferPatch({ ...base, sellingPrice: '12.345', onlineSame: false, onlinePrice: 'abc', stockCount: '1.5' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['onlinePrice', 'sellingPrice', 'stockCount']);
  });

  it('keeps stock state and count consistent (0 ⇔ 暂时缺货), as the API does', () => {
    expect(buildOfferPatch({ ...base, stockState: 'out_of_stock', stockCount: '3' }).ok).toBe(false);
    expect(buildOfferPatch({ ...base, stockState: 'in_stock', stockCount: '0' }).ok).toBe(false);
    expect(buildOfferPatch({ ...base, stockState: 'out_of_stock', stockCount: '0' })).toMatchObject({ ok: true, body: { stockCount: 0 } });
  });

  it('leaves an untouched stock state out, so a price fix keeps the stored stock count', () => {
    expect(buildOfferPatch(base, 'in_stock')).toEqual({ ok: true, body: { sellingPrice: '5.18', onlinePrice: '5.18' } });
    expect(buildOfferPatch({ ...base, stockState: 'low' }, 'in_stock')).toMatchObject({ ok: true, body: { stockState: 'low' } });
  });

  it('maps a 400 message to the field it names', () => {
    expect(Object.keys(fieldErrorsFromApi('body/sellingPrice must match pattern "^\\d{1,6}(\\.\\d{1,2})?$"'))).toEqual(['sellingPrice']);
    expect(Object.keys(fieldErrorsFromApi('onlinePrice must be a price greater than 0 (元), got "0"'))).toEqual(['onlinePrice']);
    expect(fieldErrorsFromApi('stockState out_of_stock contradicts stockCount 3').stockCount).toMatch(/不一致/);
    expect(fieldErrorsFromApi('body must have at least 1 properties')).toEqual({ form: 'body must have at least 1 properties' });
  });
});

describe('listing and checklist', () => {
  it('flags stale offers and offers above the region rule', () => {
    const markup = (status: MyOffer['markup']['status']) => ({ status }) as MyOffer['markup'];
    expect(offerFlags({ stale: false, markup: markup('equal') })).toEqual({ stale: false, aboveRule: false });
    expect(offerFlags({ stale: true, markup: markup('within_rule') })).toEqual({ stale: true, aboveRule: false });
    expect(offerFlags({ stale: false, markup: markup('above_rule') })).toEqual({ stale: false, aboveRule: true });
  });
  it('puts failed items first and keeps the order otherwise', () => {
    const item = (id: string, passed: boolean) => ({ id, passed }) as unknown as ComplianceResponse['items'][number];
    const ordered = orderChecklist([item('varieties', true), item('price_cap', false), item('badge', true), item('stale_prices', false)]);
    expect(ordered.map((i) => i.id)).toEqual(['price_cap', 'stale_prices', 'varieties', 'badge']);
  });
});

describe('shortage report', () => {
  const now = new Date('2026-11-23T18:00:00Z'); // already 24 Nov in China
  it('uses the China day', () => {
    expect(chinaDay(now)).toBe('2026-11-24');
  });
  it('builds the body, upper-casing the code', () => {
    expect(validateShortage({ productCode: ' xc08caa001 ', since: '2026-11-01', evidence: '订单号 123，配送企业答复无货' }, now)).toEqual({
      ok: true,
      body: { productCode: 'XC08CAA001', since: '2026-11-01', evidence: '订单号 123，配送企业答复无货' },
    });
  });
  it('needs a code, a past date and some evidence', () => {
    const r = validateShortage({ productCode: '', since: '2026-12-01', evidence: '无' }, now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['evidence', 'productCode', 'since']);
    const bad = validateShortage({ productCode: 'X1', since: '11/01/2026', evidence: '配送企业答复无货' }, now);
    expect(bad.ok).toBe(false);
  });
});

describe('pharmacy and stats routes', () => {
  it('live in their subpackages', () => {
    expect(routes.pharmacySignIn()).toBe('/subpackages/pharmacy/pages/signin/index');
    expect(routes.pharmacySignIn({ expired: true })).toBe('/subpackages/pharmacy/pages/signin/index?expired=1');
    expect(routes.pharmacyEdit('XC09CAA012')).toBe('/subpackages/pharmacy/pages/edit/index?code=XC09CAA012');
    expect(routes.stats()).toBe('/subpackages/stats/pages/overview/index');
  });
});
