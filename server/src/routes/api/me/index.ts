import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  AdjustToCapBody,
  AdjustToCapResult,
  ComplianceResponse,
  ErrorResponse,
  MeResponse,
  MyListing,
  MyOfferParams,
  MyOfferPatch,
  MyOfferUpdated,
  myOfferPatchProblem,
} from '@yaojia/shared';
import type { AuthedInstitution } from '../../../repositories/tokens.js';
import { institutionCompliance } from '../../../repositories/compliance.js';
import { institutionDetail } from '../../../repositories/institutions.js';
import { BadRequestError, NotFoundError } from '../../../errors.js';
import { adjustToCap, meProfile, updateMyOffer } from '../../../repositories/me.js';
import shortages from './shortages.js';
import upload from './upload.js';

/** Writes per token per minute. */
const EDITS_PER_MINUTE = 60;
const byToken = (req: FastifyRequest) => `me:${req.authToken?.id ?? req.ip}`;

const authErrors = { 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };

/** The signed-in institution's own data. Every route here runs requireInstitution first; ids come from the token only. */
const me: FastifyPluginAsyncTypebox<{ uploadDir: string }> = async (app, opts) => {
  app.addHook('onRequest', app.requireInstitution);
  const mine = (req: FastifyRequest): AuthedInstitution => req.institution!;
  await app.register(shortages, { prefix: '/shortages', uploadDir: opts.uploadDir });
  await app.register(upload);

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
      const problem = myOfferPatchProblem(req.body);
      if (problem) throw new BadRequestError(problem);
      const r = await updateMyOffer(app.db, mine(req), code, req.body);
      if (!r) throw new NotFoundError(`本机构未上报药品 ${code}，或该药品已调出“三进”清单；新增药品请用 CSV 上传`);
      return r;
    },
  );

  app.post(
    '/offers/adjust-to-cap',
    {
      config: { rateLimit: { max: EDITS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: byToken } },
      schema: {
        tags: ['me'],
        summary: '一键按规定价调整：把预览中高于规定上限的药品调到上限（一次完成，记入价格历史）',
        security: [{ bearer: [] }],
        body: AdjustToCapBody,
        response: { 200: AdjustToCapResult, 400: ErrorResponse, ...authErrors, 429: ErrorResponse },
      },
    },
    async (req) => adjustToCap(app.db, mine(req), req.body.codes),
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
