import type { BrandInfo, DrugGroup } from '@yaojia/shared';

/** "1 片", "0.5 片": a daily dose in the pack's smallest unit */
export function dailyDoseText(brand: Pick<BrandInfo, 'dailyUnits' | 'unit'>): string | null {
  if (brand.dailyUnits === null) return null;
  return `${Number(brand.dailyUnits.toFixed(2))} ${brand.unit || '单位'}`;
}

/** "换用集采药品，按每日 1 片计，每月约省 ¥12.30" (issue 15 §2), or null when there is no saving to state */
export function savingText(brand: Pick<BrandInfo, 'dailyUnits' | 'unit'>, monthlySaving: string | null | undefined): string | null {
  if (!monthlySaving) return null;
  const dose = dailyDoseText(brand);
  return dose ? `换用集采药品，按每日 ${dose}计，每月约省 ¥${monthlySaving}` : `换用集采药品，每月约省 ¥${monthlySaving}`;
}

/** The 集采 product of the group that saves the most against the brand (the headline of the card). */
export function bestSaving(group: Pick<DrugGroup, 'products'>): { code: string; saving: string } | null {
  let best: { code: string; saving: string } | null = null;
  for (const p of group.products) {
    if (!p.monthlySaving) continue;
    if (!best || Number(p.monthlySaving) > Number(best.saving)) best = { code: p.code, saving: p.monthlySaving };
  }
  return best;
}

const ASCII = /^[\x00-\x7f]+$/;

/**
 * What a searched name is, above a group it found that has no brand card: the server says (group.alias,
 * from the region's 药品别名 table) when the name is a 商品名 or 别名 of the molecule; another non-Chinese-
 * pinyin word that is neither the 通用名 nor a 中选 商品名 gets a plain caution. null when nothing needs saying.
 */
export function brandNotice(q: string, group: Pick<DrugGroup, 'genericName' | 'brandNames' | 'alias'>): string | null {
  const t = q.trim();
  if (!t || ASCII.test(t)) return null;
  if (group.genericName.includes(t) || t.includes(group.genericName.replace(/片|胶囊|注射液$/, ''))) return null;
  if (group.brandNames.some((b) => b === t || b.includes(t))) return null;
  const a = group.alias;
  if (a?.kind === 'original') return `${a.name}是原研药${a.maker ? `（${a.maker}）` : ''}，不是集采中选药品；以下是同成分（${a.ingredient}）的集采药品`;
  if (a?.kind === 'brand') return `${a.name}是${a.maker ? `${a.maker}的` : ''}商品名，不是以下集采中选药品；以下是同成分（${a.ingredient}）的集采药品`;
  if (a?.kind === 'alias') return `${a.name}是${a.ingredient}的别名（俗名或曾用名）；以下是该成分的集采药品`;
  return `“${t}”不是以下集采药品的名称；它若是别的厂家的商品名，就不在本次集采中选。以下是同成分的集采药品`;
}
