import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, ShortageCreateBody, ShortageCreated } from '@yaojia/shared';
import { BureauError } from '../../../bureau/errors.js';
import { reportShortage } from '../../../bureau/supply.js';

/**
 * POST /api/v1/me/shortages: the signed-in institution reports that it cannot get a 集采 product
 * (晋医保发〔2026〕13号: 及时…报送有关情况，同时提供相关佐证材料). Needs the auth plugin (requireInstitution).
 */
const meShortages: FastifyPluginAsyncTypebox = async (app) => {
  if (!app.hasDecorator('requireInstitution')) throw new Error('register the auth plugin before /api/v1/me/shortages');
  app.addHook('onRequest', app.requireInstitution);
  app.post(
    '/',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req) => `me-shortage:${req.authToken?.id ?? req.ip}` } },
      schema: {
        tags: ['me', 'supply'],
        summary: '报告集采药品短缺（附佐证）',
        security: [{ bearer: [] }],
        body: ShortageCreateBody,
        response: { 201: ShortageCreated, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const inst = req.institution!;
      try {
        const created = await reportShortage(app.db, inst.id, req.body, `institution:${inst.code}`);
        return reply.code(201).send(created);
      } catch (e) {
        if (e instanceof BureauError) return reply.code(400).send({ error: 'Bad Request', message: e.message });
        throw e;
      }
    },
  );
};
export default meShortages;
