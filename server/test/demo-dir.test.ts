import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { demoFilesDir } from '../src/demo/publish.js';

// Issue 13, finding 9: `pnpm admin demo` wrote into the checkout's data/demo-files whatever DATABASE_URL said.
const CHECKOUT_DATA = resolve(import.meta.dirname, '../../data');

it('demo files go beside the SQLite file they are published into, or a temp folder for PostgreSQL, never the checkout for another database', () => {
  const elsewhere = join(tmpdir(), 'some-deployment', 'yaojia.sqlite');
  expect(demoFilesDir(loadConfig({ DATABASE_URL: elsewhere }))).toBe(join(tmpdir(), 'some-deployment', 'demo-files'));
  expect(demoFilesDir(loadConfig({ DATABASE_URL: `sqlite://${elsewhere}` }))).toBe(join(tmpdir(), 'some-deployment', 'demo-files'));
  const pg = demoFilesDir(loadConfig({ DATABASE_URL: 'postgres://u:p@db.example:5432/yaojia' }));
  expect(pg.startsWith(tmpdir())).toBe(true);
  for (const dir of [pg, demoFilesDir(loadConfig({ DATABASE_URL: elsewhere }))]) expect(dir.startsWith(CHECKOUT_DATA)).toBe(false);
});
