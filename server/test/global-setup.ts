import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMeilisearch } from '../src/search/meili-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    meili: { url: string; masterKey: string };
  }
}

/**
 * vitest globalSetup: ONE bundled Meilisearch for the whole run, in a temp dir on a free port.
 * Tests read it with `inject('meili')` (or process.env.MEILI_URL / MEILI_MASTER_KEY) and isolate
 * themselves with their own SearchService `indexPrefix`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'yaojia-test-meili-'));
  const meili = await startMeilisearch({ dataDir: dir });
  project.provide('meili', { url: meili.url, masterKey: meili.masterKey });
  process.env.MEILI_URL = meili.url;
  process.env.MEILI_MASTER_KEY = meili.masterKey;
  return async () => {
    await meili.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
