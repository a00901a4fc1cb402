import type { Fen } from './money.js';

/**
 * Defined Daily Doses (DDD) of the 集采 molecules in the catalog, so a citizen compares what the same
 * amount of medicine costs a day, not what one tablet costs (a 0.25 g 二甲双胍 tablet is not half the
 * price of a 0.5 g one per dose; it is the same or dearer).
 *
 * Source: WHO Collaborating Centre for Drug Statistics Methodology, ATC/DDD Index (https://atcddd.fhi.no/atc_ddd_index/),
 * oral route unless the entry says otherwise. A DDD is "the assumed average maintenance dose per day for a
 * drug used for its main indication in adults" — a yardstick for comparing products, not a prescription;
 * the UI says "约" and "按世卫组织限定日剂量估算".
 *
 * `null`: the Index assigns no DDD for that form (most skin and eye preparations) or we could not confirm
 * one; such products compare by price per mg (or g / μg) of active ingredient instead (`amountCost`).
 * Keyed by 通用名 as the catalog writes it (产品名称), the way products are grouped everywhere else.
 */
export interface Ddd {
  /** ATC code of the substance (level 5) */
  atc: string;
  /** the daily dose, in `unit` of the active moiety the 规格 states */
  dose: number;
  /**
   * mg / g / μg: an amount of active ingredient, compared with the 规格's amount;
   * 'UD': unit doses (WHO writes combination products and some tablets as "1 UD" / "1 tablet")
   */
  unit: 'mg' | 'g' | 'μg' | 'UD';
  /** route when not oral */
  route?: 'Inhal' | 'N';
  /** the component of a combination the DDD refers to (its amount is read from the 规格) */
  component?: string;
}

const d = (atc: string, dose: number, unit: Ddd['unit'], extra: Partial<Pick<Ddd, 'route' | 'component'>> = {}): Ddd => ({ atc, dose, unit, ...extra });

export const DDD_SOURCE = 'WHO ATC/DDD Index（世界卫生组织药物统计方法合作中心）';

