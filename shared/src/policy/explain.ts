import type { InstitutionType } from '../domain/constants.js';
import type { RegionPolicy } from './regions.js';

/** The region's 三进 rules in plain Chinese, for the About page and the API. */
export function explainRules(p: RegionPolicy): string[] {
  const rules = [
    '公立基层医疗机构（乡镇卫生院、社区卫生服务站、村卫生室）执行“零差率”，按中选价销售。',
    '民营医疗机构销售集采药品的价格不得高于中选价。',
  ];
  switch (p.retail.kind) {
    case 'at_most_winning':
      rules.push('参加“三进”的零售药店按不高于中选价销售集采药品。');
      break;
    case 'committed_markup':
      rules.push(
        `零售药店原则上不高于中选价销售；总体价格水平不高于量价比较指数、且承诺“按不高于中选价加价${p.retail.maxMarkupPct}%销售”的药店，最高可按中选价加价${p.retail.maxMarkupPct}%销售。`,
      );
      break;
    case 'city_markup':
      rules.push('零售药店原则上不高于中选价销售；总体价格水平不高于量价比较指数的药店可适当加价，加价幅度由各市确定。');
      break;
    case 'concentrated_range':
      rules.push('零售药店原则上不高于中选价销售，可适当加价，但不得明显高于本市定点零售药店相对集中的价格区间。');
      break;
  }
  if (p.onlineMustEqualOffline) rules.push('线上平台销售集采药品须标明“集采药品”，线上价格应与线下价格一致。');
  rules.push('集采药品配备：零售药店不少于50种，民营综合型三级医疗机构不少于80种，其他民营医疗机构不少于50种（按通用名计）。');
  if (p.recommendedShareMin != null) rules.push(`其中推荐配备品种占比不低于${Math.round(p.recommendedShareMin * 100)}%。`);
  if (p.specialDrugsDesignatedOnly) rules.push('具有特药管理属性的集采药品，仅限具有特药定点资格的机构销售。');
  rules.push(`“五统一”：统一标识、统一专区（柜）、统一双标签公示价格、统一价格承诺、统一公布投诉电话（${p.hotline}）。`);
  return rules;
}

/**
 * The rules that apply to one kind of institution, for its own dashboard: a 村卫生室 is not told the retail
 * markup, a pharmacy is not told 零差率. Same wording as explainRules (seed 000 / 001: 基层 零差率, 民营
 * 不高于中选价, 零售药店 by the region's rule; stocking ≥ 50 / ≥ 80 by kind; 五统一 for every 三进单位).
 */
export function explainRulesFor(p: RegionPolicy, type: InstitutionType): string[] {
  const all = explainRules(p);
  const retail = type === 'retail_chain' || type === 'retail_single';
  const publicBase = type === 'township_health_center' || type === 'community_health_station' || type === 'village_clinic';
  const out: string[] = [];
  for (const rule of all) {
    if (rule.startsWith('公立基层')) {
      if (publicBase) out.push(rule);
    } else if (rule.startsWith('民营医疗机构')) {
      if (!retail && !publicBase) out.push(rule);
    } else if (rule.includes('零售药店') && !rule.startsWith('集采药品配备')) {
      if (retail) out.push(rule);
    } else if (rule.startsWith('线上平台')) {
      if (retail) out.push(rule);
    } else if (rule.startsWith('集采药品配备')) {
      if (retail) out.push('集采药品配备：零售药店不少于50种（按通用名计）。');
      else if (type === 'private_tertiary') out.push('集采药品配备：民营综合型三级医疗机构不少于80种（按通用名计）。');
      else if (!publicBase) out.push('集采药品配备：民营医疗机构不少于50种（按通用名计）。');
    } else if (rule.startsWith('其中推荐配备')) {
      if (!publicBase) out.push(rule);
    } else out.push(rule);
  }
  return out;
}
