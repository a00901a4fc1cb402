import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { CREDIT_CODE_CHARSET, checkCreditCode, creditCodeCheckChar, type Fen, type InstitutionType, INSTITUTION_TYPE_LABELS, formatYuan, isPublicPrimary, isRetail, parseYuan } from '@yaojia/shared';
import { type DemoPackCodes, demoPackCodes } from './codes.js';
import { DEMO_DRUGS, DEMO_MAKERS, type DemoDrug, type DemoProduct, type MakerId } from './drugs.js';
import { DEMO_LISTED } from './listed.js';
import {
  DEMO_PLACES, GIVEN_NAMES, PRIVATE_OTHER_PREFIXES, PRIVATE_OTHER_SUFFIXES, PRIVATE_TERTIARY_NAMES, SINGLE_PHARMACY_NAMES,
  SURNAMES, VILLAGE_NAMES, type DemoRegionSlug, type District, type RegionPlaces,
} from './places.js';

export { DEMO_DRUGS, DEMO_MAKERS } from './drugs.js';
export { demoPackCodes, demoTraceCode, type DemoPackCodes } from './codes.js';
export type { DemoDrug, DemoProduct, MakerId } from './drugs.js';
export { DEMO_PLACES } from './places.js';

/**
 * Demo data written as bureau files, to be published through the real ingest (issue 3 §7).
 * Everything is drawn from a seeded PRNG, so the same seed writes the same files; only 更新时间
 * depends on `now`.
 */

export type DemoFileKind = 'catalog' | 'institutions' | 'prices' | 'listed';
export interface DemoFile {
  path: string;
  kind: DemoFileKind;
  region: DemoRegionSlug;
}
export interface DemoOptions {
  /** the demo's "now": 更新时间 are placed relative to it */
  now?: Date;
  seed?: number;
}

export const DEMO_REGION_SLUGS: readonly DemoRegionSlug[] = ['shanxi', 'shenyang'];
export const DEFAULT_DEMO_SEED = 20250601;
/** 更新时间 older than this many days are stale (regions use 30, shared/policy/regions.ts) */
export const DEMO_STALE_DAYS = 30;

// ——— PRNG ———

/** mulberry32: a tiny 32-bit PRNG, good enough for demo data and fully deterministic. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, for stable per-name seeds and codes */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** picks a key by weight */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1]![0];
  }
}

// ——— catalog ———

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
function regionCatalog(slug: DemoRegionSlug, all: DemoCatalogRow[]): DemoCatalogRow[] {
  if (slug === 'shenyang') return all;
  return all.filter((row) => row.drug.products.length > 1 || row.drug.special || hashString(`shanxi|${row.code}`) % 14 !== 0);
}

// ——— institutions ———

export interface DemoInstitution {
  /** 机构医保编码 */
  code: string;
  name: string;
  type: InstitutionType;
  district: string;
  address: string;
  lat: number;
  lng: number;
  /** 统一社会信用代码 */
  creditCode: string;
  phone: string;
  hours: string;
  /** 集采标识: 是/否 for retail and private ones, blank for public ones */
  badge: '是' | '否' | '';
  specialDesignated: boolean;
  legalRepresentative: string;
  contactName: string;
  /** 承诺 (江西/宁夏 commitment letter) */
  commitment: '按照中选价销售' | '按不高于中选价加价15%销售';
  /** 加入日期 */
  joinedAt: string;
  /** pricing behaviour the generator gave it; not written to files */
  profile: 'compliant' | 'overcharger';
}

const COUNTS: Record<InstitutionType, number> = {
  retail_chain: 72,
  retail_single: 30,
  private_tertiary: 4,
  private_other: 16,
  township_health_center: 12,
  community_health_station: 20,
  village_clinic: 20,
};

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * 统一社会信用代码 (GB 32100-2015): 登记管理部门/机构类别 (2) + 行政区划 (6) + 组织机构代码 (9, with its
 * GB 11714 check) + check character. Both check characters are computed, so the code validates.
 */
