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
