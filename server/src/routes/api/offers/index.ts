import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, NearbySummaryQuery, NearbySummaryResponse, OffersQuery, OffersResponse } from '@yaojia/shared';
import { BadRequestError } from '../../../errors.js';
import { findOffers, nearbySummaries } from '../../../repositories/offers.js';
import { resolveRegion } from '../../../repositories/regions.js';

const offers: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['offers'],
        summary: '附近销售某药品的机构：销售价与中选价、单价、加价判定',
        querystring: OffersQuery,
        response: { 200: OffersResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query;
      if (!q.generic && !q.code) throw new BadRequestError('give generic (通用名) or code (药品统一编码)');
      if ((q.lat === undefined) !== (q.lng === undefined)) throw new BadRequestError('经度和纬度需要一起提供');
      if (q.sort === 'distance' && q.lat === undefined) throw new BadRequestError('按距离排序需要先提供位置（经度和纬度）');
      const region = await resolveRegion(app.db, q.region, q.lat, q.lng);
      return findOffers(app.db, { ...q, regionId: region.id, policy: region.policy });
    },
  );
  app.get(
    '/nearby-summary',
    {
      schema: {
        tags: ['offers'],
        summary: '搜索结果每个产品的“附近 N 家 · 最低 ¥x”（逐个产品计算，不混比）',
        querystring: NearbySummaryQuery,
        response: { 200: NearbySummaryResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const q = req.query;
      const codes = [...new Set(q.codes.split(','))];
      const region = await resolveRegion(app.db, q.region, q.lat, q.lng);
      return { items: await nearbySummaries(app.db, region.id, codes, { lat: q.lat, lng: q.lng, radiusKm: q.radiusKm ?? 10 }) };
    },
  );
};
export default offers;
