/**
 * Money is integer fen (分) everywhere in storage and logic; yuan strings only at the edges.
 * A bureau file writes prices as "12.50", "12.50元", "￥12.5", "¥ 1,234.5" or with full-width digits.
 */
export type Fen = number;

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;

/** Full-width ASCII (０-９, Ａ-Ｚ, ．…) → half-width, ideographic space → space. */
export function toHalfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Parses a yuan amount into fen, exactly (no binary floats). Returns null if it is not a price. */
export function parseYuan(input: string | number | null | undefined): Fen | null {
  if (input === null || input === undefined) return null;
  let s = typeof input === 'number' ? String(input) : toHalfWidth(input);
  s = s.replace(/[\s,]/g, '').replace(/^[¥￥]|^RMB|^人民币/i, '').replace(/(元|圆|RMB)$/i, '');
  // exceljs may hand us a float like 12.499999999999998 for a cell typed 12.5
  if (typeof input === 'number') s = input.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = (m[2] ?? '').padEnd(3, '0');
  // round half up on the third decimal (厘)
  const fen = whole * 100 + Number(frac.slice(0, 2)) + (Number(frac[2]) >= 5 ? 1 : 0);
  return Number.isSafeInteger(fen) ? fen : null;
}

/** 1250 → "12.50" */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
