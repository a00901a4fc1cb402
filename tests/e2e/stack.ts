/**
 * The real stack for the e2e suite, built the one way the server is built: a fresh migrated SQLite
 * file, the bundled Meilisearch, the demo published the one way `npm start` does (publishDemo: bureau files through the real ingest, open datasets), the search
 * index rebuilt, and `buildApp()` serving the H5 build (miniapp/dist/h5) at / on a free port.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp, type App } from '@yaojia/server';
import { loadConfig } from '@yaojia/server/config';
import { openDb, type Db } from '@yaojia/server/db/client';
import { publishDemo } from '@yaojia/server/demo/publish';
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

/** `env`: more server settings (e.g. TARO_APP_MAP_TILES), beside the stack's own */
export async function startStack(opts: { h5Dir?: string; env?: Record<string, string> } = {}): Promise<Stack> {
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

    const openDataDir = join(dir, 'open-data');
    const demo = await publishDemo(db, { dir: join(dir, 'demo-files'), publisher: 'e2e', openData: { dir: openDataDir, keep: 12 } });
    if (demo.rejected) throw new Error(`demo ${demo.rejected.region} ${demo.rejected.kind}: ${demo.rejected.message ?? ''}`);

    const search = openSearch(loadConfig({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey }), db, { indexPrefix: 'e2e_' });
    cleanups.push(() => search.close());
    await search.reindexAll();

    const config = loadConfig({
      DATABASE_URL: dbFile,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey,
      H5_DIR: h5Dir,
      OPEN_DATA_DIR: openDataDir,
      REPORT_RATE_LIMIT: '100',
      UPLOAD_DIR: join(dir, 'uploads'),
      ...opts.env,
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
