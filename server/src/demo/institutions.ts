import { join } from 'node:path';
import { CREDIT_CODE_CHARSET, checkCreditCode, creditCodeCheckChar, type InstitutionType, isPublicPrimary, isRetail } from '@yaojia/shared';
import { GIVEN_NAMES, PRIVATE_OTHER_PREFIXES, PRIVATE_OTHER_SUFFIXES, PRIVATE_TERTIARY_NAMES, SINGLE_PHARMACY_NAMES, SURNAMES, VILLAGE_NAMES, type District, type RegionPlaces } from './places.js';
import { hashString, Rng } from './random.js';

/** Demo institutions: names, places, codes, phones and hours as a region's list would have them. */
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

export function buildInstitutions(rng: Rng, places: RegionPlaces): DemoInstitution[] {
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
