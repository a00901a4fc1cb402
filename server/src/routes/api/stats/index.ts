import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, StatsQuery, StatsResponse } from '@yaojia/shared';
import { BureauError } from '../../../bureau/errors.js';
import { computeStats } from '../../../bureau/stats.js';
import { regionBySlug } from '../../../repositories/regions.js';

/** Public 三进 statistics (宁夏 附件3 + 江西 coverage) for the mini-program's statistics subpackage. */
const stats: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['stats'],
        summary: '集采药品“三进”相关数据统计（宁夏 附件3 格式）及覆盖率',
        querystring: StatsQuery,
        response: { 200: StatsResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      if (!(await regionBySlug(app.db, req.query.region))) return reply.code(404).send({ error: 'Not Found', message: `unknown region "${req.query.region}"` });
      try {
        return await computeStats(app.db, req.query.region, req.query.period);
      } catch (e) {
        if (e instanceof BureauError) return reply.code(400).send({ error: 'Bad Request', message: e.message });
        throw e;
      }
    },
  );
};
export default stats;
