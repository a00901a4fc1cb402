import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, StatsQuery, StatsResponse } from '@yaojia/shared';
import { computeStats } from '../../../bureau/stats.js';
import { requireRegion } from '../../../repositories/regions.js';

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
    async (req) => {
      await requireRegion(app.db, req.query.region);
      return computeStats(app.db, req.query.region, req.query.period);
    },
  );
};
export default stats;
