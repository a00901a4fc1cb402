import { type Fen, parseYuan } from '@yaojia/shared';
import { type DemoPackCodes, demoPackCodes } from './codes.js';
import { DEMO_DRUGS, DEMO_MAKERS, type DemoDrug, type DemoProduct, type MakerId } from './drugs.js';
import { type DemoRegionSlug } from './places.js';
import { hashString } from './random.js';

/** The demo catalog: every demo product with its code, approval number and winning price. */
export interface DemoCatalogRow {
  /** 药品统一编码 */
  code: string;
  drug: DemoDrug;
  product: DemoProduct;
  makerName: string;
  approvalNo: string;
  winningPrice: Fen;
  /** 药品标识码, 本位码, 条形码 printed on the pack */
  packCodes: DemoPackCodes;
}

const FORM_LETTERS: Array<[RegExp, string]> = [
  [/滴眼液/, 'E'], [/乳膏|软膏|凝胶/, 'F'], [/气雾剂|粉雾剂|喷雾剂|吸入用/, 'G'], [/口服溶液/, 'H'],
  [/散|颗粒/, 'D'], [/胶囊/, 'B'], [/片/, 'A'],
];
const MAKER_IDS = Object.keys(DEMO_MAKERS) as MakerId[];

/**
 * A plausible 药品统一编码 (23 chars, the national code's shape: X + ATC group + generic, form, spec,
 * pack and maker segments). Generated, not a real registration; unique per product.
 */
export function demoProductCode(drugIndex: number, drug: DemoDrug, product: DemoProduct): string {
  const form = FORM_LETTERS.find(([re]) => re.test(drug.dosageForm))?.[1] ?? 'Z';
  const specs = [...new Set(drug.products.map((p) => p.spec))];
  const ratios = [...new Set(drug.products.map((p) => p.conversionRatio))].sort((a, b) => a - b);
  const maker = MAKER_IDS.indexOf(product.maker) * 37 + 1021;
  return [
    'X', drug.atcGroup, 'A', String(drugIndex + 1).padStart(3, '0'), form,
    String(specs.indexOf(product.spec) + 1).padStart(3, '0'),
    String(ratios.indexOf(product.conversionRatio) + 1).padStart(2, '0'),
    '01',
    String(maker).padStart(5, '0'),
  ].join('');
}

/** 国药准字H + 8 digits: old style (province code first) or new style (H20yy….) */
function demoApprovalNo(drug: DemoDrug, product: DemoProduct): string {
  const h = hashString(`${drug.genericName}|${product.maker}|${product.spec}`);
  const tail = String(h % 10000).padStart(4, '0');
  if (h % 3 === 0) return `国药准字H${DEMO_MAKERS[product.maker].province}0${String((h >>> 8) % 100000).padStart(5, '0')}`;
  return `国药准字H20${String(13 + ((h >>> 4) % 12)).padStart(2, '0')}${tail}`;
}

/** All products of the demo table as catalog rows (both regions draw from these). */
export function demoCatalog(): DemoCatalogRow[] {
  return DEMO_DRUGS.flatMap((drug, i) =>
    drug.products.map((product) => {
      const winningPrice = parseYuan(product.winningPrice);
      if (winningPrice === null) throw new Error(`bad winning price ${product.winningPrice} for ${drug.genericName}`);
      return {
        code: demoProductCode(i, drug, product),
        drug,
        product,
        makerName: DEMO_MAKERS[product.maker].name,
        approvalNo: demoApprovalNo(drug, product),
        winningPrice,
      };
    }),
  ).map((row, i) => ({ ...row, packCodes: demoPackCodes(i, row.code, row.makerName) }));
}

/** A region's catalog: 山西 leaves out about one product in twenty (lists differ by province). */
export function regionCatalog(slug: DemoRegionSlug, all: DemoCatalogRow[]): DemoCatalogRow[] {
  if (slug === 'shenyang') return all;
  return all.filter((row) => row.drug.products.length > 1 || row.drug.special || hashString(`shanxi|${row.code}`) % 14 !== 0);
}