export const DDD_TABLE: Readonly<Record<string, Ddd | null>> = {
  // ——— 心脑血管 ———
  苯磺酸氨氯地平片: d('C08CA01', 5, 'mg'),
  马来酸左旋氨氯地平片: d('C08CA17', 2.5, 'mg'),
  苯磺酸左氨氯地平片: d('C08CA17', 2.5, 'mg'),
  硝苯地平控释片: d('C08CA05', 30, 'mg'),
  非洛地平缓释片: d('C08CA02', 5, 'mg'),
  尼莫地平片: d('C08CA06', 0.3, 'g'),
  厄贝沙坦片: d('C09CA04', 150, 'mg'),
  厄贝沙坦氢氯噻嗪片: d('C09DA04', 1, 'UD'),
  氯沙坦钾片: d('C09CA01', 50, 'mg'),
  缬沙坦胶囊: d('C09CA03', 80, 'mg'),
  替米沙坦片: d('C09CA07', 40, 'mg'),
  坎地沙坦酯片: d('C09CA06', 8, 'mg'),
  奥美沙坦酯片: d('C09CA08', 20, 'mg'),
  马来酸依那普利片: d('C09AA02', 10, 'mg'),
  赖诺普利片: d('C09AA03', 10, 'mg'),
  福辛普利钠片: d('C09AA09', 15, 'mg'),
  培哚普利叔丁胺片: d('C09AA04', 4, 'mg'),
  // the DDD (0.15 g) is written for metoprolol tartrate; 47.5 mg succinate ≙ 50 mg tartrate
  琥珀酸美托洛尔缓释片: d('C07AB02', 142.5, 'mg'),
  酒石酸美托洛尔片: d('C07AB02', 0.15, 'g'),
  富马酸比索洛尔片: d('C07AB07', 10, 'mg'),
  卡维地洛片: d('C07AG02', 37.5, 'mg'),
  吲达帕胺缓释片: d('C03BA11', 2.5, 'mg'),
  氢氯噻嗪片: d('C03AA03', 25, 'mg'),
  螺内酯片: d('C03DA01', 75, 'mg'),
  阿托伐他汀钙片: d('C10AA05', 20, 'mg'),
  瑞舒伐他汀钙片: d('C10AA07', 10, 'mg'),
  辛伐他汀片: d('C10AA01', 30, 'mg'),
  匹伐他汀钙片: d('C10AA08', 2, 'mg'),
  普伐他汀钠片: d('C10AA03', 30, 'mg'),
  依折麦布片: d('C10AX09', 10, 'mg'),
  非诺贝特胶囊: d('C10AB05', 0.2, 'g'),
  硫酸氢氯吡格雷片: d('B01AC04', 75, 'mg'),
  // WHO: acetylsalicylic acid as antithrombotic, "1 tablet" whatever the strength
  阿司匹林肠溶片: d('B01AC06', 1, 'UD'),
  替格瑞洛片: d('B01AC24', 180, 'mg'),
  西洛他唑片: d('B01AC23', 0.2, 'g'),
  利伐沙班片: d('B01AF01', 10, 'mg'),
  阿哌沙班片: d('B01AF02', 10, 'mg'),
  达比加群酯胶囊: d('B01AE07', 0.3, 'g'),
  华法林钠片: d('B01AA03', 7.5, 'mg'),
  单硝酸异山梨酯缓释片: d('C01DA14', 40, 'mg'),
  盐酸曲美他嗪缓释片: null,
  盐酸胺碘酮片: d('C01BD01', 0.2, 'g'),
  甲磺酸多沙唑嗪缓释片: d('C02CA04', 4, 'mg'),
  // ——— 消化系统 ———
  奥美拉唑肠溶胶囊: d('A02BC01', 20, 'mg'),
  艾司奥美拉唑镁肠溶片: d('A02BC05', 30, 'mg'),
  兰索拉唑肠溶胶囊: d('A02BC03', 30, 'mg'),
  泮托拉唑钠肠溶片: d('A02BC02', 40, 'mg'),
  雷贝拉唑钠肠溶片: d('A02BC04', 20, 'mg'),
  法莫替丁片: d('A02BA03', 40, 'mg'),
  枸橼酸莫沙必利片: null,
  多潘立酮片: d('A03FA03', 30, 'mg'),
  匹维溴铵片: d('A03AX04', 0.15, 'g'),
  蒙脱石散: d('A07BC05', 9, 'g'),
  瑞巴派特片: d('A02BX14', 0.3, 'g'),
  熊去氧胆酸片: d('A05AA02', 0.75, 'g'),
  美沙拉秦肠溶片: d('A07EC02', 1.5, 'g'),
  聚乙二醇4000散: d('A06AD15', 10, 'g'),
  乳果糖口服溶液: d('A06AD11', 6.7, 'g'),
  盐酸洛哌丁胺胶囊: d('A07DA03', 10, 'mg'),
  铝碳酸镁咀嚼片: null,
  // ——— 内分泌及代谢 ———
  盐酸二甲双胍片: d('A10BA02', 2, 'g'),
  盐酸二甲双胍缓释片: d('A10BA02', 2, 'g'),
  格列美脲片: d('A10BB12', 2, 'mg'),
  格列齐特缓释片: d('A10BB09', 60, 'mg'),
  格列吡嗪片: d('A10BB07', 10, 'mg'),
  阿卡波糖片: d('A10BF01', 0.3, 'g'),
  伏格列波糖片: d('A10BF03', 0.6, 'mg'),
  瑞格列奈片: d('A10BX02', 4, 'mg'),
  盐酸吡格列酮片: d('A10BG03', 30, 'mg'),
  磷酸西格列汀片: d('A10BH01', 0.1, 'g'),
  维格列汀片: d('A10BH02', 0.1, 'g'),
  沙格列汀片: d('A10BH03', 5, 'mg'),
  利格列汀片: d('A10BH05', 5, 'mg'),
  达格列净片: d('A10BK01', 10, 'mg'),
  恩格列净片: d('A10BK03', 17.5, 'mg'),
  左甲状腺素钠片: d('H03AA01', 0.15, 'mg'),
  甲巯咪唑片: d('H03BB02', 10, 'mg'),
  非布司他片: d('M04AA03', 80, 'mg'),
  别嘌醇片: d('M04AA01', 0.4, 'g'),
  苯溴马隆片: d('M04AB03', 0.1, 'g'),
  骨化三醇软胶囊: d('A11CC04', 1, 'μg'),
  // weekly 70 mg tablet: one tablet covers 7 days
  阿仑膦酸钠片: d('M05BA04', 10, 'mg'),
  // ——— 呼吸系统 ———
  孟鲁司特钠片: d('R03DC03', 10, 'mg'),
  孟鲁司特钠咀嚼片: d('R03DC03', 10, 'mg'),
  盐酸氨溴索片: d('R05CB06', 0.12, 'g'),
  乙酰半胱氨酸泡腾片: d('R05CB01', 0.5, 'g'),
  羧甲司坦片: d('R05CB03', 1.5, 'g'),
  氯雷他定片: d('R06AX13', 10, 'mg'),
  地氯雷他定片: d('R06AX27', 5, 'mg'),
  盐酸西替利嗪片: d('R06AE07', 10, 'mg'),
  盐酸左西替利嗪片: d('R06AE09', 5, 'mg'),
  富马酸酮替芬片: d('R06AX17', 2, 'mg'),
  硫酸沙丁胺醇吸入气雾剂: d('R03AC02', 0.8, 'mg', { route: 'Inhal' }),
  噻托溴铵吸入粉雾剂: d('R03BB04', 18, 'μg', { route: 'Inhal' }),
  吸入用布地奈德混悬液: d('R03BA02', 1.5, 'mg', { route: 'Inhal' }),
  吸入用异丙托溴铵溶液: d('R03BB01', 0.3, 'mg', { route: 'Inhal' }),
  布地奈德鼻喷雾剂: d('R01AD05', 0.2, 'mg', { route: 'N' }),
  糠酸莫米松鼻喷雾剂: d('R01AD09', 0.2, 'mg', { route: 'N' }),
  // ——— 全身用抗感染 ———
  阿莫西林胶囊: d('J01CA04', 1.5, 'g'),
  阿莫西林克拉维酸钾片: d('J01CR02', 1.5, 'g', { component: '阿莫西林' }),
  头孢呋辛酯片: d('J01DC02', 0.5, 'g'),
  头孢克洛胶囊: d('J01DC04', 1, 'g'),
  头孢丙烯片: d('J01DC10', 1, 'g'),
  头孢氨苄胶囊: d('J01DB01', 2, 'g'),
  头孢拉定胶囊: d('J01DB09', 2, 'g'),
  头孢克肟片: d('J01DD08', 0.4, 'g'),
  头孢地尼胶囊: d('J01DD15', 0.6, 'g'),
  阿奇霉素片: d('J01FA10', 0.3, 'g'),
  克拉霉素片: d('J01FA09', 0.5, 'g'),
  罗红霉素胶囊: d('J01FA06', 0.3, 'g'),
  左氧氟沙星片: d('J01MA12', 0.5, 'g'),
  盐酸莫西沙星片: d('J01MA14', 0.4, 'g'),
  盐酸环丙沙星片: d('J01MA02', 1, 'g'),
  甲硝唑片: d('P01AB01', 2, 'g'),
  利奈唑胺片: d('J01XX08', 1.2, 'g'),
  氟康唑胶囊: d('J02AC01', 0.2, 'g'),
  伏立康唑片: d('J02AC03', 0.4, 'g'),
  阿昔洛韦片: d('J05AB01', 4, 'g'),
  盐酸伐昔洛韦片: d('J05AB11', 3, 'g'),
  磷酸奥司他韦胶囊: d('J05AH02', 0.15, 'g'),
  恩替卡韦片: d('J05AF10', 0.5, 'mg'),
  恩替卡韦分散片: d('J05AF10', 0.5, 'mg'),
  // WHO: 245 mg tenofovir disoproxil = one 300 mg tablet of the fumarate, which the 规格 states
  富马酸替诺福韦二吡呋酯片: d('J05AF07', 300, 'mg'),
  富马酸丙酚替诺福韦片: d('J05AF13', 25, 'mg'),
  拉米夫定片: d('J05AF05', 0.3, 'g'),
  阿德福韦酯片: d('J05AF08', 10, 'mg'),
  利福平胶囊: d('J04AB02', 0.6, 'g'),
  // ——— 泌尿生殖 ———
  盐酸坦索罗辛缓释胶囊: d('G04CA02', 0.4, 'mg'),
  非那雄胺片: d('G04CB01', 5, 'mg'),
  盐酸特拉唑嗪片: d('G04CA03', 5, 'mg'),
  酒石酸托特罗定片: d('G04BD07', 4, 'mg'),
  琥珀酸索利那新片: d('G04BD08', 5, 'mg'),
  枸橼酸西地那非片: d('G04BE03', 50, 'mg'),
  他达拉非片: d('G04BE08', 10, 'mg'),
  黄体酮软胶囊: d('G03DA04', 0.3, 'g'),
  米拉贝隆缓释片: d('G04BD12', 50, 'mg'),
  // ——— 皮肤病: the Index gives no DDD for most topical preparations ———
  阿昔洛韦乳膏: null,
  莫匹罗星软膏: null,
  夫西地酸乳膏: null,
  糠酸莫米松乳膏: null,
  盐酸特比萘芬乳膏: null,
  硝酸咪康唑乳膏: null,
  阿达帕林凝胶: null,
  他克莫司软膏: null,
  卡泊三醇软膏: null,
  异维A酸软胶囊: d('D10BA01', 30, 'mg'),
  // ——— 神经精神 ———
  草酸艾司西酞普兰片: d('N06AB10', 10, 'mg'),
  盐酸帕罗西汀片: d('N06AB05', 20, 'mg'),
  盐酸舍曲林片: d('N06AB06', 50, 'mg'),
  盐酸氟西汀胶囊: d('N06AB03', 20, 'mg'),
  盐酸度洛西汀肠溶胶囊: d('N06AX21', 60, 'mg'),
  盐酸文拉法辛缓释片: d('N06AX16', 0.1, 'g'),
  米氮平片: d('N06AX11', 30, 'mg'),
  奥氮平片: d('N05AH03', 10, 'mg'),
  利培酮片: d('N05AX08', 5, 'mg'),
  富马酸喹硫平片: d('N05AH04', 0.4, 'g'),
  阿立哌唑片: d('N05AX12', 15, 'mg'),
  左乙拉西坦片: d('N03AX14', 1.5, 'g'),
  拉莫三嗪片: d('N03AX09', 0.3, 'g'),
  奥卡西平片: d('N03AF02', 1, 'g'),
  丙戊酸钠缓释片: d('N03AG01', 1.5, 'g'),
  加巴喷丁胶囊: d('N03AX12', 1.8, 'g'),
  普瑞巴林胶囊: d('N03AX16', 0.3, 'g'),
  盐酸多奈哌齐片: d('N06DA02', 7.5, 'mg'),
  盐酸美金刚片: d('N06DX01', 20, 'mg'),
  盐酸普拉克索片: d('N04BC05', 2.5, 'mg'),
  对乙酰氨基酚片: d('N02BE01', 3, 'g'),
  布洛芬片: d('M01AE01', 1.2, 'g'),
  布洛芬缓释胶囊: d('M01AE01', 1.2, 'g'),
  甲钴胺片: null,
  塞来昔布胶囊: d('M01AH01', 0.4, 'g'),
  依托考昔片: d('M01AH05', 60, 'mg'),
  洛索洛芬钠片: null,
  双氯芬酸钠缓释片: d('M01AB05', 0.1, 'g'),
  盐酸乙哌立松片: d('M03BX09', 0.15, 'g'),
  秋水仙碱片: d('M04AC01', 1, 'mg'),
  硫酸羟氯喹片: d('P01BA02', 0.516, 'g'),
  来氟米特片: d('L04AA13', 20, 'mg'),
  甲氨蝶呤片: d('L04AX03', 2.5, 'mg'),
  枸橼酸托法替布片: d('L04AF01', 10, 'mg'),
  醋酸泼尼松片: d('H02AB07', 10, 'mg'),
  甲泼尼龙片: d('H02AB04', 7.5, 'mg'),
  叶酸片: d('B03BB01', 0.4, 'mg'),
  氯化钾缓释片: d('A12BA01', 3, 'g'),
  // ——— 眼科: no DDD for most eye drops ———
  左氧氟沙星滴眼液: null,
  玻璃酸钠滴眼液: null,
  妥布霉素地塞米松滴眼液: null,
  溴芬酸钠滴眼液: null,
  拉坦前列素滴眼液: null,
  // ——— 肿瘤 ———
  吉非替尼片: d('L01EB01', 0.25, 'g'),
  甲磺酸伊马替尼片: d('L01EA01', 0.6, 'g'),
  盐酸厄洛替尼片: d('L01EB02', 0.15, 'g'),
  醋酸阿比特龙片: d('L02BX03', 1, 'g'),
  达沙替尼片: d('L01EA02', 0.1, 'g'),
  甲苯磺酸索拉非尼片: d('L01EX02', 0.8, 'g'),
  来那度胺胶囊: null,
  来曲唑片: d('L02BG04', 2.5, 'mg'),
  阿那曲唑片: d('L02BG03', 1, 'mg'),
  依西美坦片: d('L02BG06', 25, 'mg'),
  枸橼酸他莫昔芬片: d('L02BA01', 20, 'mg'),
  比卡鲁胺片: d('L02BB03', 50, 'mg'),
  卡培他滨片: d('L01BC06', 3, 'g'),
  替吉奥胶囊: null,
};

