import type { FastifyServerOptions } from 'fastify';

/**
 * pino options for the API. Request logs carry the path only: the query string holds a citizen's
 * lat/lng on /api/v1/offers and must never be logged.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req(req: { method: string; url: string; id?: string }) {
        return { method: req.method, path: req.url.split('?')[0], id: req.id };
      },
    },
    redact: ['req.headers.authorization'],
  };
}
