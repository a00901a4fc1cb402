import type { TherapeuticArea } from '@yaojia/shared';

/**
 * Demo drug table: real 集采 generic drugs (国家组织药品集中采购 batches and well-known provincial /
 * alliance ones) with their real 通用名, dosage forms and specs. Makers are companies that won the
 * molecule where known, otherwise companies that hold an approval for it; winning prices are plausible
 * per-pack prices in yuan, not quotes of a published result. 药品统一编码 and 批准文号 are generated
 * (deterministic, well-formed), not real registrations.
 *
 * The table is append-only: a drug's position fixes its 药品统一编码, so add new drugs at the end.
 */

export type MinUnit = '片' | '粒' | '袋' | '支' | '瓶';
export type PackUnit = '盒' | '瓶';

export interface DemoMaker {
  name: string;
  /** two-digit province code (GB/T 2260), used in old-style 批准文号 */
  province: string;
}

/** Makers referenced by the table, keyed by a short id. */
export const DEMO_MAKERS = {
  huahai: { name: '浙江华海药业股份有限公司', province: '33' },
  jingxin: { name: '浙江京新药业股份有限公司', province: '33' },
  qilu: { name: '齐鲁制药有限公司', province: '37' },
  ouyi: { name: '石药集团欧意药业有限公司', province: '13' },
  zhongnuo: { name: '石药集团中诺药业（石家庄）有限公司', province: '13' },
  jialin: { name: '北京嘉林药业股份有限公司', province: '11' },
  lepu: { name: '乐普药业股份有限公司', province: '11' },
  salubris: { name: '深圳信立泰药业股份有限公司', province: '44' },
  yangtze: { name: '扬子江药业集团有限公司', province: '32' },
  hansoh: { name: '江苏豪森药业集团有限公司', province: '32' },
  hengrui: { name: '江苏恒瑞医药股份有限公司', province: '32' },
  cttq: { name: '正大天晴药业集团股份有限公司', province: '32' },
  beite: { name: '成都倍特药业股份有限公司', province: '51' },
  jingwei: { name: '山东京卫制药有限公司', province: '37' },
  bmsSh: { name: '中美上海施贵宝制药有限公司', province: '31' },
  simcere: { name: '先声药业有限公司', province: '32' },
  huadong: { name: '杭州中美华东制药有限公司', province: '33' },
  hec: { name: '宜昌东阳光长江药业股份有限公司', province: '42' },
  baiyunshan: { name: '广州白云山医药集团股份有限公司白云山制药总厂', province: '44' },
  kelun: { name: '四川科伦药业股份有限公司', province: '51' },
  qianjin: { name: '湖南千金湘江药业股份有限公司', province: '43' },
  yaoyou: { name: '重庆药友制药有限责任公司', province: '50' },
  hisun: { name: '浙江海正药业股份有限公司', province: '33' },
  modern: { name: '上海现代制药股份有限公司', province: '31' },
  shuanghe: { name: '华润双鹤药业股份有限公司', province: '11' },
  fuyuan: { name: '北京福元医药股份有限公司', province: '11' },
  yuandong: { name: '成都苑东生物制药股份有限公司', province: '51' },
  xinyi: { name: '上海信谊药厂有限公司', province: '31' },
  lunan: { name: '鲁南贝特制药有限公司', province: '37' },
  xuanzhu: { name: '施慧达药业集团（吉林）有限公司', province: '22' },
  aosaikang: { name: '江苏奥赛康药业有限公司', province: '32' },
  zmc: { name: '浙江医药股份有限公司新昌制药厂', province: '33' },
  kangyu: { name: '浙江普洛康裕制药有限公司', province: '33' },
  xianju: { name: '浙江仙琚制药股份有限公司', province: '33' },
  xinhua: { name: '山东新华制药股份有限公司', province: '37' },
  sishi: { name: '石家庄四药有限公司', province: '13' },
  cisen: { name: '辰欣药业股份有限公司', province: '37' },
  huana: { name: '湖南华纳大药厂股份有限公司', province: '43' },
  dongrui: { name: '苏州东瑞制药有限公司', province: '32' },
  wanbang: { name: '江苏万邦生化医药集团有限责任公司', province: '32' },
  haisco: { name: '四川海思科制药有限公司', province: '51' },
  ncpc: { name: '华北制药股份有限公司', province: '13' },
  united: { name: '珠海联邦制药股份有限公司中山分厂', province: '44' },
  changzhou4: { name: '常州四药制药有限公司', province: '32' },
  jianfeng: { name: '浙江尖峰药业有限公司', province: '33' },
  disha: { name: '迪沙药业集团有限公司', province: '37' },
  luoxin: { name: '山东罗欣药业集团股份有限公司', province: '37' },
  jiudian: { name: '湖南九典制药股份有限公司', province: '43' },
  sanjiu: { name: '华润三九医药股份有限公司', province: '44' },
  biocare: { name: '安徽贝克生物制药有限公司', province: '34' },
  yabao: { name: '亚宝药业集团股份有限公司', province: '14' },
  aojina: { name: '沈阳奥吉娜药业有限公司', province: '21' },
  zhongxi: { name: '上海上药中西制药有限公司', province: '31' },
  kanghong: { name: '成都康弘药业集团股份有限公司', province: '51' },
  lisheng: { name: '天津力生制药股份有限公司', province: '12' },
  jichuan: { name: '济川药业集团有限公司', province: '32' },
  keyi: { name: '湖北科益药业股份有限公司', province: '42' },
  wantai: { name: '浙江万晟药业有限公司', province: '33' },
  sciencare: { name: '江西青峰药业有限公司', province: '36' },
  reyoung: { name: '瑞阳制药股份有限公司', province: '37' },
  shenyaoHq: { name: '沈阳红旗制药有限公司', province: '21' },
  mingsheng: { name: '杭州民生药业股份有限公司', province: '33' },
  zhendong: { name: '山西振东制药股份有限公司', province: '14' },
  xingqi: { name: '沈阳兴齐眼药股份有限公司', province: '21' },
  fangsheng: { name: '湖南方盛制药股份有限公司', province: '43' },
  chia: { name: '南京正大天晴制药有限公司', province: '32' },
  tiantaishan: { name: '浙江天台药业有限公司', province: '33' },
  changjiang: { name: '扬子江药业集团江苏海慈生物药业有限公司', province: '32' },
} as const satisfies Record<string, DemoMaker>;

export type MakerId = keyof typeof DEMO_MAKERS;

export interface DemoProduct {
  /** 规格 as the catalog writes it (strength only; pack size is 转换比) */
  spec: string;
  /** 转换比: smallest units per pack */
  conversionRatio: number;
  maker: MakerId;
  /** 中选价 per pack, yuan with two decimals */
  winningPrice: string;
  /** 商品名, only where the maker really markets it under that brand */
  brandName?: string;
  /** 最小包装单位 when it differs from the drug's default (e.g. a 100-tablet bottle) */
  packUnit?: PackUnit;
  /** 包装材质 when it differs from the drug's default */
  packaging?: string;
}

export interface DemoDrug {
  /** 通用名, which the catalog writes as 产品名称 */
  genericName: string;
  /** 剂型 */
  dosageForm: string;
  /** ATC level 4 group (e.g. C08CA), the basis of the generated 药品统一编码 */
  atcGroup: string;
  therapeuticArea: TherapeuticArea;
  /**
   * where the molecule was procured (国采第N批 / 省际联盟), approximate: for grouping demo data only,
   * never shown to citizens as a fact
   */
  batch: string;
  minUnit: MinUnit;
  packUnit: PackUnit;
  packaging: string;
  /** 推荐配备 (江西-style recommended list) */
  recommended: boolean;
  /** 特药 (沈阳: only institutions designated for 特药 may offer it) */
  special: boolean;
  /**
   * names citizens search by besides the 通用名: short and old names, and originator brands (络活喜, 波立维…)
   * which are not the listed generics' brands; for search and its evaluation set
   */
  commonNames: string[];
  products: DemoProduct[];
}

