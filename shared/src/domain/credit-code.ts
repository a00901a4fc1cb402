/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and 20 capital letters (no I, O, Z, S, V):
 * 登记管理部门码 (1) + 机构类别码 (1) + 登记管理机关行政区划码 (6 digits) + 主体标识码 (9, GB 11714)
 * + 校验码 (1). Check digit: C18 = 31 − (Σ Ci·Wi mod 31), Wi = 3^(i−1) mod 31; 31 → 0.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CHARSET = CREDIT_CODE_CHARSET;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck = { ok: true; code: string } | { ok: false; reason: string };

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c]!;
}

export function checkCreditCode(input: string): CreditCodeCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: `统一社会信用代码 must be 18 characters, got ${code.length}` };
  const bad = [...code].findIndex((ch) => !CHARSET.includes(ch));
  if (bad >= 0) return { ok: false, reason: `统一社会信用代码 character ${bad + 1} "${code[bad]}" is not allowed (0-9 and capital letters except I, O, Z, S, V)` };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, reason: '统一社会信用代码 characters 3-8 must be the 6-digit 行政区划码' };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return { ok: false, reason: `统一社会信用代码 check character is "${code[17]}", expected "${expected}" (GB 32100-2015) — a typo?` };
  return { ok: true, code };
}
