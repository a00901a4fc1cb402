import { TOKEN_PREFIX, YUAN_INPUT_PATTERN } from '@yaojia/shared/domain/constants';
import type { ComplianceResponse, MyOffer, MyOfferPatch, ShortageCreateBody, StockState } from '@yaojia/shared';

/** 药店自查: pure logic for the pharmacy subpackage (token, price edit form, shortage form). */

export { TOKEN_PREFIX };

/** A pasted token: spaces and line breaks removed, an accidental "Bearer " prefix dropped. */
export function normalizeToken(input: string): string {
  return input.replace(/\s+/g, '').replace(/^Bearer/i, '');
}

/** null when the text looks like a token; otherwise what to tell the pharmacy. */
export function tokenProblem(token: string): string | null {
  if (!token) return '请粘贴医保部门发放的登录令牌';
  if (!token.startsWith(TOKEN_PREFIX)) return `令牌格式不对：医保部门发放的令牌以 ${TOKEN_PREFIX} 开头，请检查是否复制完整`;
  if (token.length < 20) return '令牌不完整：请把医保部门发放的令牌完整复制后粘贴';
  return null;
}

/** The API's YuanInput pattern: up to 6 digits, up to two decimals. */
const YUAN = new RegExp(YUAN_INPUT_PATTERN);

export function yuanProblem(text: string): string | null {
  if (!text) return '请填写价格';
  // never guess: "2,83" is not 283 and "-1" is not 1 (the field is plain text, so nothing is dropped on the way)
  if (/[,，]/.test(text)) return '请用小数点分隔元和角分，如 2.83（不要用逗号）';
  if (/^[-－]/.test(text)) return '价格不能是负数';
  if (!YUAN.test(text)) return '价格格式不对：单位为元，最多两位小数，如 12.50';
  if (Number(text) <= 0) return '价格必须大于 0';
  return null;
}

export type EditField = 'sellingPrice' | 'onlinePrice' | 'stockState' | 'stockCount';
export type FieldErrors = Partial<Record<EditField | 'form', string>>;

export interface OfferEditForm {
  sellingPrice: string;
  /** "与线下一致": the online price is the selling price */
  onlineSame: boolean;
  /** used when onlineSame is off; '' = not sold online */
  onlinePrice: string;
  stockState: StockState;
  /** '' = count not given */
  stockCount: string;
}

/** The listing does not publish stock counts, so the count starts empty (only the state is sent then). */
export function formFromOffer(o: Pick<MyOffer, 'sellingPrice' | 'onlinePrice' | 'stock'>): OfferEditForm {
  return {
    sellingPrice: o.sellingPrice,
    onlineSame: o.onlinePrice !== null && o.onlinePrice === o.sellingPrice,
    onlinePrice: o.onlinePrice ?? '',
    stockState: o.stock,
    stockCount: '',
  };
}

export type PatchResult = { ok: true; body: MyOfferPatch } | { ok: false; errors: FieldErrors };

/**
 * The PATCH body from the form. The selling price is always sent: a price confirmed unchanged is an
 * observation too (it clears the stale mark). `initialStock` is the published state, so an untouched
 * stock state is not sent. Checks what the API would reject, in the same words.
 */
