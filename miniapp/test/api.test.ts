import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from '../src/api/errors';
import { buildQuery, buildUrl } from '../src/api/url';
import { buildOffersQuery, DEFAULT_FILTERS } from '../src/lib/offers-query';
import { param, routes } from '../src/lib/routes';

describe('URL building', () => {
  it('encodes Chinese and drops empty values and false flags', () => {
    expect(buildQuery({ q: '氨氯地平', region: null, limit: 20, badgedOnly: false, x: undefined, y: '' })).toBe(
      '?q=%E6%B0%A8%E6%B0%AF%E5%9C%B0%E5%B9%B3&limit=20',
    );
    expect(buildQuery({})).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
  it('joins base and path: same origin on H5, absolute on weapp', () => {
    expect(buildUrl('', '/api/v1/regions')).toBe('/api/v1/regions');
    expect(buildUrl('http://127.0.0.1:3000/', '/health')).toBe('http://127.0.0.1:3000/health');
  });
  it('builds the offers URL with rounded coordinates', () => {
    const q = buildOffersQuery({ code: 'C1', region: 'shanxi' }, { ...DEFAULT_FILTERS, badgedOnly: true }, { lat: 37.8705912, lng: 112.5489 });
    expect(buildUrl('', '/api/v1/offers', q)).toBe(
      '/api/v1/offers?sort=distance&limit=20&offset=0&code=C1&region=shanxi&lat=37.871&lng=112.549&radiusKm=10&badgedOnly=true',
    );
  });
});

describe('errors', () => {
  it('passes 4xx messages through and hides 5xx', () => {
    const e400 = toApiError(400, { error: 'Bad Request', message: 'q 不能为空' });
    expect(e400.message).toBe('q 不能为空');
    expect(e400.retryable).toBe(false);
    const e500 = toApiError(500, { error: 'Internal', message: 'SQLITE_BUSY at …' });
    expect(e500.message).toBe('服务暂时不可用，请稍后重试');
    expect(e500.retryable).toBe(true);
    expect(toApiError(404, { error: 'Not Found', message: 'institution 9 not found' }).message).toBe('没有找到相关信息');
    // the drug lookup's 404 names the kind of code it recognised: shown as the server wrote it
    expect(toApiError(404, { error: 'Not Found', message: '这是追溯码，但本地区目录中没有该药品', kind: 'trace' }).message).toBe('这是追溯码，但本地区目录中没有该药品');
    expect(toApiError(429, 'x').retryable).toBe(true);
    expect(new ApiError('x', 0, 'NETWORK').retryable).toBe(true);
  });
});

describe('routes', () => {
  it('builds page URLs with encoded params and reads them back', () => {
    const url = routes.offers({ code: 'C1', title: '苯磺酸氨氯地平片 5mg' });
    expect(url.startsWith('/pages/offers/index?code=C1&title=')).toBe(true);
    const encoded = url.split('title=')[1] as string;
    expect(param({ title: encoded }, 'title')).toBe('苯磺酸氨氯地平片 5mg');
    expect(param({ title: '已解码' }, 'title')).toBe('已解码');
    expect(param({ title: '100%' }, 'title')).toBe('100%');
    expect(param({}, 'title')).toBeUndefined();
  });
});
