import { deliveryDeps, startAlertWorker } from './alerts/worker.js';
import { buildApp, type App } from './app.js';
import type { Config } from './config.js';
import { startCandidatePreload } from './preload/candidate-sets.js';
import { loggerOptions } from './logger.js';

export interface RunningServer {
  app: App;
  url: string;
  close(): Promise<void>;
}

/**
 * Start-up only: builds the app with the real logger and listens; with ALERT_WORKER on (the default) the
 * process also delivers the alerts outbox (alerts/worker.ts). In the background it keeps the nearby
 * candidate sets loaded (preload/candidate-sets.ts). The caller owns Meilisearch.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const app = await buildApp({ config, logger: loggerOptions(config.logLevel) });
  const address = await app.listen({ port: config.port, host: config.host });
  const worker = config.alertWorker ? startAlertWorker(app.db, deliveryDeps(config, (msg, detail) => app.log.warn(detail ?? {}, msg))) : null;
  // the nearby/basket candidate sets, loaded in the background after start and after each data change
  const preload = startCandidatePreload(app.db, { log: (msg, detail) => app.log.info(detail, msg) });
  return {
    app,
    url: address.replace('[::1]', 'localhost'),
    close: async () => {
      await worker?.stop();
      await preload.stop();
      await app.close();
    },
  };
}