function demoCreditCode(rng: Rng, prefix: string, adminCode: string): string {
  const orgBody = Array.from({ length: 8 }, (_, i) => (i === 0 ? rng.pick(['M', 'L', 'J', 'K', 'H', '0', '1', '3', '5', '7']) : String(rng.int(0, 9))));
  const orgSum = orgBody.reduce((s, c, i) => s + CREDIT_CODE_CHARSET.indexOf(c) * ORG_WEIGHTS[i]!, 0);
  const orgCheck = 11 - (orgSum % 11);
  const org = orgBody.join('') + (orgCheck === 10 ? 'X' : orgCheck === 11 ? '0' : String(orgCheck));
  const body = `${prefix}${adminCode}${org}`;
  return body + creditCodeCheckChar(body);
}

/** 统一社会信用代码 check, for tests */
export function isValidCreditCode(code: string): boolean {
  return checkCreditCode(code).ok && code === code.trim().toUpperCase();
}

function jitter(rng: Rng, lat: number, lng: number, radiusKm: number): { lat: number; lng: number } {
  const r = radiusKm * Math.sqrt(rng.float());
  const angle = rng.float() * 2 * Math.PI;
  const dLat = (r * Math.sin(angle)) / 111.32;
  const dLng = (r * Math.cos(angle)) / (111.32 * Math.cos((lat * Math.PI) / 180));
  return { lat: Number((lat + dLat).toFixed(6)), lng: Number((lng + dLng).toFixed(6)) };
}

/** a town's centre: a stable point within the district's rural ring */
function townCentre(district: District, town: string): { lat: number; lng: number } {
  return jitter(new Rng(hashString(`${district.name}|${town}`)), district.lat, district.lng, district.radiusKm * 1.8);
}

function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
}

function phoneNumber(rng: Rng, places: RegionPlaces, mobileShare: number): string {
  if (rng.chance(mobileShare)) return `1${rng.pick(['33', '35', '38', '39', '51', '58', '59', '86', '87', '89'])}${String(rng.int(0, 99999999)).padStart(8, '0')}`;
  const digits = places.areaCode === '024' ? 8 : 7;
  return `${places.areaCode}-${rng.int(2, 8)}${String(rng.int(0, 10 ** (digits - 1) - 1)).padStart(digits - 1, '0')}`;
}

function hoursFor(rng: Rng, type: InstitutionType): string {
  switch (type) {
    case 'retail_chain':
      return rng.chance(0.12) ? '24小时营业' : rng.pick(['08:00-22:00', '07:30-22:00', '08:00-21:30', '08:30-21:00']);
    case 'retail_single':
      return rng.pick(['08:00-20:00', '07:30-21:00', '08:00-21:00', '08:30-20:30']);
    case 'private_tertiary':
      return '门诊 08:00-17:30；急诊 24小时';
    case 'private_other':
      return rng.pick(['08:00-18:00', '08:00-17:30', '08:30-20:00']);
    case 'township_health_center':
      return '08:00-12:00，14:30-18:00；急诊 24小时';
    case 'community_health_station':
      return rng.pick(['08:00-17:30', '08:00-12:00，14:00-17:30']);
    case 'village_clinic':
      return rng.pick(['08:00-12:00，14:30-18:00', '08:00-18:00']);
  }
}