export function buildOfferPatch(form: OfferEditForm, initialStock?: StockState): PatchResult {
  const errors: FieldErrors = {};
  const selling = form.sellingPrice.trim();
  const sp = yuanProblem(selling);
  if (sp) errors.sellingPrice = sp;

  let onlinePrice: string | null;
  if (form.onlineSame) onlinePrice = selling;
  else {
    const online = form.onlinePrice.trim();
    onlinePrice = online === '' ? null : online;
    const op = online === '' ? null : yuanProblem(online);
    if (op) errors.onlinePrice = op;
  }

  let stockCount: number | null = null;
  const countText = form.stockCount.trim();
  if (countText !== '') {
    if (!/^\d{1,8}$/.test(countText)) errors.stockCount = '库存数量请填整数（盒），可以不填';
    else stockCount = Number(countText);
  }
  if (stockCount !== null && !errors.stockCount && (form.stockState === 'out_of_stock') !== (stockCount === 0)) {
    errors.stockCount = form.stockState === 'out_of_stock' ? '选了“暂时缺货”，库存数量应为 0' : '库存为 0 时请选“暂时缺货”';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const body: MyOfferPatch = { sellingPrice: selling, onlinePrice };
  // the stock state only when changed or counted: the API clears the stored count when a state comes alone
  if (stockCount !== null || form.stockState !== initialStock) body.stockState = form.stockState;
  if (stockCount !== null) body.stockCount = stockCount;
  return { ok: true, body };
}

/**
 * A 400 from the API in the form's terms: schema errors name the field ("body/sellingPrice must match
 * pattern …"), the repository's name it first ("sellingPrice must be a price greater than 0").
 */
export function fieldErrorsFromApi(message: string): FieldErrors {
  const fields: EditField[] = ['sellingPrice', 'onlinePrice', 'stockState', 'stockCount'];
  const hit = fields.find((f) => new RegExp(`(^|[/\\s.])${f}\\b`).test(message));
  if (!hit) return { form: message };
  if (hit === 'stockState' || hit === 'stockCount') {
    if (/contradicts/.test(message)) return { stockCount: '库存状态和数量不一致：数量为 0 时请选“暂时缺货”' };
    return { [hit]: `库存填写有误：${message}` };
  }
  return { [hit]: `价格填写有误（单位为元，最多两位小数，大于 0）：${message}` };
}

/** How an offer of my listing is highlighted: what citizens see as a warning. */
export interface OfferFlags {
  stale: boolean;
  aboveRule: boolean;
}

export function offerFlags(o: Pick<MyOffer, 'stale' | 'markup'>): OfferFlags {
  return { stale: o.stale, aboveRule: o.markup.status === 'above_rule' };
}

/** Failed items first, in the API's order otherwise. */
export function orderChecklist(items: ComplianceResponse['items']): ComplianceResponse['items'] {
  return [...items.filter((i) => !i.passed), ...items.filter((i) => i.passed)];
}

/** "YYYY-MM-DD" of `now` in China time. */
export function chinaDay(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface ShortageForm {
  productCode: string;
  since: string;
  evidence: string;
}

export type ShortageResult = { ok: true; body: ShortageCreateBody } | { ok: false; errors: Partial<Record<keyof ShortageForm, string>> };

export function validateShortage(form: ShortageForm, now: Date = new Date()): ShortageResult {
  const errors: Partial<Record<keyof ShortageForm, string>> = {};
  const productCode = form.productCode.trim().toUpperCase();
  const since = form.since.trim();
  const evidence = form.evidence.trim();
  if (!productCode) errors.productCode = '请选择或填写药品统一编码';
  else if (productCode.length > 40) errors.productCode = '药品统一编码太长';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(`${since}T00:00:00Z`))) errors.since = '请填写开始短缺的日期，如 2026-11-01';
  else if (since > chinaDay(now)) errors.since = '开始日期不能晚于今天';
  if (evidence.length < 4) errors.evidence = '请写明佐证（至少 4 个字），如订单号、配送企业答复';
  else if (evidence.length > 1000) errors.evidence = '佐证最多 1000 字';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { productCode, since, evidence } };
}

/**
 * What to ask before saving a price: above the cap of the rule the public page judges by (naming it), or a
 * change of more than ×3 or ÷3 from the price now shown (a slipped decimal point). Empty: save at once.
 */
export function priceChecks(next: string, o: { sellingPrice: string; markup: { cap: string; rule: { name: string } } }): string[] {
  const fen = Math.round(Number(next) * 100);
  const cur = Math.round(Number(o.sellingPrice) * 100);
  const cap = Math.round(Number(o.markup.cap) * 100);
  const asks: string[] = [];
  if (Number.isFinite(fen) && fen > cap) asks.push(`¥${(fen / 100).toFixed(2)} 高于规定上限 ¥${o.markup.cap}（${o.markup.rule.name}），群众端会标为“高于规定价格”。`);
  if (cur > 0 && (fen > cur * 3 || fen * 3 < cur)) asks.push(`新价格 ¥${(fen / 100).toFixed(2)} 与现在的 ¥${o.sellingPrice} 相差 3 倍以上，请确认没有多输或少输小数点。`);
  return asks;
}

/**
 * A CSV problem in the pharmacy's words: the API's message is written for the bureau's logs (file name,
 * English), so the page says what is wrong with the cell from its column and value.
 */
export function uploadIssueText(e: { column: string | null; value?: string; message: string }): string {
  const v = e.value !== undefined && e.value !== '' ? `“${e.value}”` : '这一格';
  const c = e.column ?? '';
  if (c.includes('编码')) return `${v}不是本地区集采目录中的药品统一编码，请核对`;
  if (c.includes('价')) return `${v}不是有效的价格：请写成 12.50 这样的数字（单位：元）`;
  if (c.includes('库存')) return `${v}不是有效的库存数量：请填整数（盒），可以空着`;
  if (c.includes('时间') || c.includes('日期')) return `${v}不是有效的日期：请写成 2026-11-20 或 2026-11-20 09:30，可以空着`;
  if (!e.column) return /[\u4e00-\u9fff]/.test(e.message) && !/[a-z]{4,}/i.test(e.message) ? e.message : '文件无法识别：请确认是 CSV 表格，第一行是列名（药品统一编码、销售价…）';
  return `${v}有问题，请检查这一格`;
}
