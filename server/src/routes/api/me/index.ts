import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  ComplianceResponse,
  ErrorResponse,
  MeResponse,
  MyListing,
  MyOfferParams,
  MyOfferPatch,
  MyOfferUpdated,
  UploadBody,
  UploadRejected,
  UploadResult,
} from '@yaojia/shared';
import type { AuthedInstitution } from '../../../plugins/auth.js';
import { institutionCompliance } from '../../../repositories/compliance.js';
import { institutionDetail } from '../../../repositories/institutions.js';
import { NotFoundError } from '../../../errors.js';
import { parseMyPricesCsv } from '../../../ingest/upload.js';
import { applyMyPrices, meProfile, updateMyOffer } from '../../../repositories/me.js';
import shortages from './shortages.js';

/** Writes per token per minute (a whole-list CSV upload counts as one). */
const EDITS_PER_MINUTE = 60;
const UPLOADS_PER_MINUTE = 6;
const byToken = (req: FastifyRequest) => `me:${req.authToken?.id ?? req.ip}`;

const authErrors = { 401: ErrorResponse, 403: ErrorResponse };

/** The signed-in institution's own data. Every route here runs requireInstitution first; ids come from the token only. */
const me: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireInstitution);
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 2_100_000 }, (_req, body, done) => done(null, body));
  const mine = (req: FastifyRequest): AuthedInstitution => req.institution!;
  await app.register(shortages, { prefix: '/shortages' });

  app.get(
    '/',
    {
      schema: { tags: ['me'], summary: '当前登录的医药机构', security: [{ bearer: [] }], response: { 200: MeResponse, ...authErrors } },
    },
    async (req) => meProfile(app.db, mine(req), req.authToken!),
  );

  app.get(
    '/listing',
    {
      schema: {
        tags: ['me'],
        summary: '群众看到的本机构信息：每个药品的销售价、中选价和加价判定',
        security: [{ bearer: [] }],
        response: { 200: MyListing, ...authErrors, 404: ErrorResponse },
      },
    },
    async (req) => {
      const detail = await institutionDetail(app.db, mine(req).id);
      if (!detail) throw new NotFoundError('本机构不在公开名单内');
      return detail;
    },
  );

  app.patch(
    '/offers/:code',
    {
      config: { rateLimit: { max: EDITS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: byToken } },
      schema: {
        tags: ['me'],
        summary: '修改本机构某药品的销售价、线上价格、库存（记入价格历史）',
        security: [{ bearer: [] }],
        params: MyOfferParams,
        body: MyOfferPatch,
        response: { 200: MyOfferUpdated, 400: ErrorResponse, ...authErrors, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req) => {
      const code = req.params.code.trim().toUpperCase();
      const r = await updateMyOffer(app.db, mine(req), code, req.body);
      if (!r) throw new NotFoundError(`本机构未上报药品 ${code}，或该药品已调出“三进”清单；新增药品请用 CSV 上传`);
      return r;
    },
  );

  app.post(
    '/offers/upload',
    {
      bodyLimit: 2_100_000,
      config: { rateLimit: { max: UPLOADS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: byToken } },
      schema: {
        tags: ['me'],
        summary: 'CSV 批量上报价格（药品统一编码, 销售价, 网售价, 库存, 更新时间）；全部通过才生效',
        security: [{ bearer: [] }],
        consumes: ['text/csv'],
        body: UploadBody,
        response: { 200: UploadResult, 400: UploadRejected, ...authErrors, 413: ErrorResponse, 415: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req) => {
      const parsed = await parseMyPricesCsv(app.db, mine(req), req.body);
      return applyMyPrices(app.db, mine(req), parsed);
    },
  );

  app.get(
    '/compliance',
    {
      schema: {
        tags: ['me'],
        summary: '合规自查：品种数、推荐占比、超价、线上线下价格、价格更新、特药、专区、标识',
        security: [{ bearer: [] }],
        response: { 200: ComplianceResponse, ...authErrors, 404: ErrorResponse },
      },
    },
    async (req) => {
      const c = await institutionCompliance(app.db, mine(req).id);
      if (!c) throw new NotFoundError('本机构不在公开名单内');
      return c;
    },
  );
};
export default me;
