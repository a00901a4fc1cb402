import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loggerOptions } from '../src/logger.js';
import { noSearch, publishTaiyuanFixtures, tempDb } from './helper.js';

const lines: string[] = [];
let app: App;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const t = await tempDb();
  cleanup = t.cleanup;
  await publishTaiyuanFixtures(t.db);
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = { ...(loggerOptions('info') as object), stream };
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url }), db: t.db, search: noSearch, logger: logger as never });
});
afterAll(async () => {
  await app?.close();
  await cleanup?.();
});

it('never logs a citizen’s precise location', async () => {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/offers?generic=${encodeURIComponent('苯磺酸氨氯地平片')}&lat=37.82217&lng=112.56345&radiusKm=5`,
  });
  expect(res.statusCode).toBe(200);
  const log = lines.join('');
  expect(log).toContain('/api/v1/offers'); // the request is logged…
  expect(log).not.toContain('37.82217'); // …without its coordinates
  expect(log).not.toContain('112.56345');
});