type P = [spec: string, ratio: number, maker: MakerId, price: string, extra?: Partial<Pick<DemoProduct, 'brandName' | 'packUnit' | 'packaging'>>];

interface Opts {
  rec?: boolean;
  special?: boolean;
  names?: string[];
  minUnit?: MinUnit;
  packUnit?: PackUnit;
  packaging?: string;
}

function defaultsFor(form: string): { minUnit: MinUnit; packUnit: PackUnit; packaging: string } {
  if (/粉雾剂|气雾剂|喷雾剂/.test(form)) return { minUnit: '瓶', packUnit: '盒', packaging: '铝罐' };
  if (/滴眼液|眼用凝胶/.test(form)) return { minUnit: '支', packUnit: '盒', packaging: '低密度聚乙烯滴眼剂瓶' };
  if (/乳膏|软膏|凝胶/.test(form)) return { minUnit: '支', packUnit: '盒', packaging: '铝管' };
  if (/吸入用/.test(form)) return { minUnit: '支', packUnit: '盒', packaging: '低密度聚乙烯安瓿' };
  if (/口服溶液/.test(form)) return { minUnit: '瓶', packUnit: '盒', packaging: '聚酯瓶' };
  if (/散|颗粒|干混悬剂/.test(form)) return { minUnit: '袋', packUnit: '盒', packaging: '复合膜袋' };
  if (/胶囊/.test(form)) return { minUnit: '粒', packUnit: '盒', packaging: '铝塑泡罩' };
  return { minUnit: '片', packUnit: '盒', packaging: '铝塑泡罩' };
}

function g(
  genericName: string,
  dosageForm: string,
  atcGroup: string,
  therapeuticArea: TherapeuticArea,
  batch: string,
  opts: Opts,
  products: P[],
): DemoDrug {
  const d = defaultsFor(dosageForm);
  return {
    genericName,
    dosageForm,
    atcGroup,
    therapeuticArea,
    batch,
    minUnit: opts.minUnit ?? d.minUnit,
    packUnit: opts.packUnit ?? d.packUnit,
    packaging: opts.packaging ?? d.packaging,
    recommended: opts.rec ?? false,
    special: opts.special ?? false,
    commonNames: opts.names ?? [],
    products: products.map(([spec, conversionRatio, maker, winningPrice, extra]) => ({
      spec,
      conversionRatio,
      maker,
      winningPrice,
      ...extra,
    })),
  };
}

const HDPE = { packUnit: '瓶', packaging: '高密度聚乙烯瓶' } as const;

const CV = '心脑血管';
const GI = '消化系统';
const RESP = '呼吸系统';
const ENDO = '内分泌及代谢';
const GU = '泌尿生殖';
const INF = '全身用抗感染';
const DERM = '皮肤病';
const NEURO = '神经精神';
const ONC = '肿瘤';
const OTHER = '其他';