/** The DDD of a 通用名; undefined when the table does not list it, null when it lists "no DDD". */
export function dddFor(genericName: string): Ddd | null | undefined {
  return Object.hasOwn(DDD_TABLE, genericName) ? DDD_TABLE[genericName] : undefined;
}

const TO_MG: Record<string, number> = { mg: 1, g: 1000, μg: 0.001, ug: 0.001, mcg: 0.001 };
const AMOUNT = /(\d+(?:\.\d+)?)\s*(mg|g|μg|ug|mcg)(?![a-z])/i;

/**
 * Active ingredient in one smallest unit (片/粒/支/瓶), in mg, read from the 规格:
 * "5mg" → 5; "0.5g" → 500; "50μg" → 0.05; "100ml:66.7g" → 66700 (what follows the colon);
 * "64μg×120喷" → 7.68 (a spray bottle holds 120 doses); "3%（10g:0.3g）" → 300;
 * with `component`, the amount written after that name ("阿莫西林0.25g/克拉维酸0.125g" → 250).
 * null when the 规格 states no single amount (e.g. "150mg/12.5mg" without a component).
 */
export function amountPerUnitMg(spec: string, component?: string): number | null {
  const s = spec.replace(/：/g, ':').replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/[＊*]/g, '×');
  let text = s;
  if (component) {
    const at = s.indexOf(component);
    if (at < 0) return null;
    text = s.slice(at + component.length);
  } else {
    const paren = /\(([^)]*)\)/.exec(s);
    if (paren && /[:：]/.test(paren[1]!)) text = paren[1]!;
    else if (/\//.test(s)) return null; // a combination: which component would the amount be?
    if (text.includes(':')) text = text.slice(text.indexOf(':') + 1);
  }
  const m = AMOUNT.exec(text);
  if (!m) return null;
  let mg = Number(m[1]) * TO_MG[m[2]!.toLowerCase() === 'μg' ? 'μg' : m[2]!.toLowerCase()]!;
  const times = /×\s*(\d+)\s*(揿|喷|撳|次)/.exec(text.slice(m.index));
  if (times) mg *= Number(times[1]);
  return mg;
}

