import { type FileKind, toHalfWidth } from '@yaojia/shared';

/**
 * Column headers as bureaus write them, with the variants seen in the wild.
 * 江西 附表 (seed 001): 药品统一编码, 产品名称, 剂型, 规格, 转换比, 最小制剂单位, 最小包装单位, 包装材质,
 * 生产企业, 投标企业, 中选价(元), 批准文号.
 * 宁夏 附件1 申请表 (seed 002): 单位名称, 单位地址, 统一社会信用代码, 法人代表, 机构医保编码, 联系人, 联系电话.
 */
export interface ColumnSpec<F extends string = string> {
  field: F;
  /** the usual header, used in messages */
  label: string;
  /** normalised by normalizeHeader before comparing */
  aliases: readonly string[];
  required: boolean;
}

const col = <F extends string>(field: F, label: string, aliases: string[], required = false): ColumnSpec<F> => ({
  field,
  label,
  aliases: [label, ...aliases].map(normalizeHeader),
  required,
});

/**
 * Codes printed on the pack (issue 15), optional in the catalog and in the 挂网 file alike: several per cell,
 * separated by 、 ; or a line break (values.ts parseCodeList checks length, digits and the EAN check digit).
 */
export const PACK_CODE_COLUMNS = [
  col('identifierCodes', '药品标识码', ['追溯码前7位', '追溯码前七位', '追溯码前7位数', '药品追溯标识码', '追溯标识码', '标识码']),
  col('standardCodes', '本位码', ['药品本位码', '国家药品本位码', '国家药品编码本位码', '药品编码本位码']),
  col('barcodes', '条形码', ['商品条码', '商品条形码', '条码', '药品条形码', '药品条码', 'EAN13', 'EAN-13', '国际条码']),
] as const;

export const CATALOG_COLUMNS = [
  col('code', '药品统一编码', ['医保药品编码', '药品代码', '医保编码', '药品编码', '统一编码', '国家医保药品编码', '医保药品代码', '药品医保编码'], true),
  col('productName', '产品名称', ['药品名称', '产品通用名'], true),
  // 产品名称 is written in the 通用名 form; a file may carry 通用名 instead of (or beside) it
  col('genericName', '通用名', ['通用名称', '药品通用名', '药品通用名称']),
  col('dosageForm', '剂型', ['药品剂型'], true),
  col('spec', '规格', ['制剂规格', '药品规格'], true),
  col('conversionRatio', '转换比', ['转换系数', '包装转换比'], true),
  col('maker', '生产企业', ['生产厂家', '生产企业名称', '生产单位', '生产厂商'], true),
  col('winningPrice', '中选价', ['中选价格', '集采中选价', '集采中选价格', '中选价元', '中选价格元', '中标价', '中标价格'], true),
  col('minUnit', '最小制剂单位', ['制剂单位', '最小使用单位']),
  col('packUnit', '最小包装单位', ['包装单位']),
  col('packaging', '包装材质', ['包材', '包装材料']),
  col('bidder', '投标企业', ['申报企业', '中选企业', '投标企业名称']),
  col('approvalNo', '批准文号', ['批文号', '药品批准文号']),
  col('brandName', '商品名', ['商品名称']),
  col('recommended', '推荐配备', ['是否推荐配备', '推荐配备药品', '推荐配备品种']),
  col('special', '特药', ['是否特药', '特药标识']),
  col('therapeuticArea', '治疗领域', ['治疗类别', '疾病类别', '药品类别']),
  ...PACK_CODE_COLUMNS,
] as const;

/**
 * 挂网药品价格 (listed prices on the provincial procurement platform, issue 15): 医保药品编码, 通用名, 商品名,
 * 剂型, 规格, 转换比, 生产企业, 挂网价格, 是否原研 / 是否过评.
 */
export const LISTED_COLUMNS = [
  col('code', '医保药品编码', ['药品统一编码', '药品代码', '医保编码', '药品编码', '统一编码', '国家医保药品编码', '医保药品代码', '药品医保编码'], true),
  col('genericName', '通用名', ['通用名称', '药品通用名', '药品通用名称', '产品名称', '药品名称'], true),
  col('brandName', '商品名', ['商品名称']),
  col('dosageForm', '剂型', ['药品剂型'], true),
  col('spec', '规格', ['制剂规格', '药品规格'], true),
  col('conversionRatio', '转换比', ['转换系数', '包装转换比'], true),
  col('maker', '生产企业', ['生产厂家', '生产企业名称', '生产单位', '生产厂商'], true),
  col('listedPrice', '挂网价格', ['挂网价', '挂网价格元', '挂网价元', '挂网限价', '平台挂网价', '挂网采购价'], true),
  col('original', '是否原研', ['原研', '原研药', '是否原研药', '原研标识']),
  col('consistency', '是否过评', ['过评', '是否通过一致性评价', '一致性评价', '通过一致性评价', '是否过一致性评价']),
  // a brand's box scanned: its 药品标识码 / 本位码 / 条形码 find it on the 挂网 list (the catalog lists 集采 products only)
  ...PACK_CODE_COLUMNS,
] as const;

