/**
 * `pnpm serve`: the API alone, against the configuration in the environment (see README).
 * API_WORKERS=N runs N API processes on the one port (node:cluster): the API keeps no state that
 * replicas would disagree on (rate limits and tokens are in the database; answer caches follow SQLite's
 * data_version, and on PostgreSQL there are none), so the same holds for N processes on N machines
 * behind a load balancer sharing one PostgreSQL (DATABASE_URL=postgres://…).
 */
import cluster from 'node:cluster';
import { loadConfig } from '@yaojia/server/config';
import { ensureMeilisearch } from '@yaojia/server/search/open';
import { startServer } from '@yaojia/server/server';
import { runService } from './lib/run.js';

async function primary() {
  const base = loadConfig();
  const meili = await ensureMeilisearch(base);
  const config = { ...base, meiliUrl: meili.url, meiliMasterKey: meili.masterKey };
  if (config.apiWorkers === 1) {
    const server = await startServer(config);
    console.log(`药价通 API: ${server.url}  (OpenAPI: ${server.url}/docs)`);
    return [() => server.close(), () => meili.stop()];
  }
  const env = { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey };
  // one process delivers the alerts outbox (ALERT_WORKER); the others only answer requests
  const workers = Array.from({ length: config.apiWorkers }, (_, i) => cluster.fork(i === 0 ? env : { ...env, ALERT_WORKER: 'off' }));
  await Promise.all(workers.map((w) => new Promise((ok) => w.once('listening', ok))));
  console.log(`药价通 API: http://${config.host}:${config.port}  (${workers.length} processes; OpenAPI: /docs)`);
  const stopWorkers = async () => {
    await Promise.all(workers.map((w) => new Promise((ok) => (w.isDead() ? ok(null) : (w.once('exit', ok), w.kill('SIGTERM'))))));
  };
  return [stopWorkers, () => meili.stop()];
}

async function worker() {
  const server = await startServer(loadConfig());
  return [() => server.close()];
}

runService(cluster.isPrimary ? primary : worker);