export interface DailyCost {
  /** fractional fen per day of treatment by the DDD */
  fenPerDay: number;
  /** smallest units (片/粒…) one DDD takes */
  unitsPerDay: number;
  ddd: Ddd;
}

/**
 * What a day of treatment costs at one pack price, by the WHO DDD: the price of the units one DDD takes.
 * null when the molecule has no DDD or the 规格 states no amount to compare with it.
 */
export function dailyCost(genericName: string, spec: string, packPriceFen: Fen, conversionRatio: number): DailyCost | null {
  const ddd = dddFor(genericName);
  if (!ddd) return null;
  const units = dddUnits(ddd, spec);
  if (units === null) return null;
  const perUnitFen = packPriceFen / (conversionRatio > 0 ? conversionRatio : 1);
  return { fenPerDay: perUnitFen * units, unitsPerDay: units, ddd };
}

function dddUnits(ddd: Ddd, spec: string): number | null {
  if (ddd.unit === 'UD') return ddd.dose;
  const mg = amountPerUnitMg(spec, ddd.component);
  return mg ? (ddd.dose * TO_MG[ddd.unit]!) / mg : null;
}

/**
 * Smallest units (片/粒…) a day by the WHO DDD ("5mg" 氨氯地平 → 1, "10mg" → 0.5, "0.25g" 二甲双胍 → 8);
 * null when the molecule has no DDD or the 规格 states no amount to compare with it.
 */
