/** `pnpm serve`: the API alone, against the configuration in the environment (see README). */
import { loadConfig } from '@yaojia/server/config';
import { ensureMeilisearch } from '@yaojia/server/meili-runtime';
import { startServer } from '@yaojia/server/server';
import { runService } from './lib/run.js';

async function main() {
  const base = loadConfig();
  const meili = await ensureMeilisearch(base);
  const config = { ...base, meiliUrl: meili.url, meiliMasterKey: meili.masterKey };
  const server = await startServer(config);
  console.log(`药价通 API: ${server.url}  (OpenAPI: ${server.url}/docs)`);
  return [() => server.close(), () => meili.stop()];
}

runService(main);
