import { ean13CheckDigit } from '@yaojia/shared';

/**
 * Pack codes for the demo products (issue 15): well-formed, deterministic, not real registrations.
 * - 药品标识码: 7 digits, 8… like the 追溯码 segments in use; every fifth product has a second one
 *   (a product may carry several, e.g. one per packaging line).
 * - 本位码: 86 + 12 digits.
 * - 商品条码: EAN-13 with the 69 prefix of a Chinese maker, a per-maker block, the product's number and
 *   its computed check digit.
 * The position `index` in the demo catalog makes each code unique.
 */
export interface DemoPackCodes {
  identifiers: string[];
  standard: string;
  ean13: string;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function demoPackCodes(index: number, productCode: string, makerName: string): DemoPackCodes {
  const h = fnv(productCode);
  const identifiers = [`81${String(10_000 + index * 7 + (h % 7)).padStart(5, '0')}`];
  if (index % 5 === 0) identifiers.push(`83${String(20_000 + index * 7 + ((h >>> 3) % 7)).padStart(5, '0')}`);
  const standard = `86${String(900_000_000_000 + index * 1_009 + (h % 1_000)).padStart(12, '0')}`;
  const maker = String(10_000 + (fnv(makerName) % 80_000)).padStart(5, '0');
  const first12 = `69${maker}${String(index).padStart(5, '0')}`;
  return { identifiers, standard, ean13: `${first12}${ean13CheckDigit(first12)}` };
}

/**
 * A full 20-digit 追溯码 as printed on one box of the product: its 药品标识码 then a 9-digit serial
 * (单品序列号) and 4 more digits, as a scanner would read it.
 */
export function demoTraceCode(codes: DemoPackCodes, serial = 1): string {
  return `${codes.identifiers[0]}${String(100_000_000 + serial).slice(-9)}${String(2_600 + (serial % 100)).padStart(4, '0')}`;
}
