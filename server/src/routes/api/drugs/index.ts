import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DrugSearchQuery, DrugSearchResponse, ErrorResponse, SuggestQuery, SuggestResponse } from '@yaojia/shared';
import { resolveRegion } from '../../../lib/regions.js';

const drugs: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['drugs'],
        summary: '按通用名、商品名、拼音或首字母搜索集采药品，按通用名分组',
        querystring: DrugSearchQuery,
        response: { 200: DrugSearchResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const region = await resolveRegion(app, req.query.region);
      return app.drugSearch.searchDrugs(req.query.q.trim(), { region: region.slug, limit: req.query.limit ?? 20 });
    },
  );
  app.get(
    '/suggest',
    {
      schema: {
        tags: ['drugs'],
        summary: '输入联想（最多 10 条）',
        querystring: SuggestQuery,
        response: { 200: SuggestResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const region = await resolveRegion(app, req.query.region);
      return app.drugSearch.suggest(req.query.q.trim(), { region: region.slug });
    },
  );
};
export default drugs;
