import { expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

it('reads REPORT_RATE_LIMIT and SEARCH_CACHE_SIZE into the typed config, with their defaults', () => {
  expect(loadConfig({})).toMatchObject({ reportRateLimit: 10, searchCacheSize: 2000 });
  expect(loadConfig({ REPORT_RATE_LIMIT: '3', SEARCH_CACHE_SIZE: '0' })).toMatchObject({ reportRateLimit: 3, searchCacheSize: 0 });
});

it('refuses a rate limit or cache size that is not a whole number in range, naming the variable', () => {
  for (const [name, value] of [
    ['REPORT_RATE_LIMIT', 'ten'],
    ['REPORT_RATE_LIMIT', '0'],
    ['SEARCH_CACHE_SIZE', '-1'],
    ['SEARCH_CACHE_SIZE', '1.5'],
  ] as const) {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  }
});

it('API_WORKERS: a count, or auto for one process per core', async () => {
  const { availableParallelism } = await import('node:os');
  expect(loadConfig({}).apiWorkers).toBe(1);
  expect(loadConfig({ API_WORKERS: '3' }).apiWorkers).toBe(3);
  expect(loadConfig({ API_WORKERS: 'auto' }).apiWorkers).toBe(Math.min(64, availableParallelism()));
  for (const bad of ['0', 'many', '65']) expect(() => loadConfig({ API_WORKERS: bad })).toThrow('API_WORKERS');
});

it('MEILI_INDEX_PREFIX: each deployment sharing one Meilisearch names its own index; the API and the CLIs use it', async () => {
  const { openSearch } = await import('../src/search/open.js');
  const { tempDb } = await import('./helper.js');
  expect(loadConfig({}).meiliIndexPrefix).toBe('yaojia_');
  const t = await tempDb();
  try {
    const config = loadConfig({ MEILI_INDEX_PREFIX: 'ningxia_' });
    const search = openSearch(config, t.db);
    expect(search.indexUid).toBe('ningxia_products');
    // the app's search plugin passes its own (undefined) prefix through: the configured one still holds
    const viaPlugin = openSearch(config, t.db, { indexPrefix: undefined });
    expect(viaPlugin.indexUid).toBe('ningxia_products');
    await search.close();
    await viaPlugin.close();
  } finally {
    await t.cleanup();
  }
  for (const bad of ['Yaojia', 'a-b', 'x'.repeat(41), '产品']) expect(() => loadConfig({ MEILI_INDEX_PREFIX: bad })).toThrow('MEILI_INDEX_PREFIX');
});
