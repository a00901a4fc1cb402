import { Type, type Static } from '@sinclair/typebox';
import { BADGE_KINDS, BADGE_LABELS, INSTITUTION_TYPES, INSTITUTION_TYPE_LABELS } from '../domain/constants.js';
import { BoundedInteger, IsoDateTime, RegionSlug } from './common.js';

const TYPE_NAMES = INSTITUTION_TYPES.map((t) => `${t} ${INSTITUTION_TYPE_LABELS[t]}`).join('，');
const BADGE_NAMES = BADGE_KINDS.map((b) => `${b} ${BADGE_LABELS[b]}`).join('，');

export const OPEN_DATASET_KINDS = ['catalog', 'institutions', 'prices'] as const;
export type OpenDatasetKind = (typeof OPEN_DATASET_KINDS)[number];
export const OPEN_DATASET_FORMATS = ['csv', 'jsonl'] as const;
export type OpenDatasetFormat = (typeof OPEN_DATASET_FORMATS)[number];

/** Licence of the open datasets and of the API's answers (docs/API.md says why). */
export const OPEN_DATA_LICENCE = { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' } as const;

export interface OpenDataColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date-time' | 'yuan';
  /** plain Chinese: what the column means */
  description: string;
  nullable?: true;
}

/**
 * The data dictionary: every column of every open dataset, in file order (CSV header = `name`; a JSON
 * Lines row has the same keys). Money is given twice: integer 分 (exact, for computing) and a 元 string
 * with two decimals (for reading).
 */
export const OPEN_DATA_DICTIONARY: Record<OpenDatasetKind, readonly OpenDataColumn[]> = {
  catalog: [
    { name: 'region', type: 'string', description: '地区代码（如 shanxi）' },
    { name: 'product_code', type: 'string', description: '药品统一编码（国家医保药品编码）' },
    { name: 'generic_name', type: 'string', description: '通用名' },
    { name: 'product_name', type: 'string', description: '产品名称（目录原文）' },
    { name: 'brand_name', type: 'string', description: '商品名', nullable: true },
    { name: 'dosage_form', type: 'string', description: '剂型' },
    { name: 'spec', type: 'string', description: '规格' },
    { name: 'conversion_ratio', type: 'integer', description: '转换比：每个包装含多少最小使用单位' },
    { name: 'min_unit', type: 'string', description: '最小使用单位（片、粒、支…）' },
    { name: 'pack_unit', type: 'string', description: '包装单位（盒、瓶…）' },
    { name: 'maker', type: 'string', description: '生产企业' },
    { name: 'bidder', type: 'string', description: '中选企业（申报企业）', nullable: true },
    { name: 'approval_no', type: 'string', description: '批准文号', nullable: true },
    { name: 'winning_price_fen', type: 'integer', description: '中选价，每包装，单位：分' },
    { name: 'winning_price_yuan', type: 'yuan', description: '中选价，每包装，单位：元（两位小数）' },
    { name: 'recommended', type: 'boolean', description: '是否列入“三进”推荐配备品种' },
    { name: 'special', type: 'boolean', description: '是否特药' },
    { name: 'listed_at', type: 'date-time', description: '进入目录的时间（UTC）' },
  ],
  institutions: [
    { name: 'region', type: 'string', description: '地区代码' },
    { name: 'institution_code', type: 'string', description: '机构医保编码' },
    { name: 'name', type: 'string', description: '机构名称' },
    { name: 'type', type: 'string', description: `机构类型：${TYPE_NAMES}` },
    { name: 'address', type: 'string', description: '地址' },
    { name: 'city', type: 'string', description: '市', nullable: true },
    { name: 'district', type: 'string', description: '区县', nullable: true },
    { name: 'lat', type: 'number', description: '机构位置纬度（GCJ-02，机构公开的营业地址）' },
    { name: 'lng', type: 'number', description: '机构位置经度（GCJ-02）' },
    { name: 'phone', type: 'string', description: '机构对外电话', nullable: true },
    { name: 'hours', type: 'string', description: '营业时间', nullable: true },
    { name: 'special_designated', type: 'boolean', description: '是否特药定点' },
    { name: 'commitment', type: 'string', description: '承诺书：at_winning_price 按中选价销售，markup_15 加价不超过 15%', nullable: true },
    { name: 'badges', type: 'string', description: `有效的便民标识，多个用 | 分隔：${BADGE_NAMES}` },
    { name: 'listed_at', type: 'date-time', description: '进入名单的时间（UTC）' },
  ],
  prices: [
    { name: 'region', type: 'string', description: '地区代码' },
    { name: 'institution_code', type: 'string', description: '机构医保编码（对应 institutions 数据集）' },
    { name: 'institution_name', type: 'string', description: '机构名称' },
    { name: 'product_code', type: 'string', description: '药品统一编码（对应 catalog 数据集）' },
    { name: 'generic_name', type: 'string', description: '通用名' },
    { name: 'spec', type: 'string', description: '规格' },
    { name: 'conversion_ratio', type: 'integer', description: '转换比' },
    { name: 'selling_price_fen', type: 'integer', description: '销售价（到店），每包装，单位：分' },
    { name: 'selling_price_yuan', type: 'yuan', description: '销售价（到店），每包装，单位：元' },
    { name: 'online_price_fen', type: 'integer', description: '网售价，每包装，单位：分；未网售为空', nullable: true },
    { name: 'online_price_yuan', type: 'yuan', description: '网售价，每包装，单位：元', nullable: true },
    { name: 'winning_price_fen', type: 'integer', description: '该药品的中选价，每包装，单位：分' },
    { name: 'winning_price_yuan', type: 'yuan', description: '该药品的中选价，每包装，单位：元' },
    { name: 'markup_ratio', type: 'number', description: '加价率 = 销售价 ÷ 中选价 − 1（0.15 即加价 15%）' },
    { name: 'stock_state', type: 'string', description: '库存状态：in_stock 有货，low 少量，out_of_stock 缺货，unknown 未知' },
    { name: 'observed_at', type: 'date-time', description: '价格的更新时间（机构报送的时间，UTC）' },
    { name: 'recorded_at', type: 'date-time', description: '本平台记录这个价格的时间（UTC）' },
    { name: 'source', type: 'string', description: '价格来源：bureau 医保部门发布的价格文件，institution 机构自行更新' },
  ],
};

