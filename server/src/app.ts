import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { existsSync } from 'node:fs';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import authPlugin from './plugins/auth.js';
import compress from './plugins/compress.js';
import h5Static from './plugins/h5-static.js';
import httpCache from './plugins/http-cache.js';
import dbPlugin from './plugins/db.js';
import deprecation from './plugins/deprecation.js';
import { dbRateLimitStore } from './plugins/rate-limit-store.js';
import securityHeaders from './plugins/security-headers.js';
import errors from './plugins/errors.js';
import searchPlugin, { type DrugSearch } from './plugins/search.js';
import health from './routes/health/index.js';
import drugs from './routes/api/drugs/index.js';
import offers from './routes/api/offers/index.js';
import institutions from './routes/api/institutions/index.js';
import regions from './routes/api/regions/index.js';
import reports from './routes/api/reports/index.js';
import stats from './routes/api/stats/index.js';
import supply from './routes/api/supply/index.js';
import me from './routes/api/me/index.js';
import basket from './routes/api/basket/index.js';
import openData from './routes/api/open/index.js';
import alerts from './routes/api/alerts/index.js';
import clientConfig from './routes/api/config/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    reportRateLimit: number;
  }
}

export interface BuildOptions {
  config: Config;
  /** hand in an open db (tests, CLIs); otherwise config.databaseUrl is opened */
  db?: Db;
  /** hand in a search service; otherwise openSearch(config, db) builds one */
  search?: DrugSearch;
  indexPrefix?: string;
  logger?: FastifyServerOptions['logger'];
}

/**
 * Fastify's own hop count fails closed (it cannot check the peer), so a hop count is a function here: the
 * socket peer and the next hops-1 entries of X-Forwarded-For are proxies, the entry before them is the
 * client. Safe only when the API port is reachable through the proxy alone (SECURITY.md); a CIDR list
 * checks each hop's address and is the safer setting.
 */
function trustProxyOption(trust: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** The app, built one way for the server, the tests and the e2e suite. */
export async function buildApp(opts: BuildOptions) {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    // only configured proxies may name the client (TRUST_PROXY); the rate limits key on req.ip
    trustProxy: trustProxyOption(config.trustProxy),
    // a request that reaches a process already closing (a rolling restart: node:cluster may hand it a
    // connection a moment before it stops) is answered, not refused with 503; the process still exits
    // once its connections are done
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('reportRateLimit', config.reportRateLimit);

  // the one error handler first, so every route (the docs' too) answers errors the same way
  await app.register(errors);

  // external plugins
  await app.register(securityHeaders, { h5Dir: config.h5Dir && existsSync(config.h5Dir) ? config.h5Dir : null, mapTiles: config.mapTiles });
  await app.register(cors, { origin: true });
  await app.register(compress);
  await app.register(dbPlugin, { url: config.databaseUrl, db: opts.db });
  await app.register(rateLimit, { global: false, store: dbRateLimitStore(app.db) });
  await app.register(swagger, {
    openapi: {
      // 3.1: TypeBox writes JSON Schema 2020-12 (numeric exclusiveMinimum, `type: 'null'`), which 3.0 rejects
      openapi: '3.1.0',
      info: { title: '药价通 API', description: '集采药品“三进”价格公开查询', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '医保局签发的令牌：机构令牌由当地医保部门发给药店和医疗机构，管理令牌只发给医保部门的工作人员' } } },
      tags: [{ name: 'drugs' }, { name: 'offers' }, { name: 'institutions' }, { name: 'regions' }, { name: 'reports' }, { name: 'alerts' }, { name: 'health' }],
    },
  });
  // no validator badge: it would send the document's address to validator.swagger.io (and the CSP blocks it)
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });

  // our plugins
  await app.register(httpCache);
  await app.register(deprecation);
  await app.register(authPlugin);
  await app.register(searchPlugin, { search: opts.search, config, indexPrefix: opts.indexPrefix });

  // routes
  await app.register(health);
  await app.register(drugs, { prefix: '/api/v1/drugs' });
  await app.register(offers, { prefix: '/api/v1/offers' });
  await app.register(institutions, { prefix: '/api/v1/institutions' });
  await app.register(regions, { prefix: '/api/v1/regions' });
  await app.register(reports, { prefix: '/api/v1/reports', uploadDir: config.uploadDir });
  await app.register(stats, { prefix: '/api/v1/stats' });
  await app.register(supply, { prefix: '/api/v1/supply' });
  await app.register(me, { prefix: '/api/v1/me', uploadDir: config.uploadDir });
  await app.register(basket, { prefix: '/api/v1/basket' });
  await app.register(openData, { prefix: '/api/v1/open', dir: config.openDataDir });
  await app.register(alerts, { prefix: '/api/v1/alerts', config });
  await app.register(clientConfig, { prefix: '/api/v1/config', mapTiles: config.mapTiles });

  if (config.h5Dir && existsSync(config.h5Dir)) {
    await app.register(h5Static, { root: config.h5Dir });
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