export function unitsPerDay(genericName: string, spec: string): number | null {
  const ddd = dddFor(genericName);
  return ddd ? dddUnits(ddd, spec) : null;
}

export const DAYS_PER_MONTH = 30;

/**
 * Packs that last a month: ceil(30 × units a day / units a pack), units a day from the WHO DDD (one a day
 * when there is none), at least one pack. A default the citizen edits, not a prescription.
 */
export function defaultMonthlyPacks(genericName: string, spec: string, conversionRatio: number): { unitsPerDay: number; packs: number } {
  const units = unitsPerDay(genericName, spec) ?? 1;
  return { unitsPerDay: units, packs: monthlyPacksAt(units, conversionRatio) };
}

/** Packs that last a month at `units` a day (at least one). */
export function monthlyPacksAt(units: number, conversionRatio: number): number {
  // round away float noise first (0.1 × 30 is 3.0000000000000004, which must not become 4 packs)
  const needed = Math.round(((units * DAYS_PER_MONTH) / Math.max(1, conversionRatio)) * 1e9) / 1e9;
  return Math.max(1, Math.ceil(needed));
}

/** Price per mg of active ingredient (fractional fen), the comparison where there is no DDD; null without an amount. */
export function amountCost(spec: string, packPriceFen: Fen, conversionRatio: number): number | null {
  const mg = amountPerUnitMg(spec);
  if (!mg) return null;
  return packPriceFen / (conversionRatio > 0 ? conversionRatio : 1) / mg;
}

