/**
 * The real stack for the e2e suite, built the one way the server is built: a fresh migrated SQLite
 * file, the bundled Meilisearch, the demo bureau files published through the real ingest, the search
 * index rebuilt, and `buildApp()` serving the H5 build (miniapp/dist/h5) at / on a free port.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp, type App } from '@yaojia/server';
import { loadConfig } from '@yaojia/server/config';
import { openDb, type Db } from '@yaojia/server/db/client';
import { writeDemoFiles } from '@yaojia/server/demo/generate';
import { publishFile } from '@yaojia/server/ingest/index';
import { startMeilisearch } from '@yaojia/server/search/meili-process';
import { openSearch } from '@yaojia/server/search/open';

export const ROOT = resolve(import.meta.dirname, '../..');
export const H5_DIR = join(ROOT, 'miniapp/dist/h5');

export interface Stack {
  url: string;
  app: App;
  db: Db;
  close(): Promise<void>;
}

const KIND_ORDER = { catalog: 0, institutions: 1, prices: 2, listed: 3 } as const;

export async function startStack(opts: { h5Dir?: string } = {}): Promise<Stack> {
  const h5Dir = opts.h5Dir ?? H5_DIR;
  if (!existsSync(join(h5Dir, 'index.html'))) {
    throw new Error(`no H5 build at ${h5Dir}: run \`pnpm --filter @yaojia/miniapp build:h5\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'yaojia-e2e-'));
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch {
        // keep closing the rest
      }
    }
  };
  try {
    const meili = await startMeilisearch({ dataDir: join(dir, 'meili') });
    cleanups.push(() => meili.stop());

    const dbFile = join(dir, 'yaojia.sqlite');
    const db = await openDb(dbFile);
    cleanups.push(() => db.close());

    const files = (await writeDemoFiles(join(dir, 'demo-files'))).sort(
      (a, b) => a.region.localeCompare(b.region) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
    );
    for (const f of files) {
      const r = await publishFile(db, { file: f.path, kind: f.kind, region: f.region, publisher: 'e2e' });
      if (r.status !== 'published') throw new Error(`demo ${f.region} ${f.kind}: ${r.status} ${r.message ?? ''}`);
    }

    const search = openSearch(loadConfig({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey }), db, { indexPrefix: 'e2e_' });
    cleanups.push(() => search.close());
    await search.reindexAll();

    const config = loadConfig({
      DATABASE_URL: dbFile,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey,
      H5_DIR: h5Dir,
      REPORT_RATE_LIMIT: '100',
    });
    const app = await buildApp({ config, db, search });
    cleanups.push(() => app.close());
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: address, app, db, close };
  } catch (e) {
    await close();
    throw e;
  }
}
