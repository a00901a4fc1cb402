import { Type, type Static } from '@sinclair/typebox';
import { INSTITUTION_TYPES } from '../domain/constants.js';
import { RegionSlug, Yuan, literals } from './common.js';

/**
 * 宁夏 附件3 集采药品“三进”相关数据统计表: columns 定点药店, 民营医疗机构, 村卫生室, 社区卫生站, 汇总.
 * 乡镇卫生院 is not a column of 附件3 (seed 002 一(二)1: 村卫生室 and 社区卫生服务站 buy through their
 * 乡镇卫生院 / 社区卫生服务中心), so it gets its own column, included in 汇总.
 */
export const STATS_GROUPS = ['designated_pharmacy', 'private_medical', 'village_clinic', 'community_health_station', 'township_health_center'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];
export const STATS_GROUP_LABELS: Record<StatsGroup, string> = {
  designated_pharmacy: '定点药店',
  private_medical: '民营医疗机构',
  village_clinic: '村卫生室',
  community_health_station: '社区卫生站',
  township_health_center: '乡镇卫生院',
};

export const StatsPeriod = Type.String({ pattern: '^\\d{4}Q[1-4]$', description: '季度, e.g. 2026Q3', examples: ['2026Q3'] });

export const StatsQuery = Type.Object({ region: RegionSlug, period: StatsPeriod }, { additionalProperties: false });
export type StatsQuery = Static<typeof StatsQuery>;

const NewCumulative = <T extends ReturnType<typeof Type.Integer> | typeof Yuan>(t: T) => Type.Object({ new: t, cumulative: t });

export const StatsColumn = Type.Object({
  group: Type.Union([literals(STATS_GROUPS), Type.Literal('total')]),
  label: Type.String(),
  /** institution types counted in this column */
  types: Type.Array(literals(INSTITUTION_TYPES)),
  /** 参加集采药品医药机构数量 */
  institutions: NewCumulative(Type.Integer({ minimum: 0 })),
  /** 采购集采药品品种数量, counted by 通用名 */
  varieties: NewCumulative(Type.Integer({ minimum: 0 })),
  /** 采购集采药品金额 (estimated, see notes) */
  purchaseAmount: NewCumulative(Yuan),
});
export type StatsColumn = Static<typeof StatsColumn>;

export const CoveragePoint = Type.Object({
  period: Type.String(),
  end: Type.String({ format: 'date' }),
  joined: Type.Integer({ minimum: 0 }),
  designated: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  /** joined / designated, 0..1; null when the denominator is unknown */
  share: Type.Union([Type.Number(), Type.Null()]),
});
export type CoveragePoint = Static<typeof CoveragePoint>;

export const CoverageTarget = Type.Object({
  by: Type.String({ format: 'date' }),
  share: Type.Number(),
  source: Type.String(),
  /** share at the period end ≥ target; null when the share is unknown */
  met: Type.Union([Type.Boolean(), Type.Null()]),
});

export const Coverage = Type.Object({
  joined: Type.Integer({ minimum: 0 }),
  designated: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  share: Type.Union([Type.Number(), Type.Null()]),
  /** where the denominator comes from */
  denominator: Type.Union([Type.Literal('bureau'), Type.Null()]),
  designatedAsOf: Type.Union([Type.String(), Type.Null()]),
  targets: Type.Array(CoverageTarget),
  series: Type.Array(CoveragePoint),
});
export type Coverage = Static<typeof Coverage>;

export const StatsResponse = Type.Object({
  region: RegionSlug,
  regionName: Type.String(),
  period: StatsPeriod,
  start: Type.String({ format: 'date' }),
  /** exclusive */
  end: Type.String({ format: 'date' }),
  columns: Type.Array(StatsColumn),
  coverage: Coverage,
  /** how each figure is computed; shown as the table's footnote */
  notes: Type.Array(Type.String()),
});
export type StatsResponse = Static<typeof StatsResponse>;