/**
 * The number a "cheapest for the same amount of medicine" ranking sorts by: fen per DDD day where there is
 * one, else fen per mg (comparable only among products of one 通用名, which is what a ranking compares),
 * else fen per smallest unit.
 */
export function comparableCost(genericName: string, spec: string, packPriceFen: Fen, conversionRatio: number): number {
  const day = dailyCost(genericName, spec, packPriceFen, conversionRatio);
  if (day) return day.fenPerDay;
  const perMg = amountCost(spec, packPriceFen, conversionRatio);
  if (perMg !== null) return perMg;
  return packPriceFen / (conversionRatio > 0 ? conversionRatio : 1);
}

/** Yuan text of a fractional-fen cost, two decimals, at least "0.01" for a positive cost. */
function yuanOf(fen: number): string {
  const f = Math.max(fen > 0 ? 1 : 0, Math.round(fen));
  return `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;
}

/** "约 ¥0.10/天" and "约 ¥3.03/月" (30 days) for a card; null where there is no DDD. */
export function dailyCostText(genericName: string, spec: string, packPriceFen: Fen, conversionRatio: number): { day: string; month: string } | null {
  const c = dailyCost(genericName, spec, packPriceFen, conversionRatio);
  if (!c) return null;
  return { day: `约 ¥${yuanOf(c.fenPerDay)}/天`, month: `约 ¥${yuanOf(c.fenPerDay * 30)}/月` };
}

/** "约 ¥0.02/mg" (or /g for amounts of a gram and more a unit) where there is no DDD; null without an amount. */
export function amountCostText(spec: string, packPriceFen: Fen, conversionRatio: number): string | null {
  const perMg = amountCost(spec, packPriceFen, conversionRatio);
  if (perMg === null) return null;
  // per g when a milligram costs less than a fen (creams, 二甲双胍), so the figure never rounds to ¥0.00
  return perMg >= 1 ? `约 ¥${yuanOf(perMg)}/mg` : `约 ¥${yuanOf(perMg * 1000)}/g`;
}
