import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb } from '../src/db/client.js';
import { startMeilisearch } from '../src/search/meili-process.js';
import { startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    meili: { url: string; masterKey: string };
  }
}

/**
 * vitest globalSetup: ONE bundled Meilisearch for the whole run, in a temp dir on a free port.
 * Tests read it with `inject('meili')` (or process.env.MEILI_URL / MEILI_MASTER_KEY) and isolate
 * themselves with their own SearchService `indexPrefix`. The `pg` project's setup also starts PostgreSQL.
 */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startServices(project, { postgres: false });
}

export async function startServices(project: TestProject, opts: { postgres: boolean }): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'yaojia-test-meili-'));
  const meili = await startMeilisearch({ dataDir: dir });
  project.provide('meili', { url: meili.url, masterKey: meili.masterKey });
  process.env.MEILI_URL = meili.url;
  process.env.MEILI_MASTER_KEY = meili.masterKey;
  // the `pg` project (global-setup-pg.ts): one PostgreSQL cluster with a migrated template database;
  // tempDb() (helper.ts) clones it per test
  const postgres = opts.postgres ? await startPostgres({ database: 'yaojia_template' }) : null;
  if (postgres) {
    const db = await openDb(postgres.databaseUrl!);
    await db.close();
    process.env.TEST_PG_URL = postgres.url;
  }
  return async () => {
    await postgres?.stop();
    await meili.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
