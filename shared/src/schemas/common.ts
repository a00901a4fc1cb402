import { Type, type Static } from '@sinclair/typebox';
import { BADGE_KINDS, INSTITUTION_TYPES, MARKUP_STATUSES, REPORT_KINDS, STOCK_STATES } from '../domain/constants.js';

/** A string enum whose static type is the union of its values (JSON Schema `enum`). */
export const literals = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

/** Yuan with two decimals, e.g. "12.50" (stored as integer fen). */
export const Yuan = Type.String({ pattern: '^-?\\d+\\.\\d{2}$', description: '元，两位小数', examples: ['12.50'] });
export const RegionSlug = Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$', description: 'region slug: shanxi, jiangxi, ningxia, shenyang…' });
/**
 * Ajv coerces a query string's "Infinity" or "1e400" to Infinity and then skips minimum/maximum, which it
 * applies to finite numbers only: `limit=Infinity` passed `maximum: 100`. The nested `type` (the same as the outer one, so Ajv's strict mode has nothing to warn about) is
 * checked after coercion, where Ajv's strictNumbers refuses a non-finite number. Every numeric request
 * parameter is built by one of these two, with both bounds (server/test/numeric-bounds.test.ts).
 */
const finite = (type: 'integer' | 'number') => ({ allOf: [{ type }] });
type NumberOptions = { description?: string; default?: number; examples?: number[] };
export const BoundedInteger = (minimum: number, maximum: number, options: NumberOptions = {}) =>
  Type.Integer({ minimum, maximum, ...options, ...finite('integer') });
export const BoundedNumber = (minimum: number, maximum: number, options: NumberOptions & { exclusiveMinimum?: boolean } = {}) => {
  const { exclusiveMinimum, ...rest } = options;
  return Type.Number({ ...(exclusiveMinimum ? { exclusiveMinimum: minimum } : { minimum }), maximum, ...rest, ...finite('number') });
};
/** a database row id in a path or body */
export const RowId = BoundedInteger(1, 2_147_483_647);

export const Latitude = BoundedNumber(-90, 90, { description: 'GCJ-02 latitude' });
export const Longitude = BoundedNumber(-180, 180, { description: 'GCJ-02 longitude' });
export const IsoDateTime = Type.String({ format: 'date-time' });

export const InstitutionTypeSchema = literals(INSTITUTION_TYPES, '机构类型');
export const BadgeKindSchema = literals(BADGE_KINDS, '标识');
export const StockStateSchema = literals(STOCK_STATES);
export const MarkupStatusSchema = literals(MARKUP_STATUSES);
export const ReportKindSchema = literals(REPORT_KINDS);

export const ErrorResponse = Type.Object(
  { error: Type.String(), message: Type.String() },
  { $id: 'ErrorResponse', description: '4xx/5xx error' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const Badge = Type.Object({
  kind: BadgeKindSchema,
  label: Type.String(),
  grantedAt: IsoDateTime,
});
export type Badge = Static<typeof Badge>;
