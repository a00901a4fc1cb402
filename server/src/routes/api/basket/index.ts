import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BasketQuoteRequest, BasketQuoteResponse, ErrorResponse } from '@yaojia/shared';
import { quoteBasket } from '../../../repositories/basket.js';
import { resolveRegion } from '../../../repositories/regions.js';

const basket: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/quote',
    {
      schema: {
        tags: ['offers'],
        summary: '我的常用药：附近哪一家（或哪两家）买齐整张清单每月最省',
        description:
          'single: 备齐全部药品的机构，按月合计从低到高；pairs: 没有一家备齐时，两家合买，按“月合计 + 每公里 1 元路程”排序；partial: 只备部分药品的机构。位置请先取整到约 100 米（小数点后 3 位）。',
        body: BasketQuoteRequest,
        response: { 200: BasketQuoteResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const q = req.body;
      const region = await resolveRegion(app.db, q.region, q.lat, q.lng);
      return quoteBasket(app.db, { ...q, regionId: region.id, policy: region.policy });
    },
  );
};
export default basket;
