import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, ReportKindSchema, RowId, Yuan } from './common.js';

export const ReportCreateBody = Type.Object(
  {
    institutionId: RowId,
    productCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '药品统一编码' })),
    kind: ReportKindSchema,
    observedPrice: Type.Optional(Type.String({ pattern: '^\\d{1,6}(\\.\\d{1,2})?$', description: '实际收取的价格（元）' })),
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

export { Yuan };
