import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthResponse } from '@yaojia/shared';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', { schema: { tags: ['health'], response: { 200: HealthResponse, 503: HealthResponse } } }, async (_req, reply) => {
    let db: 'ok' | 'down' = 'ok';
    try {
      await app.db.get('SELECT 1 AS ok');
    } catch {
      db = 'down';
    }
    const search = await app.drugSearch.health().catch(() => 'down' as const);
    const status = db === 'ok' && search === 'ok' ? 'ok' : 'degraded';
    return reply.code(db === 'ok' ? 200 : 503).send({ status, db, search });
  });
};
export default health;