/** 机构医保编码: P (定点零售药店) or H (定点医疗机构) + district code + 5 digits */
function institutionCode(rng: Rng, used: Set<string>, type: InstitutionType, district: District): string {
  const letter = isRetail(type) ? 'P' : 'H';
  for (;;) {
    const code = `${letter}${district.adminCode}${String(rng.int(10, 2999)).padStart(5, '0')}`;
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

function uniqueName(used: Set<string>, base: string, suffix: string): string {
  const numerals = ['', '二', '三', '四', '五', '六', '七', '八'];
  for (const n of numerals) {
    const name = `${base}${n}${suffix}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error(`no unique name for ${base}`);
}

function joinedDate(rng: Rng): string {
  const start = Date.UTC(2024, 2, 1);
  const end = Date.UTC(2025, 9, 31);
  return new Date(start + Math.floor(rng.float() * (end - start))).toISOString().slice(0, 10);
}

function buildInstitutions(rng: Rng, places: RegionPlaces): DemoInstitution[] {
  const usedCodes = new Set<string>();
  const usedNames = new Set<string>();
  const urban = places.districts.filter((d) => !d.rural);
  const withTowns = places.districts.filter((d) => d.towns.length > 0);
  const rural = places.districts.filter((d) => d.rural);
  const chainReps = new Map(places.chains.map((c) => [c.brand, personName(rng)]));
  const out: DemoInstitution[] = [];

  const streetAddress = (d: District, street: string) =>
    `${places.province}${places.city}${d.name}${street}${rng.int(1, 399)}${rng.chance(0.15) ? '-' + rng.int(1, 12) : ''}号`;

  for (const type of Object.keys(COUNTS) as InstitutionType[]) {
    for (let i = 0; i < COUNTS[type]; i++) {
      let district: District;
      let name: string;
      let address: string;
      let point: { lat: number; lng: number };
      let creditPrefix = '91';
      let legalRepresentative = personName(rng);
      switch (type) {
        case 'retail_chain': {
          // most chain stores in the city proper, a few in the county seats
          district = rng.chance(0.9) ? rng.pick(urban) : rng.pick(rural.length ? rural : urban);
          const chain = rng.pick(places.chains);
          const street = rng.pick(district.streets);
          name = uniqueName(usedNames, `${chain.company}${street}`, '店');
          address = streetAddress(district, street);
          point = jitter(rng, district.lat, district.lng, district.radiusKm);
          legalRepresentative = chainReps.get(chain.brand) ?? legalRepresentative;
          break;
        }
        case 'retail_single': {
          district = rng.chance(0.8) ? rng.pick(urban) : rng.pick(withTowns);
          const street = rng.pick(district.streets);
          name = uniqueName(usedNames, `${places.city}${district.name}${rng.pick(SINGLE_PHARMACY_NAMES)}`, rng.pick(['大药房', '药店', '药房']));
          address = streetAddress(district, street);
          point = jitter(rng, district.lat, district.lng, district.radiusKm);
          creditPrefix = rng.pick(['91', '92']);
          break;
        }
        case 'private_tertiary': {
          district = urban[(i * 3) % urban.length]!;
          name = PRIVATE_TERTIARY_NAMES[places.slug][i] ?? `${places.city}民营医院${i + 1}`;
          usedNames.add(name);
          address = streetAddress(district, rng.pick(district.streets));
          point = jitter(rng, district.lat, district.lng, district.radiusKm);
          creditPrefix = rng.pick(['91', '52']);
          break;
        }
        case 'private_other': {
          district = rng.chance(0.85) ? rng.pick(urban) : rng.pick(rural.length ? rural : urban);
          name = uniqueName(usedNames, `${places.city}${district.name}${rng.pick(PRIVATE_OTHER_PREFIXES)}`, rng.pick(PRIVATE_OTHER_SUFFIXES));
          address = streetAddress(district, rng.pick(district.streets));
          point = jitter(rng, district.lat, district.lng, district.radiusKm);
          creditPrefix = rng.pick(['91', '52', '92']);
          break;
        }
        case 'township_health_center': {
          district = i < withTowns.length ? withTowns[i]! : rng.pick(withTowns);
          const town = rng.pick(district.towns);
          const centre = townCentre(district, town);
          name = uniqueName(usedNames, `${district.name}${town}${rng.chance(0.3) ? '中心' : ''}`, '卫生院');
          address = `${places.province}${places.city}${district.name}${town}${rng.pick(['中心街', '府前街', '新华街', '建设路', '人民路'])}${rng.int(1, 120)}号`;
          point = jitter(rng, centre.lat, centre.lng, 0.8);
          creditPrefix = '12';
          break;
        }
        case 'community_health_station': {
          district = rng.pick(urban);
          const subdistrict = rng.pick(district.subdistricts);
          const street = rng.pick(district.streets);
          name = uniqueName(usedNames, `${district.name}${subdistrict}${street.replace(/(街|路|大街)$/, '')}社区`, '卫生服务站');
          address = streetAddress(district, street);
          point = jitter(rng, district.lat, district.lng, district.radiusKm);
          creditPrefix = '12';
          break;
        }
        case 'village_clinic': {
          district = rng.chance(0.75) ? rng.pick(rural.length ? rural : withTowns) : rng.pick(withTowns);
          const town = rng.pick(district.towns);
          const village = rng.pick(VILLAGE_NAMES);
          const centre = townCentre(district, town);
          name = uniqueName(usedNames, `${district.name}${town}${village}村`, '卫生室');
          address = `${places.province}${places.city}${district.name}${town}${village}村`;
          point = jitter(rng, centre.lat, centre.lng, 2.5);
          creditPrefix = '52';
          break;
        }
      }
      const publicPrimary = isPublicPrimary(type);
      const retail = isRetail(type);
      const markupShare = places.slug === 'shenyang' ? 0.4 : 0.15;
      out.push({
        code: institutionCode(rng, usedCodes, type, district),
        name,
        type,
        district: district.name,
        address,
        lat: point.lat,
        lng: point.lng,
        creditCode: demoCreditCode(rng, creditPrefix, district.adminCode),
        phone: phoneNumber(rng, places, type === 'village_clinic' ? 0.7 : type === 'retail_single' ? 0.3 : 0.05),
        hours: hoursFor(rng, type),
        badge: publicPrimary ? '' : rng.chance(0.8) ? '是' : '否',
        specialDesignated:
          type === 'private_tertiary' || (type === 'retail_chain' && rng.chance(0.1)) || (type === 'private_other' && rng.chance(0.05)),
        legalRepresentative,
        contactName: rng.chance(0.3) ? legalRepresentative : personName(rng),
        commitment: retail && rng.chance(markupShare) ? '按不高于中选价加价15%销售' : '按照中选价销售',
        joinedAt: joinedDate(rng),
        profile: !publicPrimary && rng.chance(retail ? 0.12 : 0.06) ? 'overcharger' : 'compliant',
      });
    }
  }
  return out;
}

// ——— offers ———

export type DemoPriceClass = 'equal' | 'below' | 'within_15' | 'above_15';

export interface DemoOffer {
  institutionCode: string;
  productCode: string;
  sellingPrice: Fen;
  winningPrice: Fen;
  onlinePrice: Fen | null;
  stock: number;
  observedAt: Date;
  /** selling price against 中选价: equal, below, up to +15 % (the loosest rule, 江西), above +15 % */
  priceClass: DemoPriceClass;
}

/** the class of a selling price against the winning price, +15 % being the loosest regional rule */
export function classifyDemoPrice(selling: Fen, winning: Fen): DemoPriceClass {
  if (selling === winning) return 'equal';
  if (selling < winning) return 'below';
  return selling * 100 <= winning * 115 ? 'within_15' : 'above_15';
}

const OFFER_RANGE: Record<InstitutionType, [number, number]> = {
  // numbers of generics (by 通用名); pharmacies end up with 50–120 products
  retail_chain: [55, 105],
  retail_single: [50, 85],
  private_tertiary: [85, 130],
  private_other: [50, 75],
  township_health_center: [40, 75],
  community_health_station: [30, 60],
  village_clinic: [20, 36],
};
const MAX_PRODUCTS: Partial<Record<InstitutionType, number>> = { retail_chain: 120, retail_single: 120, village_clinic: 40 };
const PRIMARY_AREAS = new Set(['心脑血管', '内分泌及代谢', '全身用抗感染', '消化系统', '呼吸系统', '神经精神']);

function drawSellingPrice(rng: Rng, inst: DemoInstitution, slug: DemoRegionSlug, winning: Fen): Fen {
  let kind: 'equal' | 'below' | 'within' | 'above';
  if (isPublicPrimary(inst.type)) {
    // 零差率: exactly the 中选价, with a few violations
    kind = rng.weighted({ equal: 0.975, within: 0.018, above: 0.007 });
  } else if (!isRetail(inst.type)) {
    // 民营医疗机构: at most the 中选价 (000, 001)
    kind = inst.profile === 'overcharger' ? rng.weighted({ equal: 0.4, within: 0.3, above: 0.3 }) : rng.weighted({ equal: 0.74, below: 0.22, within: 0.025, above: 0.015 });
  } else if (inst.profile === 'overcharger') {
    kind = rng.weighted({ equal: 0.3, within: 0.35, above: 0.35 });
  } else {
    const markup = inst.commitment === '按不高于中选价加价15%销售';
    const within = markup ? 0.45 : slug === 'shanxi' ? 0.06 : 0.12;
    kind = rng.weighted({ equal: 0.7 - within * 0.6, below: 0.3 - within * 0.4, within, above: 0.025 });
  }
  const roundTo = (fen: number, mode: 'floor' | 'ceil') => {
    // shelf prices over 5 yuan end in a whole 角
    const step = fen >= 500 ? 10 : 1;
    return (mode === 'floor' ? Math.floor(fen / step) : Math.ceil(fen / step)) * step;
  };
  switch (kind) {
    case 'equal':
      return winning;
    case 'below':
      return Math.max(1, Math.min(winning - 1, roundTo(winning * rng.between(0.86, 0.99), 'floor')));
    case 'within':
      return Math.max(winning + 1, Math.min(Math.floor((winning * 115) / 100), roundTo(winning * rng.between(1.02, 1.15), 'floor')));
    case 'above':
      return Math.max(Math.floor((winning * 115) / 100) + 1, roundTo(winning * rng.between(1.2, 1.8), 'ceil'));
  }
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;

/** a moment `daysAgo` days before `now`, between 08:00 and 21:30 Beijing time, never after `now` */
function workingHoursTime(rng: Rng, now: Date, daysAgo: number): Date {
  const midnight = Math.floor((now.getTime() + BEIJING) / DAY) * DAY - BEIJING; // Beijing midnight today
  let t = midnight - daysAgo * DAY + rng.between(8, 21.5) * HOUR;
  if (t > now.getTime()) t -= DAY;
  return new Date(Math.floor(t / 60_000) * 60_000);
}

function buildOffers(rng: Rng, slug: DemoRegionSlug, catalog: DemoCatalogRow[], institutions: DemoInstitution[], now: Date): DemoOffer[] {
  const byGeneric = new Map<string, DemoCatalogRow[]>();
  for (const row of catalog) byGeneric.set(row.drug.genericName, [...(byGeneric.get(row.drug.genericName) ?? []), row]);
  const generics = [...byGeneric.values()];
  const offers: DemoOffer[] = [];

  for (const inst of institutions) {
    const primary = isPublicPrimary(inst.type);
    const eligible = generics.filter((rows) => {
      const drug = rows[0]!.drug;
      // 沈阳: 特药 only at institutions designated for them (003); kept the same in 山西 for realism
      if (drug.special && !inst.specialDesignated) return false;
      if (primary && (drug.therapeuticArea === '肿瘤' || rows.every((r) => r.winningPrice > 10000))) return false;
      return true;
    });
    // weighted order without replacement (Efraimidis–Spirakis): recommended and common areas first
    const ordered = eligible
      .map((rows) => {
        const drug = rows[0]!.drug;
        let w = drug.recommended ? 2.4 : 1;
        if (PRIMARY_AREAS.has(drug.therapeuticArea)) w *= primary ? 2 : 1.3;
        return { rows, key: Math.log(rng.float() || Number.MIN_VALUE) / w };
      })
      .sort((a, b) => b.key - a.key);
    const [min, max] = OFFER_RANGE[inst.type];
    const target = rng.int(min, max);
    const maxProducts = MAX_PRODUCTS[inst.type] ?? Infinity;

    // an institution updates its prices in one go, mostly; about one in twelve has not for over a month
    const stale = rng.chance(0.08);
    const baseDaysAgo = stale ? rng.int(35, 120) : rng.int(0, 10);
    const chosen: DemoCatalogRow[] = [];
    for (const { rows } of ordered.slice(0, target)) {
      if (chosen.length >= maxProducts) break;
      const first = rng.pick(rows);
      chosen.push(first);
      const second = rows.find((r) => r !== first);
      if (second && chosen.length < maxProducts && rng.chance(inst.type === 'private_tertiary' ? 0.35 : 0.15)) chosen.push(second);
    }
    for (const row of chosen) {
      const sellingPrice = drawSellingPrice(rng, inst, slug, row.winningPrice);
      const stockDraw = rng.float();
      const stock = stockDraw < 0.06 ? 0 : stockDraw < 0.16 ? rng.int(1, 5) : inst.type === 'village_clinic' ? rng.int(6, 40) : rng.int(6, 300);
      // one forgotten line now and then
      const daysAgo = !stale && rng.chance(0.03) ? rng.int(32, 90) : baseDaysAgo + (rng.chance(0.2) ? 1 : 0);
      const observed = workingHoursTime(rng, now, daysAgo);
      let onlinePrice: Fen | null = null;
      if (inst.type === 'retail_chain' && rng.chance(0.1)) {
        // 江西 requires online = offline (001 七); some chains' online shops differ
        onlinePrice = rng.chance(0.5) ? sellingPrice : Math.max(1, Math.round(sellingPrice * rng.pick([0.92, 0.95, 0.97, 1.05, 1.1])));
      }
      offers.push({
        institutionCode: inst.code,
        productCode: row.code,
        sellingPrice,
        winningPrice: row.winningPrice,
        onlinePrice,
        stock,
        observedAt: observed,
        priceClass: classifyDemoPrice(sellingPrice, row.winningPrice),
      });
    }
  }
  return offers;
}

// ——— the whole data set ———

export interface DemoRegionData {
  slug: DemoRegionSlug;
  places: RegionPlaces;
  catalog: DemoCatalogRow[];
  institutions: DemoInstitution[];
  offers: DemoOffer[];
}

export function buildDemoData(options: DemoOptions = {}): DemoRegionData[] {
  const now = options.now ?? new Date();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const all = demoCatalog();
  return DEMO_REGION_SLUGS.map((slug) => {
    const rng = new Rng((seed ^ hashString(slug)) >>> 0);
    const places = DEMO_PLACES[slug];
    const catalog = regionCatalog(slug, all);
    const institutions = buildInstitutions(rng, places);
    const offers = buildOffers(rng, slug, catalog, institutions, now);
    return { slug, places, catalog, institutions, offers };
  });
}

// ——— file writing ———

/** "12.50" mostly; a few as bureaus' spreadsheets write them: "12.50元", "￥12.5" */
function priceText(rng: Rng, fen: Fen): string {
  const yuan = formatYuan(fen);
  const r = rng.float();
  if (r < 0.04) return `${yuan}元`;
  if (r < 0.08) return `￥${yuan.replace(/\.?0+$/, '')}`;
  return yuan;
}

/** 更新时间 in Beijing time, "2025-06-01 14:32" */
function beijingTime(d: Date): string {
  return new Date(d.getTime() + BEIJING).toISOString().slice(0, 16).replace('T', ' ');
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csv(rows: Array<Array<string | number>>, eol = '\n'): string {
  return rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;
}

const yesNo = (b: boolean) => (b ? '是' : '否');
/** exceljs stamps workbook and zip entries with the current time; fix them so the bytes are stable */
const FIXED_FILE_TIME = new Date(Date.UTC(2025, 5, 1, 0, 0, 0));

/** Sets every zip entry's DOS modification time to FIXED_FILE_TIME (headers only; CRCs are unaffected). */
function normalizeZipTimes(buf: Buffer): Buffer {
  const d = FIXED_FILE_TIME;
  const dosTime = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const dosDate = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return buf;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && buf.readUInt32LE(p) === 0x02014b50; n++) {
    buf.writeUInt16LE(dosTime, p + 12);
    buf.writeUInt16LE(dosDate, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) === 0x04034b50) {
      buf.writeUInt16LE(dosTime, local + 10);
      buf.writeUInt16LE(dosDate, local + 12);
    }
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '药价通 demo';
  wb.created = FIXED_FILE_TIME;
  wb.modified = FIXED_FILE_TIME;
  return wb;
}

async function writeWorkbook(wb: ExcelJS.Workbook, path: string): Promise<void> {
  const raw = await wb.xlsx.writeBuffer();
  await writeFile(path, normalizeZipTimes(Buffer.from(raw as ArrayBuffer)));
}

function catalogValues(row: DemoCatalogRow) {
  const { drug, product } = row;
  return {
    code: row.code,
    name: drug.genericName,
    brand: product.brandName ?? '',
    form: drug.dosageForm,
    spec: product.spec,
    ratio: product.conversionRatio,
    minUnit: drug.minUnit,
    packUnit: product.packUnit ?? drug.packUnit,
    packaging: product.packaging ?? drug.packaging,
    maker: row.makerName,
    bidder: row.makerName,
    approvalNo: row.approvalNo,
    area: drug.therapeuticArea,
    recommended: yesNo(drug.recommended),
    special: yesNo(drug.special),
    identifiers: row.packCodes.identifiers.join('、'),
    standardCode: row.packCodes.standard,
    barcode: row.packCodes.ean13,
  };
}

/** 山西: .xlsx, a merged title row above the header, a blank row and a footnote at the end */
async function writeShanxiCatalog(path: string, data: DemoRegionData): Promise<void> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('三进品种目录');
  const header = ['序号', '药品统一编码', '产品名称', '商品名', '剂型', '规格', '转换比', '最小制剂单位', '最小包装单位', '包装材质', '生产企业', '投标企业', '中选价格（元）', '批准文号', '治疗领域', '推荐配备', '特药', '药品标识码', '本位码', '条形码'];
  ws.addRow(['山西省集采药品“三进”工作品种目录（第二批）']);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow(header).font = { bold: true };
  data.catalog.forEach((row, i) => {
    const v = catalogValues(row);
    const r = ws.addRow([i + 1, v.code, v.name, v.brand, v.form, v.spec, v.ratio, v.minUnit, v.packUnit, v.packaging, v.maker, v.bidder, row.winningPrice / 100, v.approvalNo, v.area, v.recommended, v.special, v.identifiers, v.standardCode, v.barcode]);
    r.getCell(13).numFmt = '0.00';
  });
  ws.addRow([]);
  const foot = ws.addRow(['注：1.中选价格为最小包装单位价格，单位为元；2.本目录实行动态调整，“即申即纳”，以山西省医疗保障局最新公布为准。']);
  ws.mergeCells(foot.number, 1, foot.number, header.length);
  ws.columns.forEach((c, i) => {
    c.width = [6, 26, 24, 10, 10, 18, 8, 8, 8, 14, 30, 30, 12, 22, 12, 8, 6, 18, 16, 16][i] ?? 12;
  });
  await writeWorkbook(wb, path);
}

/** 沈阳: GBK .csv (as exported from Excel on a Chinese Windows), two title rows above the header, CRLF */
async function writeShenyangCatalog(path: string, data: DemoRegionData): Promise<void> {
  const header = ['医保药品编码', '药品名称', '商品名称', '剂型', '规格', '转换系数', '最小制剂单位', '最小包装单位', '包装材质', '生产企业', '投标企业', '中选价(元)', '批准文号', '药品类别', '推荐配备', '特药', '追溯码前7位', '本位码', '商品条码'];
  const blank = header.map(() => '');
  const rows: Array<Array<string | number>> = [
    ['沈阳市集采药品“三进”工作药品目录', ...blank.slice(1)],
    ['（联盟地区执行，动态更新，以沈阳市医疗保障局最新公布为准）', ...blank.slice(1)],
    header,
    ...data.catalog.map((row) => {
      const v = catalogValues(row);
      return [v.code, v.name, v.brand, v.form, v.spec, v.ratio, v.minUnit, v.packUnit, v.packaging, v.maker, v.bidder, formatYuan(row.winningPrice), v.approvalNo, v.area, v.recommended, v.special, v.identifiers.replace(/、/g, '；'), v.standardCode, v.barcode];
    }),
    blank,
    blank,
  ];
  await writeFile(path, iconv.encode(csv(rows, '\r\n'), 'gbk'));
}

function institutionValues(inst: DemoInstitution) {
  return [
    inst.name, inst.code, INSTITUTION_TYPE_LABELS[inst.type], inst.address, inst.lng.toFixed(6), inst.lat.toFixed(6), inst.creditCode,
    inst.legalRepresentative, inst.contactName, inst.phone, inst.hours, inst.badge, yesNo(inst.specialDesignated), inst.commitment,
    inst.district, inst.joinedAt,
  ];
}

/** 山西: UTF-8 CSV with a BOM (Excel's "CSV UTF-8") */
async function writeShanxiInstitutions(path: string, data: DemoRegionData): Promise<void> {
  const header = ['机构名称', '机构医保编码', '机构类型', '地址', '经度', '纬度', '统一社会信用代码', '法人代表', '联系人', '联系电话', '营业时间', '集采标识', '特药定点', '承诺', '区县', '加入日期'];
  await writeFile(path, '\uFEFF' + csv([header, ...data.institutions.map(institutionValues)]));
}

/** 沈阳: .xlsx with a merged title row and 宁夏 附件1-style headers */
async function writeShenyangInstitutions(path: string, data: DemoRegionData): Promise<void> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('参与机构名单');
  const header = ['单位名称', '定点机构编码', '机构类别', '单位地址', '经度', '纬度', '统一社会信用代码', '法定代表人', '联系人', '联系电话', '营业时间', '集采便民标识', '是否特药定点', '价格承诺', '所在区县', '加入时间'];
  ws.addRow(['沈阳市集采药品“三进”参与医药机构名单']);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.addRow(header).font = { bold: true };
  for (const inst of data.institutions) {
    const v = institutionValues(inst);
    // coordinates as numbers, the way a GIS export writes them
    ws.addRow([...v.slice(0, 4), inst.lng, inst.lat, ...v.slice(6)]);
  }
  await writeWorkbook(wb, path);
}

async function writePrices(path: string, data: DemoRegionData, rng: Rng): Promise<void> {
  const header =
    data.slug === 'shanxi'
      ? ['机构医保编码', '药品统一编码', '销售价', '网售价', '库存', '更新时间']
      : ['定点机构编码', '医保药品编码', '零售价格', '线上价格', '库存数量', '价格更新时间'];
  const rows = data.offers.map((o) => [
    o.institutionCode, o.productCode, priceText(rng, o.sellingPrice), o.onlinePrice === null ? '' : priceText(rng, o.onlinePrice), o.stock, beijingTime(o.observedAt),
  ]);
  await writeFile(path, csv([header, ...rows]));
}

/** 挂网药品价格 (UTF-8 CSV): the originator brands of molecules the region's catalog lists */
async function writeListed(path: string, data: DemoRegionData): Promise<void> {
  const generics = new Set(data.catalog.map((r) => r.drug.genericName));
  const header = ['医保药品编码', '通用名', '商品名', '剂型', '规格', '转换比', '生产企业', '挂网价格（元）', '是否原研', '是否过评'];
  const rows = DEMO_LISTED.filter((l) => generics.has(l.genericName)).map((l) => [
    l.code, l.genericName, l.brandName, l.dosageForm, l.spec, l.conversionRatio, l.maker, l.listedPrice, yesNo(l.original), '是',
  ]);
  await writeFile(path, csv([header, ...rows]));
}

/** File names written for a region, in publish order. */
export const DEMO_FILE_NAMES: Record<DemoRegionSlug, Record<DemoFileKind, string>> = {
  shanxi: { catalog: 'shanxi-catalog.xlsx', institutions: 'shanxi-institutions.csv', prices: 'shanxi-prices.csv', listed: 'shanxi-listed.csv' },
  shenyang: { catalog: 'shenyang-catalog.csv', institutions: 'shenyang-institutions.xlsx', prices: 'shenyang-prices.csv', listed: 'shenyang-listed.csv' },
};

/**
 * Writes the demo bureau files into `dir` and returns them in publish order: for each region its
 * catalog, then institutions, then prices.
 */
export async function writeDemoFiles(dir: string, options: DemoOptions = {}): Promise<DemoFile[]> {
  await mkdir(dir, { recursive: true });
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const files: DemoFile[] = [];
  for (const data of buildDemoData(options)) {
    const names = DEMO_FILE_NAMES[data.slug];
    const catalogPath = join(dir, names.catalog);
    const institutionsPath = join(dir, names.institutions);
    const pricesPath = join(dir, names.prices);
    if (data.slug === 'shanxi') {
      await writeShanxiCatalog(catalogPath, data);
      await writeShanxiInstitutions(institutionsPath, data);
    } else {
      await writeShenyangCatalog(catalogPath, data);
      await writeShenyangInstitutions(institutionsPath, data);
    }
    await writePrices(pricesPath, data, new Rng((seed ^ hashString(`${data.slug}|prices`)) >>> 0));
    const listedPath = join(dir, names.listed);
    await writeListed(listedPath, data);
    files.push(
      { path: catalogPath, kind: 'catalog', region: data.slug },
      { path: institutionsPath, kind: 'institutions', region: data.slug },
      { path: pricesPath, kind: 'prices', region: data.slug },
      { path: listedPath, kind: 'listed', region: data.slug },
    );
  }
  return files;
}
