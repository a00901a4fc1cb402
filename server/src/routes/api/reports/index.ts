import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, PHOTO_MAX_BYTES, PHOTOS_PER_REPORT, PhotoUploaded, ReportCreateBody, ReportCreated, ReportParams, ReportStatus } from '@yaojia/shared';
import { BadRequestError, NotFoundError } from '../../../errors.js';
import { reencodePhoto, removePhoto, storePhoto } from '../../../lib/photos.js';
import { addPhoto } from '../../../repositories/photos.js';
import { createReport, reportIdByReference, reportStatus } from '../../../repositories/reports.js';

/** A reference is a secret of 50 random bits; asking for statuses is limited per client so it cannot be walked. */
const STATUS_LOOKUPS_PER_MINUTE = 30;

const reports: FastifyPluginAsyncTypebox<{ uploadDir: string }> = async (app, opts) => {
  await app.register(multipart, { limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 0, parts: 1 } });

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

  app.get(
    '/:reference',
    {
      config: { rateLimit: { max: STATUS_LOOKUPS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: '凭回执编号查看反馈的处理状态和医保部门的公开答复',
        params: ReportParams,
        response: { 200: ReportStatus, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const status = await reportStatus(app.db, req.params.reference);
      if (!status) throw new NotFoundError('没有这个回执编号的反馈');
      void reply.header('cache-control', 'no-store');
      return status;
    },
  );

  app.post(
    '/:reference/photos',
    {
      config: { rateLimit: { max: app.reportRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary: '为反馈补充价签或小票照片（multipart，字段 photo；JPEG/PNG，≤ 5 MB，服务器重新编码并去除位置等信息）',
        consumes: ['multipart/form-data'],
        params: ReportParams,
        response: { 201: PhotoUploaded, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const id = await reportIdByReference(app.db, req.params.reference);
      if (id === null) throw new NotFoundError('没有这个回执编号的反馈');
      const count = await receivePhoto(req, opts.uploadDir, (stored) => addPhoto(app.db, { kind: 'report', id }, stored, PHOTOS_PER_REPORT));
      return reply.code(201).send(count);
    },
  );
};
export default reports;

/**
 * Reads the one file part of a multipart request (H5's FormData and the mini-program's uploadFile both
 * send one), re-encodes it and stores it; the row is written by `record`, and the file is removed again
 * if that fails, so nothing is left half-stored.
 */
export async function receivePhoto(
  req: import('fastify').FastifyRequest,
  uploadDir: string,
  record: (stored: Awaited<ReturnType<typeof storePhoto>>) => Promise<number>,
): Promise<PhotoUploaded> {
  if (!req.isMultipart()) throw new BadRequestError('请以 multipart/form-data 上传照片（字段 photo）');
  const part = await req.file();
  if (!part) throw new BadRequestError('没有收到照片');
  let buf: Buffer;
  try {
    buf = await part.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new BadRequestError('照片不能超过 5 MB');
    throw e;
  }
  const photo = await reencodePhoto(buf);
  const stored = await storePhoto(uploadDir, photo);
  try {
    const photos = await record(stored);
    return { photos, width: stored.width, height: stored.height, bytes: stored.bytes };
  } catch (e) {
    await removePhoto(uploadDir, stored.file);
    throw e;
  }
}