export const DEMO_DRUGS: readonly DemoDrug[] = [
  // ——— 心脑血管 ———
  g('苯磺酸氨氯地平片', '片剂', 'C08CA', CV, '国采第一批', { rec: true, names: ['氨氯地平', '络活喜'] }, [
    ['5mg', 28, 'jingxin', '2.83'],
    ['5mg', 14, 'huahai', '1.62'],
  ]),
  g('马来酸左旋氨氯地平片', '片剂', 'C08CA', CV, '省际联盟', { rec: true, names: ['左旋氨氯地平'] }, [
    ['2.5mg', 14, 'ouyi', '6.30', { brandName: '玄宁' }],
  ]),
  g('苯磺酸左氨氯地平片', '片剂', 'C08CA', CV, '省际联盟', { rec: true, names: ['左氨氯地平'] }, [
    ['2.5mg', 14, 'xuanzhu', '5.88', { brandName: '施慧达' }],
  ]),
  g('硝苯地平控释片', '控释片', 'C08CA', CV, '国采第三批', { rec: true, names: ['硝苯地平', '拜新同'] }, [
    ['30mg', 7, 'modern', '8.96'],
    ['30mg', 14, 'qilu', '16.12'],
  ]),
  g('非洛地平缓释片', '缓释片', 'C08CA', CV, '国采第二批', { rec: true, names: ['非洛地平', '波依定'] }, [
    ['5mg', 10, 'yaoyou', '3.25'],
    ['2.5mg', 10, 'kangyu', '2.10'],
  ]),
  g('尼莫地平片', '片剂', 'C08CA', CV, '省际联盟', { rec: true, names: ['尼莫地平'] }, [
    ['30mg', 20, 'shuanghe', '4.20'],
  ]),
  g('厄贝沙坦片', '片剂', 'C09CA', CV, '国采第一批', { rec: true, names: ['厄贝沙坦', '安博维'] }, [
    ['75mg', 28, 'huahai', '5.60'],
    ['150mg', 28, 'huahai', '9.80'],
    ['150mg', 14, 'qilu', '5.04'],
  ]),
  g('厄贝沙坦氢氯噻嗪片', '片剂', 'C09DA', CV, '国采第一批', { rec: true, names: ['安博诺'] }, [
    ['150mg/12.5mg', 28, 'huahai', '13.16'],
  ]),
  g('氯沙坦钾片', '片剂', 'C09CA', CV, '国采第一批', { rec: true, names: ['氯沙坦', '科素亚'] }, [
    ['50mg', 28, 'huahai', '8.12'],
    ['100mg', 14, 'yangtze', '7.70'],
  ]),
  g('缬沙坦胶囊', '胶囊剂', 'C09CA', CV, '国采第二批', { rec: true, names: ['缬沙坦', '代文'] }, [
    ['80mg', 28, 'qianjin', '10.08'],
  ]),
  g('替米沙坦片', '片剂', 'C09CA', CV, '国采第二批', { rec: true, names: ['替米沙坦', '美卡素'] }, [
    ['40mg', 28, 'wanbang', '6.72'],
    ['80mg', 14, 'huahai', '6.02'],
  ]),
  g('坎地沙坦酯片', '片剂', 'C09CA', CV, '国采第三批', { rec: true, names: ['坎地沙坦'] }, [
    ['8mg', 14, 'huahai', '5.18'],
    ['4mg', 28, 'jingxin', '6.16'],
  ]),
  g('奥美沙坦酯片', '片剂', 'C09CA', CV, '国采第三批', { rec: true, names: ['奥美沙坦', '傲坦'] }, [
    ['20mg', 14, 'ouyi', '7.28'],
  ]),
  g('马来酸依那普利片', '片剂', 'C09AA', CV, '国采第一批', { rec: true, names: ['依那普利'] }, [
    ['10mg', 16, 'yangtze', '2.56'],
    ['5mg', 32, 'yangtze', '3.20'],
  ]),
  g('赖诺普利片', '片剂', 'C09AA', CV, '国采第一批', { names: ['赖诺普利'] }, [
    ['10mg', 28, 'huahai', '4.48'],
  ]),
  g('福辛普利钠片', '片剂', 'C09AA', CV, '国采第一批', { rec: true, names: ['福辛普利'] }, [
    ['10mg', 14, 'bmsSh', '12.75', { brandName: '蒙诺' }],
  ]),
  g('培哚普利叔丁胺片', '片剂', 'C09AA', CV, '国采第四批', { names: ['培哚普利'] }, [
    ['4mg', 30, 'zhongnuo', '10.50'],
  ]),
  g('琥珀酸美托洛尔缓释片', '缓释片', 'C07AB', CV, '国采第五批', { rec: true, names: ['美托洛尔缓释片', '倍他乐克'] }, [
    ['47.5mg', 7, 'ouyi', '5.46'],
    ['23.75mg', 14, 'fuyuan', '5.88'],
  ]),
  g('酒石酸美托洛尔片', '片剂', 'C07AB', CV, '省际联盟', { rec: true, names: ['美托洛尔'] }, [
    ['25mg', 20, 'lisheng', '1.90'],
  ]),
  g('富马酸比索洛尔片', '片剂', 'C07AB', CV, '国采第二批', { rec: true, names: ['比索洛尔', '康忻'] }, [
    ['5mg', 10, 'yuandong', '2.38'],
    ['2.5mg', 18, 'yuandong', '2.52'],
  ]),
  g('卡维地洛片', '片剂', 'C07AG', CV, '国采第五批', { names: ['卡维地洛'] }, [
    ['10mg', 14, 'qilu', '3.08'],
  ]),
  g('吲达帕胺缓释片', '缓释片', 'C03BA', CV, '省际联盟', { rec: true, names: ['吲达帕胺', '纳催离'] }, [
    ['1.5mg', 10, 'lisheng', '4.60'],
  ]),
  g('氢氯噻嗪片', '片剂', 'C03AA', CV, '省际联盟', { rec: true, names: ['双氢克尿噻'] }, [
    ['25mg', 100, 'xinyi', '7.80', HDPE],
  ]),
  g('螺内酯片', '片剂', 'C03DA', CV, '省际联盟', { rec: true, names: ['安体舒通'] }, [
    ['20mg', 100, 'mingsheng', '9.50', HDPE],
  ]),
  g('阿托伐他汀钙片', '片剂', 'C10AA', CV, '国采第一批', { rec: true, names: ['阿托伐他汀', '立普妥'] }, [
    ['20mg', 7, 'jialin', '6.60', { brandName: '阿乐' }],
    ['10mg', 28, 'lepu', '5.32'],
    ['20mg', 14, 'qilu', '5.74'],
  ]),
  g('瑞舒伐他汀钙片', '片剂', 'C10AA', CV, '国采第一批', { rec: true, names: ['瑞舒伐他汀', '可定'] }, [
    ['10mg', 28, 'jingxin', '6.44', { brandName: '京诺' }],
    ['5mg', 14, 'hisun', '2.52'],
  ]),
  g('辛伐他汀片', '片剂', 'C10AA', CV, '国采第五批', { rec: true, names: ['辛伐他汀'] }, [
    ['20mg', 10, 'ouyi', '1.85'],
  ]),
  g('匹伐他汀钙片', '片剂', 'C10AA', CV, '国采第三批', { names: ['匹伐他汀'] }, [
    ['2mg', 14, 'huana', '7.98'],
  ]),
  g('普伐他汀钠片', '片剂', 'C10AA', CV, '国采第五批', { names: ['普伐他汀'] }, [
    ['20mg', 14, 'hisun', '9.10'],
  ]),
  g('依折麦布片', '片剂', 'C10AX', CV, '国采第五批', { rec: true, names: ['依折麦布', '益适纯'] }, [
    ['10mg', 10, 'hisun', '12.90'],
  ]),
  g('非诺贝特胶囊', '胶囊剂', 'C10AB', CV, '省际联盟', { names: ['非诺贝特', '力平之'] }, [
    ['0.2g', 10, 'lisheng', '6.80'],
  ]),
  g('硫酸氢氯吡格雷片', '片剂', 'B01AC', CV, '国采第一批', { rec: true, names: ['氯吡格雷', '波立维'] }, [
    ['75mg', 7, 'salubris', '8.39', { brandName: '泰嘉' }],
    ['75mg', 14, 'lepu', '15.12', { brandName: '帅信' }],
  ]),
  g('阿司匹林肠溶片', '肠溶片', 'B01AC', CV, '省际联盟', { rec: true, names: ['阿司匹林', '拜阿司匹灵'] }, [
    ['100mg', 30, 'ouyi', '3.90'],
    ['100mg', 60, 'aojina', '7.20'],
  ]),
  g('替格瑞洛片', '片剂', 'B01AC', CV, '国采第二批', { rec: true, names: ['替格瑞洛', '倍林达'] }, [
    ['90mg', 14, 'salubris', '18.20', { brandName: '泰仪' }],
    ['90mg', 28, 'hansoh', '33.60'],
  ]),
  g('西洛他唑片', '片剂', 'B01AC', CV, '国采第五批', { names: ['西洛他唑'] }, [
    ['50mg', 12, 'yaoyou', '4.44'],
  ]),
  g('利伐沙班片', '片剂', 'B01AF', CV, '国采第五批', { rec: true, names: ['利伐沙班', '拜瑞妥'] }, [
    ['10mg', 10, 'cttq', '8.70'],
    ['10mg', 14, 'beite', '11.48'],
  ]),
  g('阿哌沙班片', '片剂', 'B01AF', CV, '国采第三批', { names: ['阿哌沙班', '艾乐妥'] }, [
    ['2.5mg', 10, 'hansoh', '7.10'],
  ]),
  g('达比加群酯胶囊', '胶囊剂', 'B01AE', CV, '国采第五批', { names: ['达比加群', '泰毕全'] }, [
    ['110mg', 10, 'cttq', '27.30'],
  ]),
  g('华法林钠片', '片剂', 'B01AA', CV, '省际联盟', { names: ['华法林'] }, [
    ['2.5mg', 60, 'xinyi', '14.40', HDPE],
  ]),
  g('单硝酸异山梨酯缓释片', '缓释片', 'C01DA', CV, '省际联盟', { rec: true, names: ['单硝酸异山梨酯'] }, [
    ['40mg', 24, 'lunan', '9.36'],
  ]),
  g('盐酸曲美他嗪缓释片', '缓释片', 'C01EB', CV, '国采第五批', { names: ['曲美他嗪', '万爽力'] }, [
    ['35mg', 30, 'fuyuan', '13.50'],
  ]),
  g('盐酸胺碘酮片', '片剂', 'C01BD', CV, '省际联盟', { names: ['胺碘酮', '可达龙'] }, [
    ['0.2g', 10, 'shenyaoHq', '8.20'],
  ]),
  g('甲磺酸多沙唑嗪缓释片', '缓释片', 'C02CA', CV, '国采第五批', { names: ['多沙唑嗪', '可多华'] }, [
    ['4mg', 10, 'huahai', '11.30'],
  ]),

  // ——— 消化系统 ———
  g('奥美拉唑肠溶胶囊', '肠溶胶囊', 'A02BC', GI, '国采第二批', { rec: true, names: ['奥美拉唑', '洛赛克'] }, [
    ['20mg', 14, 'changzhou4', '2.94'],
    ['20mg', 28, 'luoxin', '5.60'],
  ]),
  g('艾司奥美拉唑镁肠溶片', '肠溶片', 'A02BC', GI, '国采第三批', { rec: true, names: ['艾司奥美拉唑', '埃索美拉唑', '耐信'] }, [
    ['20mg', 7, 'aosaikang', '6.02'],
    ['40mg', 7, 'yangtze', '10.36'],
  ]),
  g('兰索拉唑肠溶胶囊', '肠溶胶囊', 'A02BC', GI, '国采第三批', { rec: true, names: ['兰索拉唑'] }, [
    ['30mg', 14, 'luoxin', '7.42'],
  ]),
  g('泮托拉唑钠肠溶片', '肠溶片', 'A02BC', GI, '国采第四批', { rec: true, names: ['泮托拉唑'] }, [
    ['40mg', 7, 'yangtze', '3.78'],
  ]),
  g('雷贝拉唑钠肠溶片', '肠溶片', 'A02BC', GI, '国采第四批', { rec: true, names: ['雷贝拉唑', '波利特'] }, [
    ['10mg', 14, 'jichuan', '6.72'],
    ['20mg', 7, 'hansoh', '5.25'],
  ]),
  g('法莫替丁片', '片剂', 'A02BA', GI, '国采第五批', { rec: true, names: ['法莫替丁'] }, [
    ['20mg', 24, 'kangyu', '3.12'],
  ]),
  g('枸橼酸莫沙必利片', '片剂', 'A03FA', GI, '国采第四批', { rec: true, names: ['莫沙必利', '加斯清'] }, [
    ['5mg', 24, 'lunan', '7.92'],
  ]),
  g('多潘立酮片', '片剂', 'A03FA', GI, '省际联盟', { rec: true, names: ['多潘立酮', '吗丁啉'] }, [
    ['10mg', 30, 'sanjiu', '6.30'],
  ]),
  g('匹维溴铵片', '片剂', 'A03AX', GI, '国采第五批', { names: ['匹维溴铵', '得舒特'] }, [
    ['50mg', 15, 'yabao', '11.25'],
  ]),
  g('蒙脱石散', '散剂', 'A07BC', GI, '国采第一批', { rec: true, names: ['思密达', '蒙脱石'] }, [
    ['3g', 10, 'simcere', '5.60', { brandName: '必奇' }],
    ['3g', 12, 'yabao', '6.36'],
  ]),
  g('瑞巴派特片', '片剂', 'A02BX', GI, '国采第五批', { names: ['瑞巴派特', '膜固思达'] }, [
    ['0.1g', 12, 'wantai', '4.92'],
  ]),
  g('熊去氧胆酸片', '片剂', 'A05AA', GI, '国采第八批', { names: ['熊去氧胆酸', '优思弗'] }, [
    ['50mg', 30, 'sishi', '9.60'],
  ]),
  g('美沙拉秦肠溶片', '肠溶片', 'A07EC', GI, '国采第五批', { names: ['美沙拉嗪', '美沙拉秦'] }, [
    ['0.5g', 24, 'jiudian', '26.40'],
  ]),
  g('聚乙二醇4000散', '散剂', 'A06AD', GI, '国采第五批', { rec: true, names: ['福松', '聚乙二醇'] }, [
    ['10g', 10, 'reyoung', '9.90'],
  ]),
  g('乳果糖口服溶液', '口服溶液剂', 'A06AD', GI, '国采第七批', { rec: true, names: ['乳果糖', '杜密克'] }, [
    ['100ml:66.7g', 1, 'fangsheng', '18.50'],
  ]),
  g('盐酸洛哌丁胺胶囊', '胶囊剂', 'A07DA', GI, '省际联盟', { names: ['洛哌丁胺', '易蒙停'] }, [
    ['2mg', 6, 'xinyi', '4.20'],
  ]),
  g('铝碳酸镁咀嚼片', '咀嚼片', 'A02AD', GI, '省际联盟', { rec: true, names: ['铝碳酸镁', '达喜'] }, [
    ['0.5g', 20, 'yabao', '7.60'],
  ]),

  // ——— 内分泌及代谢 ———
  g('盐酸二甲双胍片', '片剂', 'A10BA', ENDO, '国采第一批', { rec: true, names: ['二甲双胍', '格华止'] }, [
    ['0.5g', 20, 'disha', '1.68'],
    ['0.25g', 48, 'shuanghe', '1.90'],
  ]),
  g('盐酸二甲双胍缓释片', '缓释片', 'A10BA', ENDO, '国采第二批', { rec: true, names: ['二甲双胍缓释片'] }, [
    ['0.5g', 30, 'ouyi', '4.50'],
    ['0.5g', 60, 'disha', '7.80', HDPE],
  ]),
  g('格列美脲片', '片剂', 'A10BB', ENDO, '国采第二批', { rec: true, names: ['格列美脲', '亚莫利'] }, [
    ['2mg', 30, 'yabao', '5.70'],
    ['1mg', 30, 'huahai', '3.60'],
  ]),
  g('格列齐特缓释片', '缓释片', 'A10BB', ENDO, '国采第二批', { rec: true, names: ['格列齐特', '达美康'] }, [
    ['30mg', 30, 'kangyu', '8.40'],
  ]),
  g('格列吡嗪片', '片剂', 'A10BB', ENDO, '国采第二批', { rec: true, names: ['格列吡嗪', '美吡达'] }, [
    ['5mg', 30, 'shuanghe', '3.30'],
  ]),
  g('阿卡波糖片', '片剂', 'A10BF', ENDO, '国采第二批', { rec: true, names: ['阿卡波糖', '拜唐苹'] }, [
    ['50mg', 30, 'huadong', '5.49', { brandName: '卡博平' }],
    ['100mg', 30, 'huadong', '9.90', { brandName: '卡博平' }],
  ]),
  g('伏格列波糖片', '片剂', 'A10BF', ENDO, '国采第三批', { rec: true, names: ['伏格列波糖', '倍欣'] }, [
    ['0.2mg', 30, 'cisen', '6.90'],
  ]),
  g('瑞格列奈片', '片剂', 'A10BX', ENDO, '国采第三批', { rec: true, names: ['瑞格列奈', '诺和龙'] }, [
    ['1mg', 30, 'hansoh', '6.30', { brandName: '孚来迪' }],
  ]),
  g('盐酸吡格列酮片', '片剂', 'A10BG', ENDO, '国采第五批', { rec: true, names: ['吡格列酮'] }, [
    ['15mg', 14, 'jichuan', '4.20'],
  ]),
  g('磷酸西格列汀片', '片剂', 'A10BH', ENDO, '国采第七批', { rec: true, names: ['西格列汀', '捷诺维'] }, [
    ['100mg', 14, 'cttq', '13.16'],
    ['100mg', 7, 'hisun', '6.86'],
  ]),
  g('维格列汀片', '片剂', 'A10BH', ENDO, '国采第七批', { names: ['维格列汀', '佳维乐'] }, [
    ['50mg', 28, 'qilu', '16.80'],
  ]),
  g('沙格列汀片', '片剂', 'A10BH', ENDO, '国采第五批', { names: ['沙格列汀', '安立泽'] }, [
    ['5mg', 14, 'cttq', '11.90'],
  ]),
  g('利格列汀片', '片剂', 'A10BH', ENDO, '国采第八批', { names: ['利格列汀', '欧唐宁'] }, [
    ['5mg', 14, 'hansoh', '14.70'],
  ]),
  g('达格列净片', '片剂', 'A10BK', ENDO, '国采第九批', { rec: true, names: ['达格列净', '安达唐'] }, [
    ['10mg', 14, 'qilu', '14.28'],
    ['10mg', 28, 'jingxin', '26.60'],
  ]),
  g('恩格列净片', '片剂', 'A10BK', ENDO, '国采第九批', { rec: true, names: ['恩格列净', '欧唐静'] }, [
    ['10mg', 10, 'cttq', '11.80'],
  ]),
  g('左甲状腺素钠片', '片剂', 'H03AA', ENDO, '国采第五批', { rec: true, names: ['优甲乐', '左甲状腺素'] }, [
    ['50μg', 100, 'xinyi', '19.80', HDPE],
  ]),
  g('甲巯咪唑片', '片剂', 'H03BB', ENDO, '国采第五批', { rec: true, names: ['甲巯咪唑', '赛治'] }, [
    ['10mg', 50, 'zhendong', '9.50'],
  ]),
  g('非布司他片', '片剂', 'M04AA', ENDO, '国采第三批', { rec: true, names: ['非布司他', '菲布力'] }, [
    ['40mg', 16, 'wanbang', '8.48', { brandName: '优立通' }],
    ['20mg', 16, 'hengrui', '5.12'],
  ]),
  g('别嘌醇片', '片剂', 'M04AA', ENDO, '省际联盟', { rec: true, names: ['别嘌醇', '别嘌呤醇'] }, [
    ['0.1g', 100, 'xinhua', '6.50', HDPE],
  ]),
  g('苯溴马隆片', '片剂', 'M04AB', ENDO, '国采第八批', { names: ['苯溴马隆', '立加利仙'] }, [
    ['50mg', 10, 'changjiang', '6.20'],
  ]),
  g('骨化三醇软胶囊', '软胶囊', 'A11CC', ENDO, '国采第五批', { rec: true, names: ['骨化三醇', '罗盖全'] }, [
    ['0.25μg', 10, 'qilu', '7.80'],
  ]),
  g('阿仑膦酸钠片', '片剂', 'M05BA', ENDO, '国采第三批', { names: ['阿仑膦酸钠', '福善美'] }, [
    ['70mg', 4, 'shuanghe', '9.96'],
  ]),

  // ——— 呼吸系统（含抗过敏） ———
  g('孟鲁司特钠片', '片剂', 'R03DC', RESP, '国采第一批', { rec: true, names: ['孟鲁司特', '顺尔宁'] }, [
    ['10mg', 5, 'lunan', '9.40'],
    ['10mg', 10, 'qilu', '17.80'],
  ]),
  g('孟鲁司特钠咀嚼片', '咀嚼片', 'R03DC', RESP, '国采第七批', { rec: true, names: ['孟鲁司特咀嚼片', '顺尔宁'] }, [
    ['4mg', 5, 'lunan', '8.10'],
    ['5mg', 5, 'lunan', '8.65'],
  ]),
  g('盐酸氨溴索片', '片剂', 'R05CB', RESP, '国采第五批', { rec: true, names: ['氨溴索', '沐舒坦'] }, [
    ['30mg', 20, 'kangyu', '3.20'],
  ]),
  g('乙酰半胱氨酸泡腾片', '泡腾片', 'R05CB', RESP, '国采第七批', { rec: true, names: ['乙酰半胱氨酸', '富露施'] }, [
    ['0.6g', 10, 'haisco', '18.60'],
  ]),
  g('羧甲司坦片', '片剂', 'R05CB', RESP, '省际联盟', { rec: true, names: ['羧甲司坦'] }, [
    ['0.25g', 24, 'xinhua', '5.30'],
  ]),
  g('氯雷他定片', '片剂', 'R06AX', RESP, '国采第五批', { rec: true, names: ['氯雷他定', '开瑞坦'] }, [
    ['10mg', 6, 'yangtze', '1.98'],
    ['10mg', 12, 'huana', '3.60'],
  ]),
  g('地氯雷他定片', '片剂', 'R06AX', RESP, '国采第五批', { rec: true, names: ['地氯雷他定', '恩理思'] }, [
    ['5mg', 6, 'hisun', '3.90'],
  ]),
  g('盐酸西替利嗪片', '片剂', 'R06AE', RESP, '国采第五批', { rec: true, names: ['西替利嗪', '仙特明'] }, [
    ['10mg', 12, 'cisen', '2.64'],
  ]),
  g('盐酸左西替利嗪片', '片剂', 'R06AE', RESP, '国采第五批', { rec: true, names: ['左西替利嗪', '优泽'] }, [
    ['5mg', 10, 'huana', '3.30'],
  ]),
  g('富马酸酮替芬片', '片剂', 'R06AX', RESP, '省际联盟', { names: ['酮替芬'] }, [
    ['1mg', 60, 'xinyi', '4.80', HDPE],
  ]),
  g('硫酸沙丁胺醇吸入气雾剂', '吸入气雾剂', 'R03AC', RESP, '国采第七批', { rec: true, names: ['沙丁胺醇', '万托林'] }, [
    ['100μg×200揿', 1, 'lunan', '16.80'],
  ]),
  g('噻托溴铵吸入粉雾剂', '吸入粉雾剂', 'R03BB', RESP, '国采第八批', { names: ['噻托溴铵', '思力华'], minUnit: '粒', packaging: '铝塑泡罩' }, [
    ['18μg', 10, 'cttq', '29.50', { brandName: '天晴速乐' }],
  ]),
  g('吸入用布地奈德混悬液', '吸入用混悬液', 'R03BA', RESP, '国采第七批', { rec: true, names: ['布地奈德', '普米克令舒'] }, [
    ['2ml:1mg', 5, 'cttq', '15.90'],
  ]),
  g('吸入用异丙托溴铵溶液', '吸入用溶液', 'R03BB', RESP, '国采第七批', { names: ['异丙托溴铵', '爱全乐'] }, [
    ['2ml:500μg', 10, 'cttq', '21.50'],
  ]),
  g('布地奈德鼻喷雾剂', '鼻喷雾剂', 'R01AD', RESP, '国采第八批', { rec: true, names: ['雷诺考特', '布地奈德喷鼻'] }, [
    ['64μg×120喷', 1, 'huana', '23.80'],
  ]),
  g('糠酸莫米松鼻喷雾剂', '鼻喷雾剂', 'R01AD', RESP, '国采第八批', { names: ['莫米松鼻喷', '内舒拿'] }, [
    ['50μg×140喷', 1, 'xianju', '26.40'],
  ]),

  // ——— 全身用抗感染 ———
  g('阿莫西林胶囊', '胶囊剂', 'J01CA', INF, '国采第二批', { rec: true, names: ['阿莫西林', '阿莫仙'] }, [
    ['0.25g', 24, 'united', '3.36'],
    ['0.5g', 24, 'zhongnuo', '5.28'],
  ]),
  g('阿莫西林克拉维酸钾片', '片剂', 'J01CR', INF, '国采第二批', { rec: true, names: ['阿莫西林克拉维酸', '奥格门汀'] }, [
    ['0.375g（阿莫西林0.25g/克拉维酸0.125g）', 12, 'united', '9.36'],
    ['0.625g（阿莫西林0.5g/克拉维酸0.125g）', 12, 'ncpc', '14.40'],
  ]),
  g('头孢呋辛酯片', '片剂', 'J01DC', INF, '国采第一批', { rec: true, names: ['头孢呋辛', '西力欣'] }, [
    ['0.25g', 12, 'beite', '7.08'],
    ['0.125g', 12, 'kangyu', '4.08'],
  ]),
  g('头孢克洛胶囊', '胶囊剂', 'J01DC', INF, '国采第三批', { rec: true, names: ['头孢克洛', '希刻劳'] }, [
    ['0.25g', 12, 'united', '6.84'],
  ]),
  g('头孢丙烯片', '片剂', 'J01DC', INF, '国采第五批', { rec: true, names: ['头孢丙烯'] }, [
    ['0.25g', 12, 'kelun', '9.96'],
  ]),
  g('头孢氨苄胶囊', '胶囊剂', 'J01DB', INF, '国采第四批', { rec: true, names: ['头孢氨苄', '先锋4号'] }, [
    ['0.25g', 24, 'ncpc', '4.32'],
  ]),
  g('头孢拉定胶囊', '胶囊剂', 'J01DB', INF, '国采第四批', { rec: true, names: ['头孢拉定', '先锋6号'] }, [
    ['0.25g', 24, 'zhongnuo', '4.56'],
  ]),
  g('头孢克肟片', '片剂', 'J01DD', INF, '国采第三批', { rec: true, names: ['头孢克肟', '世福素'] }, [
    ['0.1g', 6, 'baiyunshan', '5.10', { brandName: '世福素' }],
  ]),
  g('头孢地尼胶囊', '胶囊剂', 'J01DD', INF, '国采第三批', { names: ['头孢地尼', '全泽复'] }, [
    ['0.1g', 6, 'jiudian', '6.78'],
  ]),
  g('阿奇霉素片', '片剂', 'J01FA', INF, '国采第二批', { rec: true, names: ['阿奇霉素', '希舒美'] }, [
    ['0.25g', 6, 'zhongnuo', '5.52'],
    ['0.25g', 12, 'kelun', '10.20'],
  ]),
  g('克拉霉素片', '片剂', 'J01FA', INF, '国采第二批', { rec: true, names: ['克拉霉素', '克拉仙'] }, [
    ['0.25g', 6, 'huana', '5.34'],
  ]),
  g('罗红霉素胶囊', '胶囊剂', 'J01FA', INF, '省际联盟', { rec: true, names: ['罗红霉素'] }, [
    ['0.15g', 12, 'ncpc', '3.60'],
  ]),
  g('左氧氟沙星片', '片剂', 'J01MA', INF, '国采第三批', { rec: true, names: ['左氧氟沙星', '可乐必妥'] }, [
    ['0.5g', 4, 'yangtze', '3.92'],
    ['0.1g', 12, 'huana', '3.48'],
  ]),
  g('盐酸莫西沙星片', '片剂', 'J01MA', INF, '国采第二批', { rec: true, names: ['莫西沙星', '拜复乐'] }, [
    ['0.4g', 3, 'qilu', '10.05'],
  ]),
  g('盐酸环丙沙星片', '片剂', 'J01MA', INF, '国采第四批', { rec: true, names: ['环丙沙星'] }, [
    ['0.25g', 10, 'xinhua', '2.40'],
  ]),
  g('甲硝唑片', '片剂', 'P01AB', INF, '国采第四批', { rec: true, names: ['甲硝唑', '灭滴灵'] }, [
    ['0.2g', 100, 'xinhua', '5.80', HDPE],
  ]),
  g('利奈唑胺片', '片剂', 'J01XX', INF, '国采第四批', { names: ['利奈唑胺', '斯沃'] }, [
    ['0.6g', 6, 'hansoh', '48.60'],
  ]),
  g('氟康唑胶囊', '胶囊剂', 'J02AC', INF, '国采第四批', { rec: true, names: ['氟康唑', '大扶康'] }, [
    ['50mg', 6, 'kangyu', '3.96'],
    ['150mg', 1, 'yangtze', '2.85'],
  ]),
  g('伏立康唑片', '片剂', 'J02AC', INF, '国采第二批', { names: ['伏立康唑', '威凡'] }, [
    ['200mg', 6, 'cttq', '39.60'],
  ]),
  g('阿昔洛韦片', '片剂', 'J05AB', INF, '国采第四批', { rec: true, names: ['阿昔洛韦', '无环鸟苷'] }, [
    ['0.2g', 24, 'kelun', '4.56'],
  ]),
  g('盐酸伐昔洛韦片', '片剂', 'J05AB', INF, '国采第三批', { rec: true, names: ['伐昔洛韦', '明竹欣'] }, [
    ['0.3g', 6, 'huana', '6.60'],
  ]),
  g('磷酸奥司他韦胶囊', '胶囊剂', 'J05AH', INF, '国采第七批', { rec: true, names: ['奥司他韦', '达菲'] }, [
    ['75mg', 10, 'hec', '25.80', { brandName: '可威' }],
    ['75mg', 10, 'kelun', '19.90'],
  ]),
  g('恩替卡韦片', '片剂', 'J05AF', INF, '国采第一批', { rec: true, names: ['恩替卡韦', '博路定'] }, [
    ['0.5mg', 28, 'dongrui', '8.40'],
    ['0.5mg', 7, 'jiudian', '2.52'],
  ]),
  g('恩替卡韦分散片', '分散片', 'J05AF', INF, '国采第一批', { rec: true, names: ['恩替卡韦', '润众'] }, [
    ['0.5mg', 28, 'cttq', '9.80', { brandName: '润众' }],
  ]),
  g('富马酸替诺福韦二吡呋酯片', '片剂', 'J05AF', INF, '国采第一批', { rec: true, names: ['替诺福韦', '韦瑞德'] }, [
    ['300mg', 30, 'beite', '17.70'],
    ['300mg', 30, 'biocare', '16.80'],
  ]),
  g('富马酸丙酚替诺福韦片', '片剂', 'J05AF', INF, '国采第七批', { rec: true, names: ['丙酚替诺福韦', '韦立得', 'TAF'] }, [
    ['25mg', 30, 'qilu', '19.50'],
  ]),
  g('拉米夫定片', '片剂', 'J05AF', INF, '国采第五批', { names: ['拉米夫定', '贺普丁'] }, [
    ['0.1g', 14, 'biocare', '9.80'],
  ]),
  g('阿德福韦酯片', '片剂', 'J05AF', INF, '国采第三批', { names: ['阿德福韦', '贺维力'] }, [
    ['10mg', 14, 'cttq', '6.30'],
  ]),
  g('利福平胶囊', '胶囊剂', 'J04AB', INF, '省际联盟', { names: ['利福平'] }, [
    ['0.15g', 100, 'shenyaoHq', '12.50', HDPE],
  ]),

  // ——— 泌尿生殖 ———
  g('盐酸坦索罗辛缓释胶囊', '缓释胶囊', 'G04CA', GU, '国采第四批', { rec: true, names: ['坦索罗辛', '哈乐'] }, [
    ['0.2mg', 10, 'jianfeng', '8.30'],
    ['0.2mg', 30, 'huahai', '23.40'],
  ]),
  g('非那雄胺片', '片剂', 'G04CB', GU, '国采第三批', { rec: true, names: ['非那雄胺', '保列治'] }, [
    ['5mg', 10, 'yangtze', '5.40'],
    ['5mg', 30, 'kangyu', '15.30'],
  ]),
  g('盐酸特拉唑嗪片', '片剂', 'G04CA', GU, '国采第五批', { names: ['特拉唑嗪', '高特灵'] }, [
    ['2mg', 14, 'ouyi', '4.76'],
  ]),
  g('酒石酸托特罗定片', '片剂', 'G04BD', GU, '国采第三批', { names: ['托特罗定', '得妥'] }, [
    ['2mg', 14, 'qianjin', '8.26'],
  ]),
  g('琥珀酸索利那新片', '片剂', 'G04BD', GU, '国采第四批', { rec: true, names: ['索利那新', '卫喜康'] }, [
    ['5mg', 10, 'yangtze', '13.40'],
  ]),
  g('枸橼酸西地那非片', '片剂', 'G04BE', GU, '国采第三批', { names: ['西地那非', '万艾可', '伟哥'] }, [
    ['0.1g', 1, 'baiyunshan', '9.80', { brandName: '金戈' }],
    ['50mg', 4, 'qilu', '17.20'],
  ]),
  g('他达拉非片', '片剂', 'G04BE', GU, '国采第四批', { names: ['他达拉非', '希爱力'] }, [
    ['5mg', 28, 'qilu', '42.00'],
    ['20mg', 2, 'baiyunshan', '15.80'],
  ]),
  g('黄体酮软胶囊', '软胶囊', 'G03DA', GU, '国采第五批', { names: ['黄体酮'] }, [
    ['0.1g', 20, 'xianju', '32.60'],
  ]),
  g('米拉贝隆缓释片', '缓释片', 'G04BD', GU, '国采第九批', { names: ['米拉贝隆', '贝坦利'] }, [
    ['50mg', 10, 'cttq', '28.50'],
  ]),

  // ——— 皮肤病 ———
  g('阿昔洛韦乳膏', '乳膏剂', 'D06BB', DERM, '省际联盟', { rec: true, names: ['阿昔洛韦软膏'] }, [
    ['3%（10g:0.3g）', 1, 'jiudian', '3.80'],
  ]),
  g('莫匹罗星软膏', '软膏剂', 'D06AX', DERM, '省际联盟', { rec: true, names: ['莫匹罗星', '百多邦'] }, [
    ['2%（5g:0.1g）', 1, 'jiudian', '11.50'],
  ]),
  g('夫西地酸乳膏', '乳膏剂', 'D06AX', DERM, '省际联盟', { rec: true, names: ['夫西地酸', '立思丁'] }, [
    ['2%（15g:0.3g）', 1, 'xianju', '14.80'],
  ]),
  g('糠酸莫米松乳膏', '乳膏剂', 'D07AC', DERM, '省际联盟', { rec: true, names: ['莫米松', '艾洛松'] }, [
    ['0.1%（5g:5mg）', 1, 'xianju', '9.60'],
  ]),
  g('盐酸特比萘芬乳膏', '乳膏剂', 'D01AE', DERM, '省际联盟', { rec: true, names: ['特比萘芬', '兰美抒'] }, [
    ['1%（10g:0.1g）', 1, 'jiudian', '6.90'],
  ]),
  g('硝酸咪康唑乳膏', '乳膏剂', 'D01AC', DERM, '省际联盟', { rec: true, names: ['咪康唑', '达克宁'] }, [
    ['2%（15g:0.3g）', 1, 'huana', '7.20'],
  ]),
  g('阿达帕林凝胶', '凝胶剂', 'D10AD', DERM, '省际联盟', { names: ['阿达帕林', '达芙文'] }, [
    ['0.1%（30g:30mg）', 1, 'jiudian', '24.60'],
  ]),
  g('他克莫司软膏', '软膏剂', 'D11AH', DERM, '省际联盟', { names: ['他克莫司软膏', '普特彼'] }, [
    ['0.1%（10g:10mg）', 1, 'hisun', '48.00'],
  ]),
  g('卡泊三醇软膏', '软膏剂', 'D05AX', DERM, '省际联盟', { names: ['卡泊三醇', '达力士'] }, [
    ['0.005%（15g:0.75mg）', 1, 'jichuan', '39.50'],
  ]),
  g('异维A酸软胶囊', '软胶囊', 'D10BA', DERM, '国采第八批', { names: ['异维A酸', '泰尔丝'] }, [
    ['10mg', 20, 'huana', '26.00'],
  ]),

  // ——— 神经精神（含解热镇痛） ———
  g('草酸艾司西酞普兰片', '片剂', 'N06AB', NEURO, '国采第一批', { rec: true, names: ['艾司西酞普兰', '来士普'] }, [
    ['10mg', 7, 'jingwei', '8.40'],
    ['10mg', 14, 'kanghong', '15.54'],
  ]),
  g('盐酸帕罗西汀片', '片剂', 'N06AB', NEURO, '国采第一批', { rec: true, names: ['帕罗西汀', '赛乐特'] }, [
    ['20mg', 10, 'huahai', '8.50'],
  ]),
  g('盐酸舍曲林片', '片剂', 'N06AB', NEURO, '国采第三批', { rec: true, names: ['舍曲林', '左洛复'] }, [
    ['50mg', 14, 'jingxin', '9.24'],
  ]),
  g('盐酸氟西汀胶囊', '胶囊剂', 'N06AB', NEURO, '国采第五批', { names: ['氟西汀', '百忧解'] }, [
    ['20mg', 28, 'changjiang', '16.80'],
  ]),
  g('盐酸度洛西汀肠溶胶囊', '肠溶胶囊', 'N06AX', NEURO, '国采第三批', { names: ['度洛西汀', '欣百达'] }, [
    ['20mg', 14, 'hansoh', '10.50'],
    ['60mg', 7, 'jingxin', '12.60'],
  ]),
  g('盐酸文拉法辛缓释片', '缓释片', 'N06AX', NEURO, '国采第五批', { names: ['文拉法辛', '怡诺思'] }, [
    ['75mg', 10, 'kanghong', '9.90'],
  ]),
  g('米氮平片', '片剂', 'N06AX', NEURO, '国采第四批', { names: ['米氮平', '瑞美隆'] }, [
    ['30mg', 10, 'huahai', '11.60'],
  ]),
  g('奥氮平片', '片剂', 'N05AH', NEURO, '国采第一批', { rec: true, names: ['奥氮平', '再普乐'] }, [
    ['10mg', 14, 'hansoh', '19.60', { brandName: '欧兰宁' }],
    ['5mg', 28, 'qilu', '18.20'],
  ]),
  g('利培酮片', '片剂', 'N05AX', NEURO, '国采第一批', { names: ['利培酮', '维思通'] }, [
    ['1mg', 60, 'huahai', '10.80'],
  ]),
  g('富马酸喹硫平片', '片剂', 'N05AH', NEURO, '国采第三批', { names: ['喹硫平', '思瑞康'] }, [
    ['0.1g', 30, 'huahai', '12.90'],
  ]),
  g('阿立哌唑片', '片剂', 'N05AX', NEURO, '国采第三批', { names: ['阿立哌唑', '安立复'] }, [
    ['5mg', 20, 'kanghong', '13.40'],
  ]),
  g('左乙拉西坦片', '片剂', 'N03AX', NEURO, '国采第一批', { rec: true, names: ['左乙拉西坦', '开浦兰'] }, [
    ['0.25g', 30, 'jingxin', '11.10'],
    ['0.5g', 30, 'jingxin', '19.50'],
  ]),
  g('拉莫三嗪片', '片剂', 'N03AX', NEURO, '国采第五批', { names: ['拉莫三嗪', '利必通'] }, [
    ['50mg', 30, 'xianju', '16.50'],
  ]),
  g('奥卡西平片', '片剂', 'N03AF', NEURO, '国采第五批', { names: ['奥卡西平', '曲莱'] }, [
    ['0.3g', 30, 'yangtze', '22.80'],
  ]),
  g('丙戊酸钠缓释片', '缓释片', 'N03AG', NEURO, '国采第五批', { names: ['丙戊酸钠', '德巴金'] }, [
    ['0.5g', 30, 'xinyi', '36.00'],
  ]),
  g('加巴喷丁胶囊', '胶囊剂', 'N03AX', NEURO, '国采第四批', { rec: true, names: ['加巴喷丁', '派汀'] }, [
    ['0.3g', 24, 'hengrui', '14.40'],
  ]),
  g('普瑞巴林胶囊', '胶囊剂', 'N03AX', NEURO, '国采第五批', { rec: true, names: ['普瑞巴林', '乐瑞卡'] }, [
    ['75mg', 8, 'chia', '7.92'],
    ['75mg', 16, 'jingxin', '14.72'],
  ]),
  g('盐酸多奈哌齐片', '片剂', 'N06DA', NEURO, '国采第五批', { rec: true, names: ['多奈哌齐', '安理申'] }, [
    ['5mg', 14, 'huahai', '9.38'],
    ['5mg', 28, 'jingxin', '17.36'],
  ]),
  g('盐酸美金刚片', '片剂', 'N06DX', NEURO, '国采第五批', { names: ['美金刚', '易倍申'] }, [
    ['10mg', 28, 'hansoh', '25.20'],
  ]),
  g('盐酸普拉克索片', '片剂', 'N04BC', NEURO, '国采第三批', { names: ['普拉克索', '森福罗'] }, [
    ['0.25mg', 30, 'jingxin', '12.30'],
  ]),
  g('对乙酰氨基酚片', '片剂', 'N02BE', NEURO, '国采第五批', { rec: true, names: ['扑热息痛', '泰诺林', '对乙酰氨基酚'] }, [
    ['0.5g', 12, 'xinhua', '1.92'],
    ['0.3g', 24, 'kangyu', '2.40'],
  ]),
  g('布洛芬片', '片剂', 'M01AE', NEURO, '国采第三批', { rec: true, names: ['布洛芬', '芬必得'] }, [
    ['0.2g', 24, 'xinhua', '3.36'],
    ['0.1g', 24, 'ncpc', '1.99'],
  ]),
  g('布洛芬缓释胶囊', '缓释胶囊', 'M01AE', NEURO, '省际联盟', { rec: true, names: ['布洛芬缓释', '芬必得'] }, [
    ['0.3g', 20, 'xinhua', '6.80'],
  ]),
  g('甲钴胺片', '片剂', 'B03BA', NEURO, '国采第八批', { rec: true, names: ['甲钴胺', '弥可保'] }, [
    ['0.5mg', 20, 'huana', '6.40'],
  ]),

  // ——— 其他（骨骼肌肉、风湿免疫、眼科、营养等） ———
  g('塞来昔布胶囊', '胶囊剂', 'M01AH', OTHER, '国采第三批', { rec: true, names: ['塞来昔布', '西乐葆'] }, [
    ['0.2g', 6, 'huahai', '5.46'],
    ['0.2g', 12, 'qilu', '10.20'],
  ]),
  g('依托考昔片', '片剂', 'M01AH', OTHER, '国采第五批', { rec: true, names: ['依托考昔', '安康信'] }, [
    ['60mg', 5, 'yangtze', '6.95'],
    ['120mg', 5, 'hansoh', '10.30'],
  ]),
  g('洛索洛芬钠片', '片剂', 'M01AE', OTHER, '国采第四批', { rec: true, names: ['洛索洛芬', '乐松'] }, [
    ['60mg', 20, 'jiudian', '6.20'],
  ]),
  g('双氯芬酸钠缓释片', '缓释片', 'M01AB', OTHER, '省际联盟', { rec: true, names: ['双氯芬酸', '扶他林'] }, [
    ['75mg', 10, 'ouyi', '3.50'],
  ]),
  g('盐酸乙哌立松片', '片剂', 'M03BX', OTHER, '国采第四批', { names: ['乙哌立松', '妙纳'] }, [
    ['50mg', 20, 'sciencare', '9.80'],
  ]),
  g('秋水仙碱片', '片剂', 'M04AC', OTHER, '省际联盟', { rec: true, names: ['秋水仙碱'] }, [
    ['0.5mg', 20, 'keyi', '8.40'],
  ]),
  g('硫酸羟氯喹片', '片剂', 'P01BA', OTHER, '国采第五批', { names: ['羟氯喹', '纷乐'] }, [
    ['0.2g', 10, 'zhongxi', '22.50', { brandName: '纷乐' }],
    ['0.1g', 14, 'qilu', '14.20'],
  ]),
  g('来氟米特片', '片剂', 'L04AA', OTHER, '国采第五批', { names: ['来氟米特', '爱若华'] }, [
    ['10mg', 30, 'qilu', '21.60'],
  ]),
  g('甲氨蝶呤片', '片剂', 'L04AX', OTHER, '省际联盟', { names: ['甲氨蝶呤', 'MTX'] }, [
    ['2.5mg', 16, 'xinyi', '6.40'],
  ]),
  g('枸橼酸托法替布片', '片剂', 'L04AF', OTHER, '国采第七批', { names: ['托法替布', '尚杰'] }, [
    ['5mg', 28, 'qilu', '58.80'],
  ]),
  g('醋酸泼尼松片', '片剂', 'H02AB', OTHER, '省际联盟', { rec: true, names: ['泼尼松', '强的松'] }, [
    ['5mg', 100, 'xianju', '9.80', HDPE],
  ]),
  g('甲泼尼龙片', '片剂', 'H02AB', OTHER, '国采第五批', { rec: true, names: ['甲泼尼龙', '美卓乐'] }, [
    ['4mg', 30, 'xianju', '13.80'],
  ]),
  g('叶酸片', '片剂', 'B03BB', OTHER, '省际联盟', { rec: true, names: ['叶酸', '斯利安'] }, [
    ['0.4mg', 31, 'tiantaishan', '7.40'],
    ['5mg', 100, 'xinyi', '9.60', HDPE],
  ]),
  g('氯化钾缓释片', '缓释片', 'A12BA', OTHER, '国采第八批', { names: ['氯化钾', '补达秀'] }, [
    ['0.5g', 24, 'xinyi', '6.20'],
  ]),
  g('左氧氟沙星滴眼液', '滴眼液', 'S01AE', OTHER, '国采第八批', { rec: true, names: ['左氧氟沙星眼药水', '可乐必妥滴眼液'] }, [
    ['0.5%（5ml:25mg）', 1, 'xingqi', '8.80'],
  ]),
  g('玻璃酸钠滴眼液', '滴眼液', 'S01XA', OTHER, '国采第八批', { rec: true, names: ['玻璃酸钠', '人工泪液', '爱丽'] }, [
    ['0.1%（5ml:5mg）', 1, 'xingqi', '14.50'],
    ['0.3%（5ml:15mg）', 1, 'huana', '18.20'],
  ]),
  g('妥布霉素地塞米松滴眼液', '滴眼液', 'S01CA', OTHER, '国采第八批', { names: ['典必殊', '妥布霉素地塞米松'] }, [
    ['5ml（妥布霉素15mg/地塞米松5mg）', 1, 'xingqi', '11.60'],
  ]),
  g('溴芬酸钠滴眼液', '滴眼液', 'S01BC', OTHER, '国采第八批', { names: ['溴芬酸钠'] }, [
    ['0.1%（5ml:5mg）', 1, 'xingqi', '19.80'],
  ]),
  g('拉坦前列素滴眼液', '滴眼液', 'S01EE', OTHER, '国采第八批', { names: ['拉坦前列素', '适利达'] }, [
    ['0.005%（2.5ml:125μg）', 1, 'qilu', '32.00'],
  ]),

  // ——— 肿瘤 ———
  g('吉非替尼片', '片剂', 'L01EB', ONC, '国采第一批', { special: true, names: ['吉非替尼', '易瑞沙'] }, [
    ['0.25g', 10, 'qilu', '547.00', { brandName: '伊瑞可' }],
  ]),
  g('甲磺酸伊马替尼片', '片剂', 'L01EA', ONC, '国采第一批', { special: true, names: ['伊马替尼', '格列卫'] }, [
    ['0.1g', 60, 'hansoh', '623.82', { brandName: '昕维' }],
  ]),
  g('盐酸厄洛替尼片', '片剂', 'L01EB', ONC, '国采第四批', { special: true, names: ['厄洛替尼', '特罗凯'] }, [
    ['150mg', 7, 'qilu', '218.40'],
  ]),
  g('醋酸阿比特龙片', '片剂', 'L02BX', ONC, '国采第四批', { special: true, names: ['阿比特龙', '泽珂'] }, [
    ['0.25g', 120, 'hengrui', '1188.00'],
  ]),
  g('达沙替尼片', '片剂', 'L01EA', ONC, '国采第五批', { special: true, names: ['达沙替尼', '施达赛'] }, [
    ['50mg', 60, 'cttq', '1110.00'],
  ]),
  g('甲苯磺酸索拉非尼片', '片剂', 'L01EX', ONC, '国采第五批', { special: true, names: ['索拉非尼', '多吉美'] }, [
    ['0.2g', 60, 'cttq', '1230.00'],
  ]),
  g('来那度胺胶囊', '胶囊剂', 'L04AX', ONC, '国采第五批', { special: true, names: ['来那度胺', '瑞复美'] }, [
    ['25mg', 21, 'cttq', '1365.00'],
  ]),
  g('来曲唑片', '片剂', 'L02BG', ONC, '国采第二批', { rec: true, names: ['来曲唑', '弗隆'] }, [
    ['2.5mg', 10, 'hengrui', '18.90', { brandName: '芙瑞' }],
    ['2.5mg', 30, 'zmc', '51.90'],
  ]),
  g('阿那曲唑片', '片剂', 'L02BG', ONC, '国采第二批', { names: ['阿那曲唑', '瑞宁得'] }, [
    ['1mg', 14, 'yangtze', '16.80'],
  ]),
  g('依西美坦片', '片剂', 'L02BG', ONC, '国采第五批', { names: ['依西美坦', '阿诺新'] }, [
    ['25mg', 10, 'qilu', '28.80'],
  ]),
  g('枸橼酸他莫昔芬片', '片剂', 'L02BA', ONC, '省际联盟', { names: ['他莫昔芬', '三苯氧胺'] }, [
    ['10mg', 60, 'yangtze', '18.60', HDPE],
  ]),
  g('比卡鲁胺片', '片剂', 'L02BB', ONC, '国采第三批', { names: ['比卡鲁胺', '康士得'] }, [
    ['50mg', 28, 'qilu', '72.80'],
  ]),
  g('卡培他滨片', '片剂', 'L01BC', ONC, '国采第二批', { special: true, names: ['卡培他滨', '希罗达'] }, [
    ['0.5g', 12, 'hengrui', '28.20', { brandName: '艾滨' }],
  ]),
  g('替吉奥胶囊', '胶囊剂', 'L01BC', ONC, '国采第五批', { special: true, names: ['替吉奥', 'S-1'] }, [
    ['20mg', 42, 'qilu', '246.00'],
  ]),
] as const;
