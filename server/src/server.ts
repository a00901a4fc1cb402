import { buildApp, type App } from './app.js';
import type { Config } from './config.js';
import { loggerOptions } from './logger.js';

export interface RunningServer {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** Start-up only: builds the app with the real logger and listens. The caller owns Meilisearch. */
export async function startServer(config: Config): Promise<RunningServer> {
  const app = await buildApp({ config, logger: loggerOptions(config.logLevel) });
  const address = await app.listen({ port: config.port, host: config.host });
  return { app, url: address.replace('[::1]', 'localhost'), close: () => app.close() };
}
