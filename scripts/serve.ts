/**
 * `pnpm serve`: the API alone, against the configuration in the environment (see README).
 * API_WORKERS=N runs N API processes on the one port (node:cluster): the API keeps no state that
 * replicas would disagree on (rate limits and tokens are in the database; answer caches follow SQLite's
 * data_version, and on PostgreSQL there are none), so the same holds for N processes on N machines
 * behind a load balancer sharing one PostgreSQL (DATABASE_URL=postgres://…).
 *
 * SIGTERM / Ctrl-C drains: no new connections, idle keep-alive connections closed, requests in flight
 * answered, then exit. SIGHUP (API_WORKERS ≥ 2) replaces the processes one at a time: a new one is
 * started and listening before the old one drains (the alert-delivering one drains first, the others
 * holding the port), so the port never refuses a connection.
 */
import cluster, { type Worker } from 'node:cluster';
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
  const fork = async (slot: number) => {
    const w = cluster.fork(slot === 0 ? env : { ...env, ALERT_WORKER: 'off' });
    await new Promise((ok, fail) => {
      w.once('listening', ok);
      w.once('exit', (code) => fail(new Error(`API process ${slot} exited (${code}) before it listened`)));
    });
    return w;
  };
  const stop = (w: Worker) => new Promise((ok) => (w.isDead() ? ok(null) : (w.once('exit', ok), w.process.kill('SIGTERM'))));
  const workers: Worker[] = await Promise.all(Array.from({ length: config.apiWorkers }, (_, i) => fork(i)));
  console.log(`药价通 API: http://${config.host}:${config.port}  (${workers.length} processes; OpenAPI: /docs)`);

  // rolling restart: each slot's new process listens before its old one drains
  let rolling: Promise<void> | null = null;
  process.on('SIGHUP', () => {
    rolling ??= (async () => {
      console.log('SIGHUP: replacing the API processes one at a time');
      for (let slot = 0; slot < workers.length; slot++) {
        const old = workers[slot]!;
        // slot 0 delivers alerts: never two at once, so it drains first (the other slots keep the port)
        if (slot === 0) await stop(old);
        workers[slot] = await fork(slot);
        if (slot !== 0) await stop(old);
      }
      console.log(`restarted ${workers.length} API processes`);
    })()
      .catch((err) => console.error('rolling restart failed:', err))
      .finally(() => {
        rolling = null;
      });
  });
  const stopWorkers = async () => {
    await rolling;
    await Promise.all(workers.map(stop));
  };
  return [stopWorkers, () => meili.stop()];
}

async function worker() {
  const server = await startServer(loadConfig());
  return [() => server.close()];
}

runService(cluster.isPrimary ? primary : worker);