export const OpenDataset = Type.Object({
  region: Type.String({ description: '地区代码' }),
  kind: Type.Unsafe<OpenDatasetKind>({ type: 'string', enum: [...OPEN_DATASET_KINDS], description: 'catalog 目录 | institutions 机构 | prices 价格' }),
  format: Type.Unsafe<OpenDatasetFormat>({ type: 'string', enum: [...OPEN_DATASET_FORMATS], description: 'csv（UTF-8 带 BOM，gzip）| jsonl（JSON Lines，gzip）' }),
  version: Type.Integer({ description: '该地区数据集的版本号，每次发布加一' }),
  publishedAt: IsoDateTime,
  rows: Type.Integer({ description: '数据行数（CSV 不含表头）' }),
  bytes: Type.Integer({ description: '文件大小（压缩后）' }),
  sha256: Type.String({ description: '下载文件（.gz）的 SHA-256' }),
  url: Type.String({ description: '下载地址（相对于本 API）' }),
});
export type OpenDataset = Static<typeof OpenDataset>;

export const OpenDatasetsQuery = Type.Object({
  region: Type.Optional(RegionSlug),
  kind: Type.Optional(Type.Unsafe<OpenDatasetKind>({ type: 'string', enum: [...OPEN_DATASET_KINDS] })),
  /** true: every kept version; default: the latest only */
  all: Type.Optional(Type.Boolean({ description: 'true：列出保留的全部历史版本；默认只列最新版本' })),
});
export type OpenDatasetsQuery = Static<typeof OpenDatasetsQuery>;

export const OpenDataColumnSchema = Type.Object({
  name: Type.String(),
  type: Type.String(),
  description: Type.String(),
  nullable: Type.Optional(Type.Boolean()),
});

export const OpenDatasetsResponse = Type.Object({
  items: Type.Array(OpenDataset),
  licence: Type.Object({ name: Type.String(), url: Type.String() }),
  dictionary: Type.Record(Type.String(), Type.Array(OpenDataColumnSchema), { description: '数据字典：每个数据集的列及含义' }),
});
export type OpenDatasetsResponse = Static<typeof OpenDatasetsResponse>;

export const OpenDatasetFileParams = Type.Object({
  region: RegionSlug,
  version: BoundedInteger(1, 2_147_483_647),
  file: Type.String({ pattern: '^(catalog|institutions|prices)\\.(csv|jsonl)\\.gz$' }),
});
export type OpenDatasetFileParams = Static<typeof OpenDatasetFileParams>;
