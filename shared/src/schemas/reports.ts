import { Type, type Static } from '@sinclair/typebox';
import { YUAN_INPUT_PATTERN } from '../domain/constants.js';
import { IsoDateTime, ReportKindSchema, RowId, Yuan } from './common.js';

export const ReportCreateBody = Type.Object(
  {
    institutionId: RowId,
    productCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '药品统一编码' })),
    kind: ReportKindSchema,
    observedPrice: Type.Optional(Type.String({ pattern: YUAN_INPUT_PATTERN, description: '实际收取的价格（元）' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ReportCreateBody = Static<typeof ReportCreateBody>;

export const ReportCreated = Type.Object({
  reference: Type.String({ description: '回执编号, keep it to follow up' }),
  status: Type.Literal('open'),
  createdAt: IsoDateTime,
});
export type ReportCreated = Static<typeof ReportCreated>;

/** 回执编号: JB + yymmdd + 10 Crockford base32 characters */
export const ReportReference = Type.String({ pattern: '^JB\\d{6}[0-9A-HJKMNP-TV-Z]{10}$', description: '回执编号' });
export const ReportParams = Type.Object({ reference: ReportReference });
export type ReportParams = Static<typeof ReportParams>;

/** What the holder of a reference may read: the status and the bureau's public note, nothing of other reports. */
export const ReportStatus = Type.Object({
  reference: Type.String(),
  status: Type.Unsafe<'open' | 'resolved'>({ type: 'string', enum: ['open', 'resolved'] }),
  resolution: Type.Union([Type.Unsafe<'confirmed' | 'rejected'>({ type: 'string', enum: ['confirmed', 'rejected'] }), Type.Null()]),
  statusText: Type.String({ description: '给群众看的状态，如“处理中”“已核实，问题属实”' }),
  publicNote: Type.Union([Type.String(), Type.Null()], { description: '医保部门的公开答复' }),
  createdAt: IsoDateTime,
  resolvedAt: Type.Union([IsoDateTime, Type.Null()]),
  photos: Type.Integer({ description: '已上传的照片数' }),
});
export type ReportStatus = Static<typeof ReportStatus>;

/** Photos: JPEG or PNG up to 5 MB each, re-encoded by the server (EXIF and location removed). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTOS_PER_REPORT = 3;
export const PhotoUploaded = Type.Object({
  photos: Type.Integer({ description: '该反馈现有照片数' }),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer({ description: '重新编码后的大小' }),
});
export type PhotoUploaded = Static<typeof PhotoUploaded>;

export { Yuan };