/**
 * 药品别名 (brand names and other names of a molecule, issue 15 §3): 活性成分 (or a 通用名, stemmed),
 * 商品名或别名, 名称类型 (原研 / 商品名 / 别名), 生产企业, 剂型限定.
 */
export const ALIAS_COLUMNS = [
  col('stem', '活性成分', ['成分', '药品成分', '通用名成分', '通用名', '通用名称', '药品通用名'], true),
  col('name', '商品名或别名', ['商品名', '商品名称', '别名', '品牌名', '名称', '药品别名'], true),
  col('kind', '名称类型', ['类型', '类别', '名称类别', '别名类型']),
  col('maker', '生产企业', ['生产厂家', '企业', '持有人', '上市许可持有人']),
  col('form', '剂型限定', ['限定剂型', '仅限剂型', '适用剂型']),
] as const;

export const INSTITUTION_COLUMNS = [
  col('name', '机构名称', ['单位名称', '药店名称', '医疗机构名称', '定点机构名称', '定点医药机构名称', '机构全称'], true),
  col('code', '机构医保编码', ['医保机构编码', '定点机构编码', '机构编码', '医保编码', '定点医药机构编码', '医保定点编码'], true),
  col('type', '机构类型', ['单位类型', '机构类别', '类型'], true),
  col('address', '地址', ['单位地址', '机构地址', '详细地址', '经营地址', '注册地址'], true),
  col('lng', '经度', ['lng', 'longitude', '经度gcj02'], true),
  col('lat', '纬度', ['lat', 'latitude', '纬度gcj02'], true),
  col('creditCode', '统一社会信用代码', ['社会信用代码', '信用代码']),
  col('phone', '联系电话', ['电话', '咨询电话', '联系方式']),
  col('hours', '营业时间', ['营业时段']),
  col('badge', '集采标识', ['集采便民标识', '便民标识', '标识']),
  col('specialDesignated', '特药定点', ['是否特药定点', '特药定点机构']),
  col('legalRepresentative', '法人代表', ['法定代表人', '法人']),
  col('contactName', '联系人', ['联系人姓名']),
  col('commitment', '承诺', ['价格承诺', '销售价格承诺', '承诺内容']),
  // seed 001 七: 总体价格水平不高于统筹区定点药店医保药品量价比较指数的药店，可按集采中选价格顺加不超15%销售
  col('priceIndexMet', '量价比较指数', ['量价比较结果', '是否达标', '量价比较指数是否达标', '量价比较指数结果', '量价比较']),
  col('joinedAt', '加入日期', ['加入时间', '参加日期', '参加时间']),
  col('city', '所在市', ['城市', '地市', '所属城市']),
  col('district', '区县', ['所在区县', '县区']),
] as const;

export const PRICE_COLUMNS = [
  col('institutionCode', '机构医保编码', ['医保机构编码', '定点机构编码', '机构编码', '定点医药机构编码'], true),
  col('productCode', '药品统一编码', ['医保药品编码', '药品代码', '药品编码', '统一编码', '国家医保药品编码'], true),
  col('sellingPrice', '销售价', ['销售价格', '零售价', '零售价格', '售价', '实际销售价'], true),
  col('onlinePrice', '网售价', ['网售价格', '线上价格', '线上销售价', '线上售价']),
  col('stock', '库存', ['库存数量', '库存量', '库存状态']),
  col('observedAt', '更新时间', ['价格更新时间', '更新日期', '采集时间']),
] as const;

export type CatalogField = (typeof CATALOG_COLUMNS)[number]['field'];
export type InstitutionField = (typeof INSTITUTION_COLUMNS)[number]['field'];
export type PriceField = (typeof PRICE_COLUMNS)[number]['field'];
export type ListedField = (typeof LISTED_COLUMNS)[number]['field'];
export type AliasField = (typeof ALIAS_COLUMNS)[number]['field'];

export const COLUMNS: Record<FileKind, readonly ColumnSpec[]> = {
  catalog: CATALOG_COLUMNS,
  institutions: INSTITUTION_COLUMNS,
  prices: PRICE_COLUMNS,
  listed: LISTED_COLUMNS,
  aliases: ALIAS_COLUMNS,
};

/**
 * "中选价格（元）" → "中选价格", " 药品 统一编码 " → "药品统一编码", "中选价\n\n(元)" → "中选价",
 * "*机构名称" → "机构名称": full-width → half-width, whitespace and units in brackets dropped.
 */
export function normalizeHeader(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s\u00a0]+/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, '')
    .replace(/^[*#※]+|[*#※:：]+$/g, '')
    .toLowerCase();
}

/** Which field of `kind` this header names, or null. */
export function matchHeader(kind: FileKind, text: string): ColumnSpec | null {
  const n = normalizeHeader(text);
  if (!n) return null;
  for (const spec of COLUMNS[kind]) if (spec.aliases.includes(n)) return spec;
  return null;
}

/** 0 → "A", 26 → "AA" */
export function columnLetter(index: number): string {
  let s = '';
  let i = index + 1;
  while (i > 0) {
    const r = (i - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    i = Math.floor((i - 1) / 26);
  }
  return s;
}
