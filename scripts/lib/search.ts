import type { Config } from '@yaojia/server/config';
import type { Db } from '@yaojia/server/db/client';

/** The part of server/src/search/service.ts the CLI uses. */
export interface SearchServiceLike {
  reindexAll(): Promise<{ products: number; ms: number }>;
  close(): Promise<void>;
}

interface ServiceModule {
  SearchService: new (opts: { db: Db; meiliUrl: string | null; meiliKey: string | null; indexPrefix?: string }) => SearchServiceLike;
}
interface MeiliModule {
  startMeilisearch(opts: { dataDir: string; port?: number; masterKey?: string }): Promise<{ url: string; masterKey: string; stop(): Promise<void> }>;
}

export class SearchUnavailableError extends Error {}

// specifiers kept in variables: the CLI must still load where the search modules are absent
const SERVICE = '@yaojia/server/search/service';
const MEILI = '@yaojia/server/search/meili-process';

async function load<T>(spec: string): Promise<T> {
  try {
    return (await import(spec)) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      throw new SearchUnavailableError(`search is not available in this build (${spec} not found)`);
    }
    throw e;
  }
}

/**
 * Runs fn with a SearchService: against MEILI_URL/MEILI_MASTER_KEY when configured, else against the
 * bundled Meilisearch started for the duration (data in config.meiliDataDir) and stopped afterwards.
 */
export async function withSearch<T>(config: Config, db: Db, fn: (search: SearchServiceLike) => Promise<T>): Promise<T> {
  const { SearchService } = await load<ServiceModule>(SERVICE);
  let meili: { url: string; masterKey: string; stop(): Promise<void> } | null = null;
  let url = config.meiliUrl;
  let key = config.meiliMasterKey;
  if (!url) {
    const { startMeilisearch } = await load<MeiliModule>(MEILI);
    meili = await startMeilisearch({ dataDir: config.meiliDataDir });
    url = meili.url;
    key = meili.masterKey;
  }
  const service = new SearchService({ db, meiliUrl: url, meiliKey: key });
  try {
    return await fn(service);
  } finally {
    await service.close();
    await meili?.stop();
  }
}

/** Rebuilds the search index from the database; returns a one-line outcome and whether it failed. */
export async function reindex(config: Config, db: Db): Promise<{ ok: boolean; line: string }> {
  try {
    const r = await withSearch(config, db, (s) => s.reindexAll());
    return { ok: true, line: `search     reindexed ${r.products} product(s) in ${(r.ms / 1000).toFixed(2)} s` };
  } catch (e) {
    if (e instanceof SearchUnavailableError) {
      return { ok: true, line: `search     NOT reindexed: ${e.message}; run \`pnpm admin search reindex\` once it is` };
    }
    return { ok: false, line: `search     reindex FAILED: ${(e as Error).message} — the database is published; run \`pnpm admin search reindex\`` };
  }
}
