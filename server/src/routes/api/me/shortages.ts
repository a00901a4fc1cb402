import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, MyShortages, PHOTO_MAX_BYTES, PHOTOS_PER_REPORT, PhotoUploaded, ShortageCreateBody, ShortageCreated, ShortageParams } from '@yaojia/shared';
import { reportShortage } from '../../../bureau/supply.js';
import { NotFoundError } from '../../../errors.js';
import { addPhoto, ownShortageId } from '../../../repositories/photos.js';
import { toIso } from '../../../lib/time.js';
import { receivePhoto } from '../reports/index.js';

/**
 * POST /api/v1/me/shortages: the signed-in institution reports that it cannot get a 集采 product
 * (晋医保发〔2026〕13号: 及时…报送有关情况，同时提供相关佐证材料). Registered inside routes/api/me, whose
 * requireInstitution hook runs first.
 */
const shortages: FastifyPluginAsyncTypebox<{ uploadDir: string }> = async (app, opts) => {
  await app.register(multipart, { limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
  app.post(
    '/',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req) => `me-shortage:${req.authToken?.id ?? req.ip}` } },
      schema: {
        tags: ['me', 'supply'],
        summary: '报告集采药品短缺（附佐证）',
        security: [{ bearer: [] }],
        body: ShortageCreateBody,
        response: { 201: ShortageCreated, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const inst = req.institution!;
      return reply.code(201).send(await reportShortage(app.db, inst.id, req.body, `institution:${inst.code}`));
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['me', 'supply'],
        summary: '本机构报告过的短缺及处理情况（最新在前）',
        security: [{ bearer: [] }],
        response: { 200: MyShortages, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req) => {
      const rows = await app.db.all<{
        id: number; productCode: string; productName: string; spec: string; since: string; reportedAt: string;
        resolvedAt: string | null; resolutionNote: string | null; photos: number | string;
      }>(
        `SELECT s.id, p.code AS "productCode", p.product_name AS "productName", p.spec, s.since, s.reported_at AS "reportedAt",
                s.resolved_at AS "resolvedAt", s.resolution_note AS "resolutionNote",
                (SELECT COUNT(*) FROM photos ph WHERE ph.owner_kind = 'shortage' AND ph.owner_id = s.id) AS photos
         FROM shortages s JOIN products p ON p.id = s.product_id WHERE s.institution_id = ? ORDER BY s.id DESC LIMIT 100`,
        [req.institution!.id],
      );
      return {
        items: rows.map((r) => ({
          ...r,
          reportedAt: toIso(r.reportedAt),
          resolvedAt: r.resolvedAt ? toIso(r.resolvedAt) : null,
          status: r.resolvedAt ? ('resolved' as const) : ('open' as const),
          photos: Number(r.photos),
        })),
      };
    },
  );

  app.post(
    '/:id/photos',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req) => `me-shortage:${req.authToken?.id ?? req.ip}` } },
      schema: {
        tags: ['me', 'supply'],
        summary: '为短缺报告补充佐证照片（multipart，字段 photo；JPEG/PNG，≤ 5 MB，重新编码）',
        security: [{ bearer: [] }],
        consumes: ['multipart/form-data'],
        params: ShortageParams,
        response: { 201: PhotoUploaded, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const id = await ownShortageId(app.db, req.institution!.id, req.params.id);
      if (id === null) throw new NotFoundError('没有这份短缺报告');
      return reply.code(201).send(await receivePhoto(req, opts.uploadDir, (stored) => addPhoto(app.db, { kind: 'shortage', id }, stored, PHOTOS_PER_REPORT)));
    },
  );
};
export default shortages;
