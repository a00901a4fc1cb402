import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, OffersQuery, OffersResponse } from '@yaojia/shared';
import { BadRequestError } from '../../../errors.js';
import { findOffers } from '../../../repositories/offers.js';
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
      if ((q.lat === undefined) !== (q.lng === undefined)) throw new BadRequestError('lat and lng go together');
      if (q.sort === 'distance' && q.lat === undefined) throw new BadRequestError('sort=distance needs lat and lng');
      const region = await resolveRegion(app.db, q.region, q.lat, q.lng);
      return findOffers(app.db, { ...q, regionId: region.id, policy: region.policy });
    },
  );
};
export default offers;
