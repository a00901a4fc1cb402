import type { DrugLookupResponse } from '@yaojia/shared';
import { routes } from './routes';

/**
 * Where a looked-up code leads: one product → that product's nearby prices; several (one 药品标识码 may
 * name several packs, or a 本位码 several makers) → the results for their 通用名.
 */
export function lookupDestination(r: DrugLookupResponse): string {
  // a brand (its 挂网 code or 商品名) or another name: the results for that name show the brand card or what the name is
  if (r.brand) return routes.results(r.brand.name);
  if (r.alias) return routes.results(r.alias.name);
  const [only, ...more] = r.products;
  if (only && more.length === 0) return routes.offers({ code: only.code, title: `${only.name} ${only.spec}` });
  const genericName = r.groups[0]?.genericName ?? only?.genericName ?? '';
  return routes.results(genericName);
}

/** Pack codes are digits; a typed one may carry spaces or full-width digits, which the server accepts. */
export const CODE_INPUT_HINT = '药盒侧面或底部条形码下的数字：20 位追溯码、13 位条形码（69 开头）或 14 位本位码（86 开头）';
