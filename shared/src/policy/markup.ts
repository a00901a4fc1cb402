import type { Commitment, InstitutionType, MarkupStatus } from '../domain/constants.js';
import { isPrivateMedical, isPublicPrimary } from '../domain/constants.js';
import type { Fen } from '../domain/money.js';
import type { RegionPolicy } from './regions.js';

export interface MarkupRule {
  /** stable id, e.g. "public_zero_markup" */
  id: string;
  /** plain Chinese, shown to citizens */
  name: string;
  /** the seed the rule is quoted from */
  seed: string;
  /**
   * the 量价比较指数 verdict the rule used (江西 / 宁夏 markups only): met 达标, not_met 未达标, unknown 未评定;
   * absent when the rule does not depend on it
   */
  priceIndex?: PriceIndexUse;
}

export type PriceIndexUse = 'met' | 'not_met' | 'unknown';

/** 001 七 / 002: only a pharmacy whose price level is not above the 量价比较指数 may add a markup */
function indexNotMet(policy: RegionPolicy): MarkupRule {
  return { id: 'retail_index_not_met', name: '量价比较指数未达标，不可加价，不高于中选价', seed: policy.seed, priceIndex: 'not_met' };
}

export interface MarkupVerdict {
  /** sellingPrice / winningPrice − 1, rounded to 4 decimals (0.15 = 15 % above) */
  ratio: number;
  status: MarkupStatus;
  /** the highest price this institution may charge under the rule, in fen */
  capFen: Fen;
  rule: MarkupRule;
}

export interface MarkupContext {
  policy: RegionPolicy;
  institutionType: InstitutionType;
  commitment?: Commitment | null;
  /** 宁夏: the city of the institution, to look up the city's markup */
  city?: string | null;
  /** 沈阳: upper bound of the city's concentrated price range for this product, if it could be computed */
  concentratedRangeUpperFen?: Fen | null;
  /**
   * 江西/宁夏: is the pharmacy's 总体价格水平 not above the region's 量价比较指数? The bureau computes the
   * index; null/undefined = not known to us, in which case the commitment the bureau accepted stands
   * (the bureau checked the index when it signed the 承诺书). false withdraws the markup.
   */
  priceLevelWithinIndex?: boolean | null;
}

/** The price cap and the rule it comes from, for one institution and one product. */
export function priceCap(winningFen: Fen, ctx: MarkupContext): { capFen: Fen; rule: MarkupRule } {
  const { policy, institutionType } = ctx;
  if (isPublicPrimary(institutionType)) {
    // 002: 公立医疗机构应严格落实药品“零差率”政策，按中选价销售中选药品。
    // 003: 公立基层医疗机构严格执行药品“零”差价政策，按集采中选价格销售中选药品
    return { capFen: winningFen, rule: { id: 'public_zero_markup', name: '公立基层医疗机构零差率，按中选价销售', seed: policy.seed } };
  }
  if (isPrivateMedical(institutionType)) {
    // 001 七 / 002: 定点民营医疗机构销售中选药品价格不得高于中选价格
    return { capFen: winningFen, rule: { id: 'private_at_most_winning', name: '民营医疗机构不得高于中选价', seed: policy.seed } };
  }
  const r = policy.retail;
  const verdict = ctx.priceLevelWithinIndex ?? null;
  switch (r.kind) {
    case 'committed_markup':
      // 001 七: 总体价格水平不高于统筹区定点药店医保药品量价比较指数的药店，可按集采中选价格顺加不超15%销售
      // 001 附件1: □按照中选价销售 □按不高于中选价加价15%销售 — only the second box allows the markup
      if (ctx.commitment !== 'markup_15') break;
      if (verdict === false) return { capFen: winningFen, rule: indexNotMet(policy) };
      // 未评定: the commitment the bureau accepted stands (it checked the index when it signed the 承诺书)
      return {
        capFen: Math.floor((winningFen * (100 + r.maxMarkupPct)) / 100),
        rule: {
          id: 'retail_markup_15',
          name: verdict ? `按量价比较指数达标计，可加价${r.maxMarkupPct}%` : `量价比较指数未评定，暂按承诺可加价${r.maxMarkupPct}%`,
          seed: policy.seed,
          priceIndex: verdict === true ? 'met' : 'unknown',
        },
      };
    case 'city_markup': {
      // 002: 总体价格水平不高于我区定点药店量价比较指数的药店，也可适当加价，具体由各市结合医保基金等因素确定
      const pct = (ctx.city ? r.byCity[ctx.city] : undefined) ?? r.defaultPct;
      if (pct <= 0) break;
      if (verdict === false) return { capFen: winningFen, rule: indexNotMet(policy) };
      const city = ctx.city ?? '本市';
      return {
        capFen: Math.floor((winningFen * (100 + pct)) / 100),
        rule: {
          id: 'retail_city_markup',
          name: verdict ? `按量价比较指数达标计，${city}规定可加价${pct}%` : `量价比较指数未评定，暂按${city}规定可加价${pct}%`,
          seed: policy.seed,
          priceIndex: verdict === true ? 'met' : 'unknown',
        },
      };
    }
    case 'concentrated_range':
      if (ctx.concentratedRangeUpperFen != null && ctx.concentratedRangeUpperFen > winningFen) {
        return {
          capFen: ctx.concentratedRangeUpperFen,
          rule: { id: 'retail_concentrated_range', name: '适当加价，不明显高于本市药店相对集中的价格区间', seed: policy.seed },
        };
      }
      break;
    case 'at_most_winning':
      break;
  }
  // 001 七: 鼓励医保定点零售药店按不高于中选价格销售中选药品
  return { capFen: winningFen, rule: { id: 'retail_at_most_winning', name: '零售药店不高于中选价销售', seed: policy.seed } };
}

/** equal / below / within_rule / above_rule, judged by the region's rule for the institution type. */
export function judgeMarkup(sellingFen: Fen, winningFen: Fen, ctx: MarkupContext): MarkupVerdict {
  const { capFen, rule } = priceCap(winningFen, ctx);
  const ratio = winningFen > 0 ? Math.round(((sellingFen - winningFen) / winningFen) * 10000) / 10000 : 0;
  let status: MarkupStatus;
  if (sellingFen === winningFen) status = 'equal';
  else if (sellingFen < winningFen) status = 'below';
  else if (sellingFen <= capFen) status = 'within_rule';
  else status = 'above_rule';
  return { ratio, status, capFen, rule };
}

export const MARKUP_STATUS_LABELS: Record<MarkupStatus, string> = {
  equal: '等于中选价',
  below: '低于中选价',
  within_rule: '加价在规定内',
  above_rule: '高于规定价格',
};
