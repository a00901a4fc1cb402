import { toHalfWidth } from './money.js';

/**
 * The codes printed on a medicine pack, and the one a bureau's catalog is keyed by:
 * - 药品追溯码: 20 digits (NMPA 药品追溯码编码要求 NMPAB/T 1002-2019); its first 7 digits are the
 *   药品标识码, which identifies product, strength and pack size — one product may have several.
 * - 国家药品编码本位码: 14 digits starting 86 (国家药品编码, 86 = China).
 * - 商品条码: EAN-13 (GB 12904), 69… for a Chinese-registered maker; validated by its check digit.
 * - 医保药品编码: the national medical-insurance code the catalog is keyed by (letters and digits,
 *   e.g. XC08CAA040A001010100001).
 */
export const DRUG_CODE_KINDS = ['trace', 'identifier', 'standard', 'ean13', 'insurance'] as const;
export type DrugCodeKind = (typeof DRUG_CODE_KINDS)[number];

/** What each kind is called on a pack or in a catalog, in plain words for citizens. */
export const DRUG_CODE_LABELS: Record<DrugCodeKind, string> = {
  trace: '追溯码',
  identifier: '药品标识码',
  standard: '药品本位码',
  ean13: '商品条码',
  insurance: '医保药品编码',
};

/** The kinds a catalog may list for a product (a 追溯码 is matched through its 药品标识码). */
export const CATALOG_CODE_KINDS = ['identifier', 'standard', 'ean13'] as const;
export type CatalogCodeKind = (typeof CATALOG_CODE_KINDS)[number];

/** EAN-13 / GTIN check digit (GS1 General Specifications 7.9.1): weights 1,3,1,3… from the left over 12 digits. */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/** A catalog cell's code of `kind`: the cleaned code, or what was expected. */
export function checkCatalogCode(kind: CatalogCodeKind, code: string): { ok: true; code: string } | { ok: false; expected: string } {
  const c = toHalfWidth(code).replace(/[\s-]+/g, '');
  if (kind === 'identifier') {
    // a whole 20-digit 追溯码 in the column: its 药品标识码 is the first 7 digits
    if (/^\d{20}$/.test(c)) return { ok: true, code: c.slice(0, 7) };
    return /^\d{7}$/.test(c) ? { ok: true, code: c } : { ok: false, expected: 'a 7-digit 药品标识码 (the first 7 digits of the 追溯码), e.g. 8123456' };
  }
  if (kind === 'standard') {
    return /^86\d{12}$/.test(c) ? { ok: true, code: c } : { ok: false, expected: 'a 14-digit 本位码 starting 86, e.g. 86901234000012' };
  }
  if (!/^\d{13}$/.test(c)) return { ok: false, expected: 'a 13-digit EAN-13 barcode, e.g. 6901234567892' };
  if (!isValidEan13(c)) return { ok: false, expected: `an EAN-13 barcode whose last digit is its check digit (${ean13CheckDigit(c.slice(0, 12))} for ${c.slice(0, 12)}…)` };
  return { ok: true, code: c };
}

/** Codes separated by 、 ; , or a line break (which a spreadsheet cell may show as a space) in one catalog cell. */
export function splitCodes(cell: string): string[] {
  return cell.split(/[、;；,，\s]+/).map((s) => s.trim()).filter(Boolean);
}

export type ClassifiedCode =
  | { ok: true; kind: DrugCodeKind; /** what to look up: a 追溯码's 药品标识码, the code itself otherwise */ key: string }
  | { ok: false; message: string };

/** GS1 element string from a DataMatrix: (01) + GTIN-14; a GTIN-14 starting 0 carries an EAN-13. */
const GS1_GTIN = /^\(?01\)?(\d{14})/;

/**
 * What a scanned or typed code is. Accepts full-width digits, spaces and hyphens between digit groups,
 * a GS1 "(01)…" element string, and a 追溯码 inside a URL (some packs' QR codes carry one).
 */
export function classifyDrugCode(input: string): ClassifiedCode {
  const raw = toHalfWidth(input).trim();
  if (!raw) return { ok: false, message: '请输入药盒上的条形码、追溯码或医保药品编码' };
  const compact = raw.replace(/[\s-]+/g, '');
  const gs1 = GS1_GTIN.exec(compact);
  if (gs1?.[1] && compact.length > 16 && gs1[1].startsWith('0') && isValidEan13(gs1[1].slice(1))) {
    return { ok: true, kind: 'ean13', key: gs1[1].slice(1) };
  }
  if (/^\d+$/.test(compact)) {
    switch (compact.length) {
      case 20:
        return { ok: true, kind: 'trace', key: compact.slice(0, 7) };
      case 7:
        return { ok: true, kind: 'identifier', key: compact };
      case 14:
        if (compact.startsWith('86')) return { ok: true, kind: 'standard', key: compact };
        // a GTIN-14 with a leading 0 is an EAN-13
        if (compact.startsWith('0') && isValidEan13(compact.slice(1))) return { ok: true, kind: 'ean13', key: compact.slice(1) };
        return { ok: false, message: '14 位的药品本位码应以 86 开头，请核对后重新输入' };
      case 13:
        if (isValidEan13(compact)) return { ok: true, kind: 'ean13', key: compact };
        return { ok: false, message: '这个 13 位条形码的校验位不对，可能扫错或输错了，请再试一次' };
      default:
        return { ok: false, message: `不是可识别的药品编码（${compact.length} 位数字）：追溯码 20 位，药品标识码 7 位，本位码 14 位，条形码 13 位` };
    }
  }
  // a URL or text around a 20-digit 追溯码
  const embedded = /(?:^|\D)(\d{20})(?:\D|$)/.exec(compact);
  if (embedded?.[1] && /^(https?:|[a-z]+:\/\/)/i.test(compact)) return { ok: true, kind: 'trace', key: embedded[1].slice(0, 7) };
  const upper = compact.toUpperCase();
  // 医保药品编码: a letter then letters and digits (national codes are 20–27 characters; provinces' own codes shorter)
  if (/^[A-Z][0-9A-Z]{7,39}$/.test(upper) && /\d/.test(upper)) return { ok: true, kind: 'insurance', key: upper };
  return { ok: false, message: '不是可识别的药品编码：请输入药盒上的条形码、追溯码或医保药品编码' };
}
