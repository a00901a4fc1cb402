import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, UploadBody, UploadRejected, UploadResult } from '@yaojia/shared';
import { UploadRejectedError } from '../../../errors.js';
import { decodeCsvBytes } from '../../../ingest/read.js';
import { parseMyPricesCsv } from '../../../ingest/upload.js';
import { applyMyPrices } from '../../../repositories/me.js';

/** A whole-list CSV upload counts as one write. */
const UPLOADS_PER_MINUTE = 6;
const MAX_CHARS = UploadBody.maxLength!;

/**
 * POST /me/offers/upload in its own scope: it takes CSV only (JSON is 415 here, not a body that fails the
 * schema), as bytes decoded like bureau files (UTF-8, or GBK from zh-CN Excel), and every refusal is an
 * UploadRejected answer, never a 500 (issue 13, finding 4).
 */
const upload: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: 2_100_000 }, (_req, body, done) =>
    done(null, decodeCsvBytes(body as Buffer)),
  );

  app.post(
    '/offers/upload',
    {
      bodyLimit: 2_100_000,
      attachValidation: true,
      config: { rateLimit: { max: UPLOADS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (req) => `me:${req.authToken?.id ?? req.ip}` } },
      schema: {
        tags: ['me'],
        summary: 'CSV 批量上报价格（药品统一编码, 销售价, 网售价, 库存, 更新时间）；全部通过才生效',
        security: [{ bearer: [] }],
        consumes: ['text/csv'],
        body: UploadBody,
        response: { 200: UploadResult, 400: UploadRejected, 401: ErrorResponse, 403: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req) => {
      if (req.validationError) {
        const body: unknown = req.body;
        const message =
          typeof body === 'string' && body.length > MAX_CHARS
            ? `文件过大：最多 ${MAX_CHARS} 个字符，请分成几个文件上传`
            : '请上传 CSV 文件：第一行是列名（药品统一编码, 销售价…），文件不能为空';
        throw new UploadRejectedError(message, []);
      }
      const parsed = await parseMyPricesCsv(app.db, req.institution!, req.body);
      return applyMyPrices(app.db, req.institution!, parsed);
    },
  );
};
export default upload;
