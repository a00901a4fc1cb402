import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, ReportCreateBody, ReportCreated } from '@yaojia/shared';
import { createReport } from '../../../repositories/reports.js';

const reports: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      config: { rateLimit: { max: app.reportRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: '群众反映问题：价格不符、缺货、搭售、拒售',
        body: ReportCreateBody,
        response: { 201: ReportCreated, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createReport(app.db, req.body)),
  );
};
export default reports;
