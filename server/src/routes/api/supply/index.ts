import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeliveriesQuery, DeliveriesResponse, ErrorResponse, SupplyAlertsQuery, SupplyAlertsResponse } from '@yaojia/shared';
import { deliveryPerformance, supplyAlerts } from '../../../bureau/supply.js';
import { requireRegion } from '../../../repositories/regions.js';

/** Public supply information: 供应紧张 notices and distributors' 72-hour delivery performance. */
const supply: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/alerts',
    {
      schema: {
        tags: ['supply'],
        summary: '本地区“供应紧张”的集采药品（机构报告短缺，或在售机构缺货比例超过阈值）',
        querystring: SupplyAlertsQuery,
        response: { 200: SupplyAlertsResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      await requireRegion(app.db, req.query.region);
      return supplyAlerts(app.db, req.query.region, { code: req.query.code, genericName: req.query.genericName });
    },
  );

  app.get(
    '/deliveries',
    {
      schema: {
        tags: ['supply'],
        summary: '配送企业供应保障情况：72小时内足量送达率（沈阳规则）',
        querystring: DeliveriesQuery,
        response: { 200: DeliveriesResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      await requireRegion(app.db, req.query.region);
      return deliveryPerformance(app.db, req.query.region, { from: req.query.from, to: req.query.to });
    },
  );
};
export default supply;
