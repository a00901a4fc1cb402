import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, InstitutionDetail, InstitutionParams, PriceHistoryQuery, PriceHistoryResponse } from '@yaojia/shared';
import { NotFoundError } from '../../../errors.js';
import { institutionDetail, priceHistory } from '../../../repositories/institutions.js';

const institutions: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id',
    {
      schema: {
        tags: ['institutions'],
        summary: '机构详情及其全部集采药品价格',
        params: InstitutionParams,
        response: { 200: InstitutionDetail, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const detail = await institutionDetail(app.db, req.params.id);
      if (!detail) throw new NotFoundError(`institution ${req.params.id} not found`);
      return detail;
    },
  );
  app.get(
    '/:id/history',
    {
      schema: {
        tags: ['institutions'],
        summary: '某机构某药品的销售价变动（分页，最新一页在前）',
        params: InstitutionParams,
        querystring: PriceHistoryQuery,
        response: { 200: PriceHistoryResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const h = await priceHistory(app.db, req.params.id, req.query.code, { limit: req.query.limit, offset: req.query.offset });
      if (!h) throw new NotFoundError(`no offer of ${req.query.code} at institution ${req.params.id}`);
      return h;
    },
  );
};
export default institutions;
