import type { ReportCreateBody, ReportKind } from '@yaojia/shared';
import { YUAN_INPUT_PATTERN } from '@yaojia/shared/domain/constants';

const YUAN = new RegExp(YUAN_INPUT_PATTERN);

/** Typed against the shared union: a new kind fails the build until it has words here. */
export const REPORT_KIND_OPTIONS: Record<ReportKind, string> = {
  price_mismatch: '价格与公示不符',
  out_of_stock: '缺货、买不到',
  bundled_sale: '搭售/捆绑销售',
  refused_sale: '拒绝销售',
  other: '其他问题',
};

export interface ReportForm {
  kind: ReportKind | null;
  observedPrice: string;
  note: string;
}

export type ReportValidation = { ok: true; body: ReportCreateBody } | { ok: false; message: string };

/** Same rules as the API's ReportCreateBody, checked before sending so the citizen sees them at once. */
export function validateReport(institutionId: number, productCode: string | undefined, form: ReportForm): ReportValidation {
  if (!Number.isInteger(institutionId) || institutionId < 1) return { ok: false, message: '缺少机构信息，请从机构页面进入' };
  if (!form.kind) return { ok: false, message: '请选择问题类型' };
  const price = form.observedPrice.trim();
  if (price && !YUAN.test(price)) return { ok: false, message: '实际价格请填写数字，最多两位小数' };
  if (form.kind === 'price_mismatch' && !price) return { ok: false, message: '请填写您实际看到或支付的价格' };
  const note = form.note.trim();
  if (note.length > 500) return { ok: false, message: '补充说明最多 500 字' };
  if (form.kind === 'other' && !note) return { ok: false, message: '请简单说明遇到的问题' };
  const body: ReportCreateBody = { institutionId, kind: form.kind };
  if (productCode) body.productCode = productCode;
  if (price) body.observedPrice = price;
  if (note) body.note = note;
  return { ok: true, body };
}
