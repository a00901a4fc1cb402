import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, ShortageCreateBody, ShortageCreated } from '@yaojia/shared';
import { reportShortage } from '../../../bureau/supply.js';

/**
 * POST /api/v1/me/shortages: the signed-in institution reports that it cannot get a 集采 product
 * (晋医保发〔2026〕13号: 及时…报送有关情况，同时提供相关佐证材料). Registered inside routes/api/me, whose
 * requireInstitution hook runs first.
 */
const shortages: FastifyPluginAsyncTypebox = async (app) => {
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
      return reply.code(201).send(await reportShortage(app.db, inst.id, req.body, `institution:${inst.code}`));
    },
  );
};
export default shortages;
