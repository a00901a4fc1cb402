/** `pnpm serve`: the API alone, against the configuration in the environment (see README). */
import { ConfigError, loadConfig } from '@yaojia/server/config';
import { ensureMeilisearch } from '@yaojia/server/meili-runtime';
import { startServer } from '@yaojia/server/server';

async function main() {
  const base = loadConfig();
  const meili = await ensureMeilisearch(base);
  const config = { ...base, meiliUrl: meili.url, meiliMasterKey: meili.masterKey };
  const server = await startServer(config);
  console.log(`药价通 API: ${server.url}  (OpenAPI: ${server.url}/docs)`);
  const stop = async () => {
    await server.close();
    await meili.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `配置错误: ${err.message}` : err);
  process.exit(1);
});
