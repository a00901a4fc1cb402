/** Institution types as the issue and the seeds name them (机构类型). */
export const INSTITUTION_TYPES = [
  'retail_chain', // 零售连锁药店
  'retail_single', // 单体药店
  'private_tertiary', // 民营三级综合医院
  'private_other', // 其他民营医疗机构
  'township_health_center', // 乡镇卫生院
  'community_health_station', // 社区卫生服务站/中心
  'village_clinic', // 村卫生室
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

export const INSTITUTION_TYPE_LABELS: Record<InstitutionType, string> = {
  retail_chain: '零售连锁药店',
  retail_single: '单体药店',
  private_tertiary: '民营三级综合医院',
  private_other: '其他民营医疗机构',
  township_health_center: '乡镇卫生院',
  community_health_station: '社区卫生服务站',
  village_clinic: '村卫生室',
};

/** Variants seen in bureau files → type. */
export const INSTITUTION_TYPE_ALIASES: Record<string, InstitutionType> = {
  零售连锁药店: 'retail_chain', 连锁药店: 'retail_chain', 连锁零售药店: 'retail_chain',
  单体药店: 'retail_single', 单体零售药店: 'retail_single', 零售药店: 'retail_single',
  民营三级综合医院: 'private_tertiary', 民营综合型三级医疗机构: 'private_tertiary', 民营三级医院: 'private_tertiary',
  其他民营医疗机构: 'private_other', 民营医疗机构: 'private_other', 民营医院: 'private_other', 民营诊所: 'private_other',
  乡镇卫生院: 'township_health_center',
  社区卫生服务站: 'community_health_station', 社区卫生服务中心: 'community_health_station', 社区卫生站: 'community_health_station',
  村卫生室: 'village_clinic',
};

export const isRetail = (t: InstitutionType) => t === 'retail_chain' || t === 'retail_single';
export const isPrivateMedical = (t: InstitutionType) => t === 'private_tertiary' || t === 'private_other';
/** 公立基层医疗机构（包括乡镇卫生院、社区卫生服务中心/站、村卫生室等） — seed 001 一 */
export const isPublicPrimary = (t: InstitutionType) =>
  t === 'township_health_center' || t === 'community_health_station' || t === 'village_clinic';

export const BADGE_KINDS = ['jicai_pharmacy', 'jicai_private_hospital'] as const;
export type BadgeKind = (typeof BADGE_KINDS)[number];
export const BADGE_LABELS: Record<BadgeKind, string> = {
  jicai_pharmacy: '集采便民药店',
  jicai_private_hospital: '集采便民民营医院',
};

export const FILE_KINDS = ['catalog', 'institutions', 'prices', 'listed', 'aliases'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const STOCK_STATES = ['in_stock', 'low', 'out_of_stock', 'unknown'] as const;
export type StockState = (typeof STOCK_STATES)[number];

export const MARKUP_STATUSES = ['equal', 'below', 'within_rule', 'above_rule'] as const;
export type MarkupStatus = (typeof MARKUP_STATUSES)[number];

/** Focus areas named in seed 001 三: 心脑血管、消化系统、呼吸系统、内分泌及代谢、泌尿生殖、全身用抗感染、皮肤病 */
export const THERAPEUTIC_AREAS = ['心脑血管', '消化系统', '呼吸系统', '内分泌及代谢', '泌尿生殖', '全身用抗感染', '皮肤病', '神经精神', '肿瘤', '其他'] as const;
export type TherapeuticArea = (typeof THERAPEUTIC_AREAS)[number];

export const COMMITMENTS = ['at_winning_price', 'markup_15'] as const;
/** 承诺书: □按照中选价销售 □按不高于中选价加价15%销售 (seed 001 附件1) */
export type Commitment = (typeof COMMITMENTS)[number];

export const REPORT_KINDS = ['price_mismatch', 'out_of_stock', 'bundled_sale', 'refused_sale', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  price_mismatch: '价格与公示不符',
  out_of_stock: '缺货',
  bundled_sale: '搭售/捆绑销售',
  refused_sale: '拒绝销售',
  other: '其他',
};

/** Every token the bureau issues starts with this (a pasted token is recognised before any request). */
export const TOKEN_PREFIX = 'yjt_';

/** A price typed in 元 (a pharmacy's price, a citizen's report): up to 6 digits and up to two decimals ("12.5", "12.50"). */
export const YUAN_INPUT_PATTERN = '^\\d{1,6}(\\.\\d{1,2})?$';
